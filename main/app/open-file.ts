// Opening a file a person chose in the File menu or dropped on the window: a participant's run JSON
// (history:import), a lab scenario (scenarios:validate, then the renderer can run its text), or an
// OONI measurement (ooni:explain). The file is read here, with a size limit, and goes through the
// same bridge service and the same validation as everything the renderer sends. The outcome goes to
// the renderer on FILE_OPENED_CHANNEL; only the file's name travels, never its folder.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { HistoryEntrySchema, ScenarioInfoSchema, type BridgeError, type ChannelName, type FileOpenedEvent } from '../contract/bridge.ts';
import type { BridgeService } from '../bridge/types.ts';

export { FILE_OPENED_CHANNEL, FileOpenedEventSchema, type FileOpenedEvent } from '../contract/bridge.ts';

/** As OpenTextRequestSchema allows. */
export const MAX_OPEN_BYTES = 50_000_000;

export type FileKind = 'scenario' | 'run' | 'ooni';

/** What a file is, read from its content (the CLI does the same; extensions lie). */
export function kindOfText(text: string): FileKind {
  const head = text.trimStart();
  if (!head.startsWith('{')) return 'run';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // One OONI measurement a line (JSONL) is not one JSON document.
    return /"test_name"\s*:/.test(head.slice(0, 20_000)) ? 'ooni' : 'run';
  }
  const record = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  if (record.schema === 'yoxla.lab/1') return 'scenario';
  if (typeof record.test_name === 'string' && 'test_keys' in record) return 'ooni';
  return 'run';
}

const CHANNEL_OF: Record<FileKind, ChannelName> = { scenario: 'scenarios:validate', run: 'history:import', ooni: 'ooni:explain' };

const failed = (name: string, code: BridgeError['code'], detail: string): FileOpenedEvent => ({ kind: 'failed', name, error: { code, detail: detail.slice(0, 2000) } });

/** Reads a file and hands it to the service; never throws. */
export async function openFile(path: string, service: Pick<BridgeService, 'invoke'>): Promise<FileOpenedEvent> {
  const name = basename(path).slice(0, 500);
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) return failed(name, 'bad-file', `${name}: not a file`);
    if (info.size > MAX_OPEN_BYTES) return failed(name, 'bad-file', `${name}: larger than ${MAX_OPEN_BYTES / 1_000_000} MB`);
    text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (err) {
    return failed(name, 'io', `${name}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return openText(name, text, service);
}

export async function openText(name: string, text: string, service: Pick<BridgeService, 'invoke'>): Promise<FileOpenedEvent> {
  const kind = kindOfText(text);
  const answer = await service.invoke(CHANNEL_OF[kind], { name, text });
  if (!answer.ok) return { kind: 'failed', name, error: answer.error };
  if (kind === 'scenario') {
    const info = ScenarioInfoSchema.safeParse(answer.value);
    return info.success ? { kind: 'scenario', name, text, info: info.data } : failed(name, 'unavailable', 'invalid answer');
  }
  const entry = HistoryEntrySchema.safeParse(answer.value);
  return entry.success ? { kind: 'history', name, entry: entry.data } : failed(name, 'unavailable', 'invalid answer');
}
