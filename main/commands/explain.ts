// `yoxla explain FILE... [--json OUT] [--html OUT] [--lang az|en]`
//
// Reads OONI web_connectivity measurements (a JSON file, JSONL, an OONI API reply, or in production
// an OONI Explorer link / measurement id fetched from OONI's API) and prints, per measurement,
// Yoxla's verdict beside OONI's own words with the plain-language explanation.
// Exit: 0 done; 2 bad input (unreadable file, not an OONI measurement, bad flag, unwritable output).
import { readFile, stat } from 'node:fs/promises';
import type { ParseArgsConfig } from 'node:util';
import { translator } from '../i18n.ts';
import { AsnSchema, CountryCodeSchema, RunSchema, type Result, type Run } from '../contract/run.ts';
import { writeReports } from '../report/index.ts';
import { writeRun } from '../report/run-json.ts';
import {
  fetchMeasurement,
  importedResult,
  ImportError,
  MAX_IMPORT_CHARS,
  measurementUidOf,
  OtherTestError,
  parseMeasurements,
  tooLarge,
  type FetchLike,
  type ImportedMeasurement,
} from '../report/ooni-import.ts';
import { softwareInfo } from '../version.ts';
import { languageOf, parseStrict, type Io } from './args.ts';
import { UsageError } from './usage-error.ts';
import { appendAll } from '../util/arrays.ts';

const OPTIONS = {
  json: { type: 'string' },
  html: { type: 'string' },
  lang: { type: 'string', default: 'en' },
} as const satisfies ParseArgsConfig['options'];

export interface ExplainDeps {
  /** For OONI Explorer links and measurement ids; default: the global fetch. Tests inject one. */
  fetch?: FetchLike;
}

async function load(arg: string, deps: ExplainDeps, onOtherTest: (skipped: OtherTestError) => void): Promise<ImportedMeasurement[]> {
  let text: string;
  try {
    // Refused before reading: a file over the limit would cost its whole size in memory first.
    const { size } = await stat(arg);
    if (size > MAX_IMPORT_CHARS) throw tooLarge(arg, size);
    text = await readFile(arg, 'utf8');
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const uid = measurementUidOf(arg);
    if (uid) return fetchMeasurement(uid, deps.fetch ?? ((url) => fetch(url)));
    throw new ImportError(`${arg}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseMeasurements(text, arg, onOtherTest);
}

/**
 * The run JSON for imported measurements: network from the first one (OONI gives no IP, no RTT).
 * An imported file is hostile until checked: a probe_asn or probe_cc that is not one is taken as
 * unknown (AS0, ZZ), and the run must meet the run contract (times a Date can hold, ...) or the
 * import fails with the field named.
 */
export function importedRun(measurements: readonly ImportedMeasurement[], results: Result[]): Run {
  const first = measurements[0] as ImportedMeasurement;
  const times = measurements.map((m) => m.startedAt).sort();
  const run: Run = {
    schema: 'yoxla.run/1',
    software: softwareInfo(),
    startedAt: times[0] as string,
    finishedAt: times.at(-1) as string,
    mode: 'import',
    interrupted: false,
    network: {
      asn: AsnSchema.safeParse(first.probeAsn).success ? first.probeAsn : 'AS0',
      cc: CountryCodeSchema.safeParse(first.probeCc).success ? first.probeCc : 'ZZ',
      ...(first.probeNetworkName ? { name: first.probeNetworkName.slice(0, 200) } : {}),
      vpn: 'unknown',
      rttMs: null,
      connectivity: 'unknown',
      connectivityEvidence: [],
    },
    results,
    vpnImpact: [],
  };
  const parsed = RunSchema.safeParse(run);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ImportError(`not a usable OONI measurement: ${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
}

const ooniWord = (value: unknown): string => (value === undefined ? '-' : JSON.stringify(value));

export async function commandExplain(args: string[], io: Io, deps: ExplainDeps = {}): Promise<number> {
  const { values, positionals } = parseStrict(args, OPTIONS);
  if (positionals.length === 0) throw new UsageError('yoxla explain takes one or more OONI measurement files');
  const lang = languageOf(values.lang);
  const t = translator(lang);

  const measurements: ImportedMeasurement[] = [];
  const skipped: OtherTestError[] = [];
  try {
    for (const arg of positionals) appendAll(measurements, await load(arg, deps, (s) => skipped.push(s)));
  } catch (err) {
    if (err instanceof ImportError) throw new UsageError(err.message.replace(/\s*\n\s*/g, ' '));
    throw err;
  }
  if (skipped.length > 0) {
    const tests = [...new Set(skipped.map((s) => s.testName))].join(', ');
    if (measurements.length === 0) throw new UsageError(t('explain.noWebConnectivity', { count: skipped.length, tests }));
    io.stderr(`${t('explain.skippedOtherTests', { count: skipped.length, tests })}\n`);
  }
  const results = measurements.map(importedResult);
  let run: Run;
  try {
    run = importedRun(measurements, results);
  } catch (err) {
    if (err instanceof ImportError) throw new UsageError(err.message.replace(/\s*\n\s*/g, ' '));
    throw err;
  }

  results.forEach((r, i) => {
    const m = measurements[i] as ImportedMeasurement;
    const verdict = r.method ? `${t(`report.status.${r.status}`)} · ${r.method} (${t(`method.${r.method}.short`)})` : t(`report.status.${r.status}`);
    const lines = [
      `${r.input}`,
      `  ${t('explain.network')}: ${m.probeAsn} ${m.probeCc}${m.probeNetworkName ? ` (${m.probeNetworkName})` : ''}, ${m.startedAt.slice(0, 19).replace('T', ' ')} UTC`,
      `  ${t('explain.yoxla')}: ${verdict}`,
      `  ${t('explain.ooni')}: blocking=${ooniWord(m.ooniBlocking)} accessible=${ooniWord(m.ooniAccessible)}`,
      `  ${t(`${r.explanationKey}.what`)}`,
    ];
    if (r.evidence.notes.length) {
      lines.push(`  ${t('explain.notes')}: ${r.evidence.notes.map((n) => t(`report.notes.${n}`, { defaultValue: n })).join(' ')}`);
    }
    io.stdout(`${lines.join('\n')}\n\n`);
  });

  if (values.json) {
    try {
      await writeRun(values.json, run);
    } catch (err) {
      throw new UsageError(t('report.cli.cannotWrite', { path: values.json, reason: (err as Error).message }));
    }
    io.stderr(`${t('report.cli.wrote', { what: t('explain.runJson'), path: values.json })}\n`);
  }
  if (values.html) {
    const written = await writeReports(run, { html: values.html, lang, includeIp: false });
    for (const message of written.messages) io.stderr(`${message}\n`);
    if (written.failed) return 2;
  }
  return 0;
}
