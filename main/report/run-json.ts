// The run JSON on disk: written atomically (a crash never leaves half a file), validated on read.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { RunSchema, type Run } from '../contract/run.ts';
import { serializeRun } from './run-hash.ts';

export class RunFileError extends Error {}

/**
 * Writes `content` to `path` via a temporary file in the same folder and a rename. On any failure
 * the temporary file is removed again: nothing half-written is left behind.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temp, content, { mode: 0o600 });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** The run file's text, validated against the contract first (a run that breaks it is never saved). */
export function runFileText(run: Run): string {
  return serializeRun(run);
}

export async function writeRun(path: string, run: Run): Promise<void> {
  await writeFileAtomic(path, runFileText(run));
}

export function parseRun(text: string, origin: string): Run {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new RunFileError(`${origin}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = RunSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.map(String).join('.') : '(top level)';
    throw new RunFileError(`${origin}: not a yoxla.run/1 file: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export async function readRun(path: string): Promise<Run> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new RunFileError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseRun(text, path);
}
