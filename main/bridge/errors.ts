// Errors as values (main/contract/bridge.ts BridgeError): what went wrong, in a closed word the
// renderer translates, and one line of detail for the technical view. Nothing thrown in the
// service reaches the renderer; it becomes one of these.
import type { BridgeError, BridgeResult } from '../contract/bridge.ts';
import { ScenarioError } from '../lab/load.ts';
import { ListError } from '../targets/import/index.ts';
import { UnknownSetError } from '../targets/sets.ts';
import { RunFileError } from '../report/run-json.ts';
import { ImportError } from '../report/ooni-import.ts';

export type BridgeErrorCode = BridgeError['code'];

/** Thrown inside the bridge when the code is known; becomes exactly that error value. */
export class BridgeFailure extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

const MAX_DETAIL = 2000;

/** One line, bounded: a person may paste it into a bug report, the schema caps it. */
export function oneLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL - 1)}…` : line;
}

export const failure = (code: BridgeErrorCode, detail = ''): { ok: false; error: BridgeError } => ({
  ok: false,
  error: { code, detail: oneLine(detail) },
});

export const success = <T>(value: T): BridgeResult<T> => ({ ok: true, value });

/**
 * The error value for something thrown. Files a person opened that are not what they claim are
 * `bad-file`; an unknown set name is a `bad-request`; anything else is `fallback` (`io` for
 * storage, `runner-crashed` for runs).
 */
export function errorValue(err: unknown, fallback: BridgeErrorCode = 'io'): BridgeError {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof BridgeFailure) return { code: err.code, detail: oneLine(message) };
  if (err instanceof ScenarioError || err instanceof ListError || err instanceof RunFileError || err instanceof ImportError) {
    return { code: 'bad-file', detail: oneLine(message) };
  }
  if (err instanceof UnknownSetError) return { code: 'bad-request', detail: oneLine(message) };
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return { code: fallback, detail: oneLine(code && !message.includes(code) ? `${code}: ${message}` : message) };
}
