// The preload: the renderer's `window.yoxla` (YoxlaBridge of main/contract/bridge.ts), and nothing
// more. It runs sandboxed, so it imports nothing at run time but Electron's renderer modules; every
// payload is validated in main (main/app/ipc.ts), not here. Built to dist/app/preload.cjs.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeResult, BuildInfo, FileOpenedEvent, ProgressEvent, YoxlaBridge } from '../contract/bridge.ts';

// The same names as PROGRESS_CHANNEL and FILE_OPENED_CHANNEL (main/contract); a test
// keeps them equal.
const PROGRESS = 'run:progress';
const FILE_OPENED = 'file:opened';
const LANGUAGES_ARGUMENT = '--yoxla-system-languages=';
const BUILD_ARGUMENT = '--yoxla-build=';

function listen<T>(channel: string, listener: (value: T) => void): () => void {
  const relay = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(channel, relay);
  return () => {
    ipcRenderer.removeListener(channel, relay);
  };
}

// Files the person opened before the page subscribed (a double-clicked report at start, delivered
// by main once the page has loaded, which can be before React's effect subscribes) wait here for
// the first listener. Delivered a microtask after subscribing, to whoever is subscribed then (React
// in development subscribes, unsubscribes and subscribes again at once).
const MAX_PENDING_FILES = 50;
const pendingFiles: FileOpenedEvent[] = [];
const fileListeners = new Set<(event: FileOpenedEvent) => void>();
const deliverPendingFiles = () => {
  if (fileListeners.size === 0) return;
  for (const event of pendingFiles.splice(0)) for (const listener of [...fileListeners]) listener(event);
};
ipcRenderer.on(FILE_OPENED, (_event: IpcRendererEvent, value: FileOpenedEvent) => {
  if (fileListeners.size === 0) {
    if (pendingFiles.length < MAX_PENDING_FILES) pendingFiles.push(value);
    return;
  }
  for (const listener of [...fileListeners]) listener(value);
});
function onFileOpened(listener: (event: FileOpenedEvent) => void): () => void {
  // A function of the page, called through the context bridge: keep our own reference to remove it.
  const relay = (event: FileOpenedEvent) => listener(event);
  fileListeners.add(relay);
  if (pendingFiles.length > 0) void Promise.resolve().then(deliverPendingFiles);
  return () => {
    fileListeners.delete(relay);
  };
}

const fromMain = process.argv.find((arg) => arg.startsWith(LANGUAGES_ARGUMENT))?.slice(LANGUAGES_ARGUMENT.length);
const systemLanguages = Object.freeze(fromMain ? fromMain.split(',').filter(Boolean) : [...navigator.languages]);

/** Main checked it against the contract (window.ts); the renderer checks it again before use. */
function buildFromArgv(): BuildInfo | undefined {
  const encoded = process.argv.find((arg) => arg.startsWith(BUILD_ARGUMENT))?.slice(BUILD_ARGUMENT.length);
  if (!encoded) return undefined;
  try {
    return JSON.parse(decodeURIComponent(encoded)) as BuildInfo;
  } catch {
    return undefined;
  }
}
const build = buildFromArgv();

const bridge: YoxlaBridge & { onFileOpened(listener: (event: FileOpenedEvent) => void): () => void } = {
  // Main answers every channel of the table with a value; a name outside it, or a payload that
  // cannot cross the process boundary, is the renderer's mistake, and comes back as a value too.
  invoke: (channel, request) =>
    ipcRenderer.invoke(channel, request).catch(
      (err: unknown): BridgeResult<never> => ({ ok: false, error: { code: 'bad-request', detail: `${String(channel).slice(0, 80)}: ${String((err as Error)?.message ?? err).slice(0, 500)}` } }),
    ),
  onProgress: (listener: (event: ProgressEvent) => void) => listen(PROGRESS, listener),
  onFileOpened,
  systemLanguages,
  ...(build ? { build } : {}),
};

contextBridge.exposeInMainWorld('yoxla', bridge);
