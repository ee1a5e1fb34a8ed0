// Plain-text lists: one URL or host a line; blank lines and `#` comments are skipped.
import type { Target } from '../../contract/run.ts';
import { InputError, normaliseInput } from '../input.ts';

export class ListError extends Error {}

/**
 * The most entries one list may hold. A workshop list is tens to hundreds of sites (the bundled
 * default is 187, Citizen Lab's global list about 1,500); a million lines is a mistake or an attack
 * and would take gigabytes as targets.
 */
export const MAX_LIST_ENTRIES = 10_000;
/** The largest list file read at all (checked before reading, so a huge file is never loaded). */
export const MAX_LIST_BYTES = 8 * 1024 * 1024;

export function tooManyEntries(origin: string): ListError {
  return new ListError(`${origin}: the list has more than ${MAX_LIST_ENTRIES} entries; split it into smaller lists`);
}

/** Lines one at a time with their numbers, without splitting the whole text into an array. */
function* lines(text: string): Generator<[string, number]> {
  let start = 0;
  for (let number = 1; start <= text.length; number += 1) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    yield [text.slice(start, stop).replace(/\r$/, ''), number];
    if (end === -1) return;
    start = end + 1;
  }
}

/** Every line must be valid: one bad line rejects the whole list (nothing half-imported). */
export function parsePlainTextList(text: string, origin: string, set = 'custom'): Target[] {
  const targets: Target[] = [];
  const seen = new Set<string>();
  let entries = 0;
  for (const [line, number] of lines(text)) {
    const entry = line.replace(/#.*$/, '').trim();
    if (!entry) continue;
    if (++entries > MAX_LIST_ENTRIES) throw tooManyEntries(origin);
    try {
      const { input, host } = normaliseInput(entry);
      if (seen.has(input)) continue;
      seen.add(input);
      targets.push({ input, host, kind: 'web', set, source: origin });
    } catch (err) {
      if (err instanceof InputError) throw new ListError(`${origin}:${number}: ${err.message}`);
      throw err;
    }
  }
  if (targets.length === 0) throw new ListError(`${origin}: the list names no URL or host`);
  return targets;
}
