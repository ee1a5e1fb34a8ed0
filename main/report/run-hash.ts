// The run file's fingerprint: reports name the SHA-256 of the file they came from, merges count
// a run sent twice once.
import { createHash } from 'node:crypto';
import { RunSchema, type Run } from '../contract/run.ts';
import { safeJson } from '../util/shown-text.ts';

/** The bytes writeRun puts on disk, so a report made right after a run names the file's hash. */
export function serializeRun(run: Run): string {
  return `${safeJson(RunSchema.parse(run), 2)}\n`;
}

export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
