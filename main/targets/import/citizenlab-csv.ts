// Citizen Lab test lists (`citizenlab/test-lists`, lists/*.csv):
// url,category_code,category_description,date_added,source,notes — with a header row.
import { parse } from 'csv-parse/sync';
import type { Target } from '../../contract/run.ts';
import { InputError, normaliseInput } from '../input.ts';
import { ListError, MAX_LIST_ENTRIES, tooManyEntries } from './plain-text.ts';

export const CITIZENLAB_COLUMNS = ['url', 'category_code', 'category_description', 'date_added', 'source', 'notes'] as const;

/** True when the first non-blank line is a header naming a `url` column (lets importList sniff content). */
export function looksLikeCitizenLabCsv(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/).find((line) => line.trim() !== '');
  if (!first) return false;
  const columns = first.split(',').map((c) => c.trim().toLowerCase());
  return columns.includes('url') && columns.length > 1;
}

interface CsvErrorLike {
  code?: string;
  lines?: number;
  message: string;
}

function csvReason(err: CsvErrorLike): string {
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return `wrong number of fields (${err.message.replace(/^.*columns length is (\d+), got (\d+).*$/s, 'expected $1, found $2')})`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'unexpected character after a closing quote';
    default:
      return err.message.replace(/\s+(at|on) line \d+.*$/s, '');
  }
}

/** First line of a record: csv-parse reports where a record ends, and a quoted field may span lines. */
function startLine(raw: string, endLine: number): number {
  const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
  return endLine - (body.match(/\n/g)?.length ?? 0);
}

function attribution(origin: string, line: number, row: Record<string, string>): string {
  const about = [row.date_added, row.source].map((s) => s?.trim()).filter(Boolean).join(', ');
  return about ? `${origin}:${line} (${about})` : `${origin}:${line}`;
}

/** Every row must be valid: one bad row rejects the whole file, with its line number. */
export function parseCitizenLabCsv(text: string, origin: string, set = 'custom'): Target[] {
  // Mixed line endings confuse csv-parse's record-delimiter detection; a quoted \r\n loses nothing.
  const normalised = text.replace(/\r\n?/g, '\n');
  let header: string[] = [];
  let records: Array<{ record: Record<string, string>; raw: string; info: { lines: number } }>;
  try {
    records = parse(normalised, {
      bom: true,
      columns: (names: string[]) => {
        header = names.map((n) => n.trim().toLowerCase());
        return header;
      },
      info: true,
      raw: true,
      skip_empty_lines: true,
    }) as typeof records;
  } catch (err) {
    const e = err as CsvErrorLike;
    throw new ListError(`${origin}:${e.lines ?? 1}: ${csvReason(e)}`);
  }
  if (!header.includes('url')) {
    throw new ListError(`${origin}:1: the header must name a url column (${CITIZENLAB_COLUMNS.join(',')})`);
  }
  const duplicate = header.find((name, i) => name !== '' && header.indexOf(name) !== i);
  if (duplicate) throw new ListError(`${origin}:1: the header names ${duplicate} twice`);

  if (records.length > MAX_LIST_ENTRIES) throw tooManyEntries(origin);
  const targets: Target[] = [];
  const seen = new Set<string>();
  for (const { record, raw, info } of records) {
    const line = startLine(raw, info.lines);
    const url = record.url?.trim() ?? '';
    if (!url) throw new ListError(`${origin}:${line}: the url field is empty`);
    let normalised: { input: string; host: string };
    try {
      normalised = normaliseInput(url);
    } catch (err) {
      if (err instanceof InputError) throw new ListError(`${origin}:${line}: ${err.message}`);
      throw err;
    }
    if (seen.has(normalised.input)) continue;
    seen.add(normalised.input);
    const category = record.category_code?.trim();
    targets.push({
      ...normalised,
      kind: 'web',
      ...(category ? { category } : {}),
      set,
      source: attribution(origin, line, record),
    });
  }
  if (targets.length === 0) throw new ListError(`${origin}: the list names no URL`);
  return targets;
}
