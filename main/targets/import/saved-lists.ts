// Named lists a trainer saves and reuses: one JSON file per list in a folder.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { TargetSchema, type Target } from '../../contract/run.ts';
import { InputError, normaliseInput } from '../input.ts';
import { ListError } from './plain-text.ts';

export const SAVED_LIST_SCHEMA = 'yoxla.list/1';

export const SavedListSchema = z
  .object({
    schema: z.literal(SAVED_LIST_SCHEMA),
    name: z.string(),
    savedAt: z.string().optional(),
    targets: z.array(TargetSchema).min(1),
  })
  .strict();
export type SavedList = z.infer<typeof SavedListSchema>;

// Letters (any script: trainers name lists in Azerbaijani), digits and dashes, so the name is also
// a safe file name on every system; names Windows reserves are refused.
const NAME = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62}[\p{L}\p{N}])?$/u;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

export function validListName(name: string): string {
  const nfc = name.normalize('NFC');
  if (!NAME.test(nfc) || WINDOWS_RESERVED.test(nfc)) {
    throw new ListError(`not a valid list name: ${JSON.stringify(name)} (letters, digits and dashes, up to 64, not starting or ending with a dash)`);
  }
  return nfc;
}

const fileOf = (dir: string, name: string) => join(dir, `${name}.json`);

function check(targets: readonly Target[], where: string): Target[] {
  const parsed = z.array(TargetSchema).min(1).safeParse(targets);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ListError(`${where}: targets${issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  parsed.data.forEach((target, i) => {
    try {
      normaliseInput(target.input);
    } catch (err) {
      if (err instanceof InputError) throw new ListError(`${where}: targets[${i}].input: ${err.message}`);
      throw err;
    }
  });
  return parsed.data;
}

/** Writes a temporary file and renames it, so a crash never leaves a half-written list. */
export async function saveList(dir: string, name: string, targets: readonly Target[]): Promise<string> {
  const valid = validListName(name);
  const list: SavedList = { schema: SAVED_LIST_SCHEMA, name: valid, savedAt: new Date().toISOString(), targets: check(targets, valid) };
  await mkdir(dir, { recursive: true });
  const file = fileOf(dir, valid);
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(list, null, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return file;
}

/** Parses a saved list's JSON (also used when a person passes a saved-list file to --list). */
export function parseSavedList(json: unknown, origin: string): SavedList {
  const parsed = SavedListSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new ListError(`${origin}: ${field || 'list'}: ${issue?.message ?? 'not a saved Yoxla list'}`);
  }
  check(parsed.data.targets, origin);
  return parsed.data;
}

export async function loadList(dir: string, name: string): Promise<Target[]> {
  const valid = validListName(name);
  const file = fileOf(dir, valid);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ListError(`no saved list named ${valid}`);
    throw new ListError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ListError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return parseSavedList(json, file).targets;
}

/** Names of the saved lists, sorted; an absent folder has none. */
export async function listSavedLists(dir: string): Promise<string[]> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return files
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length).normalize('NFC'))
    .filter((n) => NAME.test(n) && !WINDOWS_RESERVED.test(n))
    .sort();
}
