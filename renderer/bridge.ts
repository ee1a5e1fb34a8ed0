// The renderer's only way to the engine: `window.yoxla` (main/contract/bridge.ts), set by the
// Electron preload or the test harness. Every answer is checked against the channel's schema
// here too, so a screen only ever sees a value of the promised shape or an error value.
import {
  BuildInfoSchema,
  CHANNELS,
  FileOpenedEventSchema,
  ProgressEventSchema,
  type BridgeError,
  type BridgeResult,
  type BuildInfo,
  type ChannelName,
  type ChannelRequest,
  type ChannelResponse,
  type FileOpenedEvent,
  type ProgressEvent,
  type YoxlaBridge,
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

/** What made this build, when the host says (the desktop app does); null otherwise or when malformed. */
export function buildInfo(): BuildInfo | null {
  const parsed = BuildInfoSchema.safeParse(window.yoxla?.build);
  return parsed.success ? parsed.data : null;
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
  if (!answer.ok) return answer;
  const parsed = CHANNELS[channel].response.safeParse(answer.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: { code: 'unavailable', detail: `${channel}: unexpected answer at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}` } };
  }
  return { ok: true, value: parsed.data as ChannelResponse<C> };
}

/** Listens to progress of every run; events that do not match the contract are reported, not used. */
export function onProgress(listener: (event: ProgressEvent) => void): () => void {
  const bridge = window.yoxla;
  if (!bridge) return () => undefined;
  return bridge.onProgress((event) => {
    const parsed = ProgressEventSchema.safeParse(event);
    if (parsed.success) listener(parsed.data);
    else console.error('yoxla: progress event outside the contract', parsed.error.issues[0]);
  });
}

/** Files opened from the desktop app's menu or dropped on its window (nothing outside the app). */
export function onFileOpened(listener: (event: FileOpenedEvent) => void): () => void {
  const subscribe = window.yoxla?.onFileOpened;
  if (!subscribe) return () => undefined;
  return subscribe((event) => {
    const parsed = FileOpenedEventSchema.safeParse(event);
    if (parsed.success) listener(parsed.data);
    else console.error('yoxla: file event outside the contract', parsed.error.issues[0]);
  });
}
