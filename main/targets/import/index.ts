// One entry point for `--list FILE|URL`: picks the importer from the link's shape, the file's
// extension and its content.
import { readFile as fsReadFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Target } from '../../contract/run.ts';
import { looksLikeCitizenLabCsv, parseCitizenLabCsv } from './citizenlab-csv.ts';
import { fetchOoniRunLink, ooniRunLinkId, parseOoniRunDescriptor, type FetchJson } from './ooni-run.ts';
import { ListError, MAX_LIST_BYTES, parsePlainTextList } from './plain-text.ts';
import { parseSavedList, SAVED_LIST_SCHEMA } from './saved-lists.ts';

export { ListError, MAX_LIST_BYTES, MAX_LIST_ENTRIES } from './plain-text.ts';
export type { FetchJson } from './ooni-run.ts';

export type ListFormat = 'plain-text' | 'citizenlab-csv' | 'ooni-run' | 'saved-list';

export interface ImportResult {
  format: ListFormat;
  targets: Target[];
  /** The list's own name when it has one (OONI Run link, saved list). */
  name?: string;
  /** What was skipped and why. */
  notes: string[];
}

export interface ImportOptions {
  /** Needed only for OONI Run links; without it a link is refused rather than fetched. */
  fetchJson?: FetchJson;
  readFile?: (path: string) => Promise<string>;
  /** The `set` the imported targets carry (default `custom`). */
  set?: string;
}

/** JSON.parse reports a character offset; a person wants a line. */
function jsonError(err: Error, text: string, origin: string): ListError {
  const position = /position (\d+)/.exec(err.message)?.[1];
  if (position === undefined) return new ListError(`${origin}: not valid JSON (${err.message})`);
  const line = text.slice(0, Number(position)).split('\n').length;
  return new ListError(`${origin}:${line}: not valid JSON (${err.message.replace(/ in JSON at position \d+.*$/, '')})`);
}

function parseJsonList(text: string, origin: string, set: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw jsonError(err as Error, text, origin);
  }
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    if ((json as { schema?: unknown }).schema === SAVED_LIST_SCHEMA) {
      const saved = parseSavedList(json, origin);
      return { format: 'saved-list', targets: saved.targets, name: saved.name, notes: [] };
    }
    if ('nettests' in json || 'descriptor' in json) {
      const run = parseOoniRunDescriptor(json, origin, set);
      return { format: 'ooni-run', targets: run.targets, name: run.name, notes: run.notes };
    }
  }
  throw new ListError(`${origin}: a JSON list must be an OONI Run v2 descriptor (with "nettests") or a saved Yoxla list`);
}

/**
 * A list file's text, its size checked first: a file over MAX_LIST_BYTES is refused unread
 * (ListError), so a huge file never reaches memory.
 */
export async function readListFile(path: string): Promise<string> {
  const { size } = await stat(path);
  if (size > MAX_LIST_BYTES) throw new ListError(`${path}: the list is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB; split it into smaller lists`);
  return fsReadFile(path, 'utf8');
}

export async function importList(pathOrUrl: string, options: ImportOptions = {}): Promise<ImportResult> {
  const set = options.set ?? 'custom';
  if (ooniRunLinkId(pathOrUrl) !== null) {
    if (!options.fetchJson) throw new ListError(`${pathOrUrl}: fetching an OONI Run link needs network access, which this command does not use`);
    const run = await fetchOoniRunLink(pathOrUrl, options.fetchJson, set);
    return { format: 'ooni-run', targets: run.targets, name: run.name, notes: run.notes };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pathOrUrl)) {
    throw new ListError(`${pathOrUrl}: only OONI Run links (https://run.ooni.org/v2/ID) can be fetched; save other lists to a file first`);
  }

  const read = options.readFile ?? readListFile;
  let text: string;
  try {
    text = await read(pathOrUrl);
  } catch (err) {
    if (err instanceof ListError) throw err;
    throw new ListError(`${pathOrUrl}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (text.length > MAX_LIST_BYTES) throw new ListError(`${pathOrUrl}: the list is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB; split it into smaller lists`);
  text = text.replace(/^\uFEFF/, '');
  const ext = extname(pathOrUrl).toLowerCase();
  if (ext === '.txt') return { format: 'plain-text', targets: parsePlainTextList(text, pathOrUrl, set), notes: [] };
  if (ext === '.csv' || (ext !== '.json' && looksLikeCitizenLabCsv(text))) {
    return { format: 'citizenlab-csv', targets: parseCitizenLabCsv(text, pathOrUrl, set), notes: [] };
  }
  if (ext === '.json' || /^\s*[{[]/.test(text)) return parseJsonList(text, pathOrUrl, set);
  return { format: 'plain-text', targets: parsePlainTextList(text, pathOrUrl, set), notes: [] };
}
