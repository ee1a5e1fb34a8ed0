// The preload: the renderer's `window.yoxla` (YoxlaBridge of main/contract/bridge.ts), and nothing
// more. It runs sandboxed, so it imports nothing at run time but Electron's renderer modules; every
// payload is validated in main (main/app/ipc.ts), not here. Built to dist/app/preload.cjs.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeResult, FileOpenedEvent, ProgressEvent, YoxlaBridge } from '../contract/bridge.ts';

// The same names as PROGRESS_CHANNEL and FILE_OPENED_CHANNEL (main/contract); a test
// keeps them equal.
const PROGRESS = 'run:progress';
const FILE_OPENED = 'file:opened';
const LANGUAGES_ARGUMENT = '--yoxla-system-languages=';

function listen<T>(channel: string, listener: (value: T) => void): () => void {
  const relay = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(channel, relay);
  return () => {
    ipcRenderer.removeListener(channel, relay);
  };
}

const fromMain = process.argv.find((arg) => arg.startsWith(LANGUAGES_ARGUMENT))?.slice(LANGUAGES_ARGUMENT.length);
const systemLanguages = Object.freeze(fromMain ? fromMain.split(',').filter(Boolean) : [...navigator.languages]);

const bridge: YoxlaBridge & { onFileOpened(listener: (event: FileOpenedEvent) => void): () => void } = {
  // Main answers every channel of the table with a value; a name outside it, or a payload that
  // cannot cross the process boundary, is the renderer's mistake, and comes back as a value too.
  invoke: (channel, request) =>
    ipcRenderer.invoke(channel, request).catch(
      (err: unknown): BridgeResult<never> => ({ ok: false, error: { code: 'bad-request', detail: `${String(channel).slice(0, 80)}: ${String((err as Error)?.message ?? err).slice(0, 500)}` } }),
    ),
  onProgress: (listener: (event: ProgressEvent) => void) => listen(PROGRESS, listener),
  onFileOpened: (listener) => listen(FILE_OPENED, listener),
  systemLanguages,
};

contextBridge.exposeInMainWorld('yoxla', bridge);
