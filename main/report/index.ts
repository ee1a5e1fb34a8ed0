// Every report output of one run, written the same way from `yoxla report`, `yoxla lab|check`
// (--html/--ooni/--csv/--pdf) and the app: redacted first, each file written atomically, each
// failure a value in the result rather than an exception, so one bad path does not stop the rest.
import type { Run } from '../contract/run.ts';
import { serializeRun, sha256Hex } from './run-hash.ts';
import { translator, type Language } from '../i18n.ts';
import { writeFileAtomic } from './run-json.ts';
import { makeRedactor, redactDeep, type LocalIdentity, type Redactor } from './redact.ts';
import { renderHtml } from './html.ts';
import { renderCsv } from './csv.ts';
import { exportMeasurements, toJsonl } from './ooni-export.ts';
import { CHROMIUM_NAMES, findChromium, printPdf } from './pdf.ts';

export { reanalyse } from './reanalyse.ts';
export { serializeRun, sha256Hex } from './run-hash.ts';
export { exportMeasurements, toJsonl, type OoniMeasurement } from './ooni-export.ts';
export { makeRedactor, redactDeep, SCRUBBED, type LocalIdentity, type Redactor } from './redact.ts';

export type ReportKind = 'html' | 'pdf' | 'csv' | 'ooni';

export interface ReportOptions {
  html?: string;
  pdf?: string;
  csv?: string;
  ooni?: string;
  lang: Language;
  /** report --include-ip (or --include-ip at run time, for lab|check): shows the IP if the run holds one. */
  includeIp: boolean;
  /** SHA-256 of the run file; default: of the run as writeRun serialises it. */
  runSha256?: string;
  generatedAt?: string;
  identity?: LocalIdentity;
  /** Chromium for the PDF; default: found on the system. null: none (the PDF is skipped). */
  chromium?: string | null;
}

export type ReportOutcome =
  | { kind: ReportKind; path: string; status: 'written' }
  | { kind: ReportKind; path: string; status: 'failed' | 'skipped'; reason: string };

export interface ReportResult {
  outcomes: ReportOutcome[];
  /** Localised lines for stderr: what was saved, what failed, what was left out. */
  messages: string[];
  /** True when an output could not be written (a skipped PDF is not a failure). */
  failed: boolean;
}

export interface PrivateRun {
  run: Run;
  redact: Redactor;
}

/**
 * The run as outputs may show it: the IP only when the run holds one and it is asked for again,
 * this machine's names and home folder never.
 */
export function privateRun(run: Run, options: { includeIp: boolean; identity?: LocalIdentity }): PrivateRun {
  const keepIp = options.includeIp && Boolean(run.network.ip);
  const redact = makeRedactor({ publicIp: run.network.ip, keepIp, identity: options.identity });
  const network = { ...run.network };
  if (!keepIp) delete network.ip;
  return { run: redactDeep({ ...run, network }, redact), redact };
}

function reasonOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ?? e.message ?? String(err);
}

export async function writeReports(run: Run, options: ReportOptions): Promise<ReportResult> {
  const t = translator(options.lang);
  const outcomes: ReportOutcome[] = [];
  const notes: string[] = [];
  const shown = privateRun(run, options);
  const runSha256 = options.runSha256 ?? sha256Hex(serializeRun(run));

  const save = async (kind: ReportKind, path: string, content: () => string | Uint8Array | Promise<string | Uint8Array>) => {
    try {
      await writeFileAtomic(path, await content());
      outcomes.push({ kind, path, status: 'written' });
    } catch (err) {
      outcomes.push({ kind, path, status: 'failed', reason: reasonOf(err) });
    }
  };

  let html: string | null = null;
  const htmlOnce = (): string => (html ??= renderHtml(shown.run, { lang: options.lang, runSha256, generatedAt: options.generatedAt }));
  if (options.html) await save('html', options.html, htmlOnce);
  if (options.csv) await save('csv', options.csv, () => renderCsv(shown.run, options.lang));
  if (options.ooni) {
    // OONI publishes everything it receives: the IP is never in these, whatever was asked.
    const ooni = exportMeasurements(shown.run, makeRedactor({ publicIp: run.network.ip, identity: options.identity }));
    if (ooni.skipped.length) notes.push(t('report.cli.ooniSkipped', { count: ooni.skipped.length, inputs: ooni.skipped.join(', ') }));
    await save('ooni', options.ooni, () => toJsonl(ooni.measurements));
  }
  if (options.pdf) {
    const chromium = options.chromium === undefined ? findChromium() : options.chromium;
    if (!chromium) {
      outcomes.push({ kind: 'pdf', path: options.pdf, status: 'skipped', reason: t('report.cli.noChromium', { names: CHROMIUM_NAMES.join(', ') }) });
    } else {
      let pdf: Buffer | null = null;
      try {
        pdf = await printPdf(htmlOnce(), chromium);
      } catch (err) {
        outcomes.push({ kind: 'pdf', path: options.pdf, status: 'failed', reason: t('report.cli.pdfFailed', { reason: (err as Error).message }) });
      }
      if (pdf) await save('pdf', options.pdf, () => pdf as Buffer);
    }
  }

  const messages = outcomes.map((o) => {
    if (o.status === 'written') return t('report.cli.wrote', { what: t(`report.cli.what.${o.kind}`), path: o.path });
    if (o.status === 'skipped') return t('report.cli.pdfSkipped', { reason: o.reason });
    return `yoxla: ${t('report.cli.cannotWrite', { path: o.path, reason: o.reason })}`;
  });
  return { outcomes, messages: [...messages, ...notes], failed: outcomes.some((o) => o.status === 'failed') };
}
