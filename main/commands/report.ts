// `yoxla report RUN.json [--html OUT] [--pdf OUT] [--csv OUT] [--ooni OUT.jsonl] [--lang az|en]
// [--include-ip] [--upload [--collector URL] [--yes-i-understand-the-risks]]`
//
// Re-runs the analysis on the saved observations (so an old run gets today's verdicts), prints the
// table, writes the outputs, and uploads to OONI only after an explicit yes.
// Exit: 0 done; 2 bad input (unreadable, truncated, non-JSON or wrong-schema run file, bad flag,
// an output that cannot be written, an upload that is refused or not consented to); 1 the upload
// itself failed after its retries.
import { createInterface } from 'node:readline/promises';
import { readFile } from 'node:fs/promises';
import type { ParseArgsConfig } from 'node:util';
import { translator, type Language } from '../i18n.ts';
import { parseRun, RunFileError } from '../report/run-json.ts';
import { renderRunTable } from '../report/table.ts';
import { exportMeasurements, makeRedactor, privateRun, reanalyse, sha256Hex, writeReports } from '../report/index.ts';
import { DEFAULT_COLLECTOR, uploadMeasurements, uploadRefusal, UploadError } from '../report/upload.ts';
import { UsageError } from './usage-error.ts';
import { languageOf, parseStrict, type Io as BaseIo } from './args.ts';

/** The CLI's Io, plus a way to ask a question on the terminal (default: readline on stdin). */
export interface Io extends BaseIo {
  ask?: (question: string) => Promise<string>;
}

const OPTIONS = {
  html: { type: 'string' },
  pdf: { type: 'string' },
  csv: { type: 'string' },
  ooni: { type: 'string' },
  lang: { type: 'string', default: 'en' },
  'include-ip': { type: 'boolean', default: false },
  upload: { type: 'boolean', default: false },
  collector: { type: 'string' },
  'yes-i-understand-the-risks': { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

/** The run file's bytes, or a one-line UsageError naming the file and the problem. */
export async function readRunFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new UsageError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

export async function commandReport(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseStrict(args, OPTIONS);
  if (positionals.length !== 1) throw new UsageError('yoxla report takes exactly one RUN.json');
  const lang = languageOf(values.lang);
  const t = translator(lang);
  if (!values.upload && (values.collector !== undefined || values['yes-i-understand-the-risks'])) {
    throw new UsageError('--collector and --yes-i-understand-the-risks go with --upload');
  }
  if (values.collector !== undefined && !/^https?:\/\//i.test(values.collector)) {
    throw new UsageError(`--collector must be an http(s) URL, not ${values.collector}`);
  }
  const path = positionals[0] as string;
  const bytes = await readRunFile(path);
  let saved;
  try {
    saved = parseRun(bytes.toString('utf8'), path);
  } catch (err) {
    if (err instanceof RunFileError) throw new UsageError(oneLine(err.message));
    throw err;
  }
  const run = reanalyse(saved);
  if (values['include-ip'] && !run.network.ip) io.stderr(`${t('report.cli.ipNotInRun')}\n`);

  io.stdout(renderRunTable(privateRun(run, { includeIp: false }).run, lang));
  const written = await writeReports(run, {
    html: values.html,
    pdf: values.pdf,
    csv: values.csv,
    ooni: values.ooni,
    lang,
    includeIp: values['include-ip'],
    // The hash of the file as it is on disk, so anyone holding it can check the report against it.
    runSha256: sha256Hex(bytes),
  });
  for (const line of written.messages) io.stderr(`${line}\n`);
  if (written.failed) return 2;
  if (!values.upload) return 0;
  return upload(run, io, lang, { collector: values.collector, consented: values['yes-i-understand-the-risks'] });
}

async function upload(run: ReturnType<typeof reanalyse>, io: Io, lang: Language, o: { collector?: string; consented: boolean }): Promise<number> {
  const t = translator(lang);
  const collector = o.collector ?? DEFAULT_COLLECTOR;
  const { measurements } = exportMeasurements(privateRun(run, { includeIp: false }).run, makeRedactor({ publicIp: run.network.ip }));
  const refusal = uploadRefusal(run, measurements, o.collector !== undefined);
  if (refusal === 'unknown-network') throw new UsageError(t('report.upload.unknownNetwork', { asn: run.network.asn, cc: run.network.cc }));
  if (refusal === 'lab-to-ooni') throw new UsageError(t('report.upload.labToOoni'));
  if (refusal === 'nothing') throw new UsageError(t('report.upload.nothing'));

  if (!o.consented) {
    if (!io.isTTY) throw new UsageError(t('report.upload.needsConsent'));
    io.stderr(`\n${t('app.upload.risks')}\n`);
    const answer = await (io.ask ?? askOnTerminal)(t('report.upload.prompt', { count: measurements.length, collector }));
    // Only the word itself counts: a stray Enter or "y" is not a considered yes.
    if (!['yes', 'bəli'].includes(answer.trim().toLocaleLowerCase('az'))) {
      io.stderr(`${t('report.upload.cancelled')}\n`);
      return 0;
    }
  }
  try {
    const uploaded = await uploadMeasurements(measurements, {
      collector,
      onReportOpened: (test, reportId) => io.stderr(`${t('report.upload.opened', { test, reportId })}\n`),
    });
    io.stdout(`${t('report.upload.done', { count: uploaded.length, collector })}\n`);
    for (const u of uploaded) io.stdout(`${t('report.upload.id', { test: u.testName, input: u.input ?? '-', id: u.measurementUid || '?' })}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof UploadError)) throw err;
    io.stderr(`yoxla: ${t('report.upload.failed', { tries: err.tries, reason: err.message })}\n`);
    return 1;
  }
}
