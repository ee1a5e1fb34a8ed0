// The renderer's only way to the engine: `window.yoxla` (main/contract/bridge.ts), set by the
// Electron preload or the test harness. Main checks every request, answer and event against the
// contract's zod schemas before it reaches this page (main/app/ipc.ts, main/bridge/service.ts, the
// shell), so the page imports only the contract's types and carries no zod
// (test/unit/renderer-imports.test.ts); it still turns a broken bridge into an error value.
import type {
  BridgeError,
  BridgeResult,
  BuildInfo,
  ChannelName,
  ChannelRequest,
  ChannelResponse,
  FileOpenedEvent,
  ProgressEvent,
  YoxlaBridge,
} from '../main/contract/bridge.ts';

declare global {
  interface Window {
    yoxla?: YoxlaBridge;
  }
}

const missing: BridgeError = { code: 'unavailable', detail: 'window.yoxla is not set: the page runs outside the app' };

export function systemLanguages(): readonly string[] {
  return window.yoxla?.systemLanguages ?? navigator.languages;
}

const isShortText = (value: unknown): value is string => typeof value === 'string' && value.length <= 40;

/**
 * What made this build, when the host says (the desktop app does); null otherwise or when malformed.
 * Main checked it against BuildInfoSchema (main/app/window.ts); this guard only keeps a host that
 * says something else from breaking the Settings screen.
 */
export function buildInfo(): BuildInfo | null {
  const build: unknown = window.yoxla?.build;
  if (typeof build !== 'object' || build === null) return null;
  const { version, engine, targetLists, electron } = build as Record<string, unknown>;
  if (!isShortText(version) || !isShortText(engine) || (electron !== undefined && !isShortText(electron))) return null;
  if (typeof targetLists !== 'object' || targetLists === null || !Object.values(targetLists).every(isShortText)) return null;
  return { version, engine, targetLists: { ...(targetLists as Record<string, string>) }, ...(electron === undefined ? {} : { electron }) };
}

export async function call<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<BridgeResult<ChannelResponse<C>>> {
  const bridge = window.yoxla;
  if (!bridge) return { ok: false, error: missing };
  let answer: BridgeResult<ChannelResponse<C>>;
  try {
    answer = await bridge.invoke(channel, request);
  } catch (error) {
    // invoke promises never to throw; if it does, the bridge itself is broken.
    return { ok: false, error: { code: 'unavailable', detail: `${channel}: ${String(error).slice(0, 500)}` } };
  }
  if (typeof answer !== 'object' || answer === null || typeof answer.ok !== 'boolean') {
    return { ok: false, error: { code: 'unavailable', detail: `${channel}: the bridge answered without a result` } };
  }
  return answer;
}

/** Listens to progress of every run (main checked each event against the contract). */
export function onProgress(listener: (event: ProgressEvent) => void): () => void {
  const bridge = window.yoxla;
  if (!bridge) return () => undefined;
  return bridge.onProgress(listener);
}

/** Files opened from the desktop app's menu or dropped on its window (nothing outside the app; main checked each event). */
export function onFileOpened(listener: (event: FileOpenedEvent) => void): () => void {
  const subscribe = window.yoxla?.onFileOpened;
  if (!subscribe) return () => undefined;
  return subscribe(listener);
}
