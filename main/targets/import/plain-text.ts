// Plain-text lists: one URL or host a line; blank lines and `#` comments are skipped.
import type { Target } from '../../contract/run.ts';
import { InputError, normaliseInput } from '../input.ts';

export class ListError extends Error {}

/** Every line must be valid: one bad line rejects the whole list (nothing half-imported). */
export function parsePlainTextList(text: string, origin: string, set = 'custom'): Target[] {
  const targets: Target[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, index) => {
    const entry = line.replace(/#.*$/, '').trim();
    if (!entry) return;
    try {
      const { input, host } = normaliseInput(entry);
      if (seen.has(input)) return;
      seen.add(input);
      targets.push({ input, host, kind: 'web', set, source: origin });
    } catch (err) {
      if (err instanceof InputError) throw new ListError(`${origin}:${index + 1}: ${err.message}`);
      throw err;
    }
  });
  if (targets.length === 0) throw new ListError(`${origin}: the list names no URL or host`);
  return targets;
}
