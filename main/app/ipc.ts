// The renderer's only way in: one ipcMain.handle per entry of the channel table (main/contract/
// bridge.ts), each checking who asks (our own window's top frame, on the app's origin) and what
// (the channel's zod schema) before the bridge service sees anything. Whatever goes wrong comes back
// as an error value and a log line; nothing is thrown into the renderer. Answers are checked
// against the table too, so the renderer only ever receives what the contract promises.
import {
  CHANNEL_NAMES,
  CHANNELS,
  PROGRESS_CHANNEL,
  ProgressEventSchema,
  parseRequest,
  type BridgeError,
  type BridgeResult,
  type ChannelName,
  type ProgressEvent,
} from '../contract/bridge.ts';
import type { BridgeService } from '../bridge/types.ts';
import type { IpcMain, IpcMainInvokeEvent, ShellLog, WebContents } from './electron-api.ts';
import { isAppUrl } from './origin.ts';

/** The parts of an invoke event the sender check reads. */
export type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: Pick<WebContents, 'id'> };

/**
 * Only the top frame of one of our windows, showing the app's own page, may call the bridge: not a
 * frame inside it, not a page it was navigated to, not another window.
 */
export function isTrustedSender(event: SenderEvent, trustedContentsIds: () => readonly number[]): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame === undefined) return false;
  if (frame.parent !== null) return false;
  if (!isAppUrl(frame.url)) return false;
  return trustedContentsIds().includes(event.sender.id);
}

const fail = (code: BridgeError['code'], detail: string): { ok: false; error: BridgeError } => ({ ok: false, error: { code, detail: detail.slice(0, 2000) } });

export interface IpcOptions {
  /** webContents ids of the app's own windows. */
  trustedContentsIds: () => readonly number[];
  log: ShellLog;
  /** Told about every successful answer (the shell follows settings, e.g. the menu's language). */
  onAnswer?: (channel: ChannelName, value: unknown) => void;
}

/** The checks of one call, separate from Electron so tests drive them directly. */
export async function handleInvoke(service: BridgeService, channel: ChannelName, event: SenderEvent, args: readonly unknown[], options: IpcOptions): Promise<BridgeResult<unknown>> {
  if (!isTrustedSender(event, options.trustedContentsIds)) {
    options.log(`ipc: refused ${channel} from ${event.senderFrame?.url?.slice(0, 200) ?? 'a frame that is gone'}`);
    return fail('bad-request', 'sender not allowed');
  }
  if (args.length > 1) {
    options.log(`ipc: rejected ${channel}: ${args.length} arguments`);
    return fail('bad-request', `${channel}: one payload expected`);
  }
  const request = parseRequest(channel, args[0]);
  if (!request.ok) {
    options.log(`ipc: rejected ${request.error.detail}`);
    return request;
  }
  let answer: BridgeResult<unknown>;
  try {
    answer = await service.invoke(channel, request.value);
  } catch (err) {
    // The service promises never to throw; if it does, the renderer still gets a value.
    options.log(`ipc: ${channel} threw: ${(err as Error)?.message ?? String(err)}`);
    return fail('unavailable', `${channel} failed`);
  }
  if (!answer || typeof answer !== 'object' || typeof answer.ok !== 'boolean') {
    options.log(`ipc: ${channel} answered without a result`);
    return fail('unavailable', `${channel} failed`);
  }
  if (!answer.ok) return answer;
  const checked = CHANNELS[channel].response.safeParse(answer.value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    options.log(`ipc: ${channel} answer does not match the contract at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
    return fail('unavailable', `${channel}: invalid answer`);
  }
  options.onAnswer?.(channel, checked.data);
  return { ok: true, value: checked.data };
}

/** Registers one handler per channel of the table; returns the function that removes them. */
export function registerBridgeIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, service: BridgeService, options: IpcOptions): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => handleInvoke(service, channel, event, args, options));
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}

/** Progress events of the service, checked against the contract, to every window of the app. */
export function forwardProgress(
  service: Pick<BridgeService, 'onProgress'>,
  targets: () => readonly Pick<WebContents, 'send' | 'isDestroyed'>[],
  log: ShellLog,
): () => void {
  return service.onProgress((event: ProgressEvent) => {
    const checked = ProgressEventSchema.safeParse(event);
    if (!checked.success) {
      log(`ipc: dropped a progress event that does not match the contract (${checked.error.issues[0]?.message ?? ''})`);
      return;
    }
    for (const contents of targets()) {
      if (!contents.isDestroyed()) contents.send(PROGRESS_CHANNEL, checked.data);
    }
  });
}
