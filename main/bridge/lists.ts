// A custom list checked where the person writes it (the Choose screen), before anything runs: how
// many addresses it names, or the first line that cannot be used and why. The same importers as
// `--list` and run:start (main/targets/import), on the text itself.
import type { ListValidation } from '../contract/bridge.ts';
import { importList, ListError } from '../targets/import/index.ts';
import { ooniRunLinkId } from '../targets/import/ooni-run.ts';

/** The origin the importers put before their messages (`list:3: reason`). */
const ORIGIN = 'list';

export async function validateList(text: string): Promise<ListValidation> {
  const trimmed = text.trim();
  if (trimmed === '') return { valid: false, line: null, reason: 'the list is empty' };
  // A link is fetched when the check starts (the real network only); its shape is all there is to check here.
  if (ooniRunLinkId(trimmed) !== null) return { valid: true, format: 'ooni-run-link', count: null };
  try {
    const imported = await importList(ORIGIN, { readFile: async () => text });
    return { valid: true, format: imported.format, count: imported.targets.length };
  } catch (err) {
    if (!(err instanceof ListError)) throw err;
    const located = /^list:(\d+): ([\s\S]*)$/.exec(err.message);
    if (located) return { valid: false, line: Number(located[1]), reason: located[2] ?? '' };
    return { valid: false, line: null, reason: err.message.replace(/^list: /, '') };
  }
}
