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

export interface RenderedOutput {
  kind: ReportKind;
  path: string;
  content: string | Uint8Array;
}

export interface RenderedReports {
  outputs: RenderedOutput[];
  /** Outputs that could not be made (no Chromium, Chromium failed, a run no renderer could read). */
  outcomes: ReportOutcome[];
  notes: string[];
}

/**
 * Makes every asked-for output in memory, nothing written yet: a run that one renderer cannot
 * handle leaves no other file half-done behind it (HTML written, then the OONI export failing).
 */
export async function renderReports(run: Run, options: ReportOptions): Promise<RenderedReports> {
  const t = translator(options.lang);
  const outputs: RenderedOutput[] = [];
  const outcomes: ReportOutcome[] = [];
  const notes: string[] = [];
  const asked = (['html', 'csv', 'ooni', 'pdf'] as const).filter((kind) => options[kind]);
  try {
    const shown = privateRun(run, options);
    const runSha256 = options.runSha256 ?? sha256Hex(serializeRun(run));
    let html: string | null = null;
    const htmlOnce = (): string => (html ??= renderHtml(shown.run, { lang: options.lang, runSha256, generatedAt: options.generatedAt }));
    if (options.html) outputs.push({ kind: 'html', path: options.html, content: htmlOnce() });
    if (options.csv) outputs.push({ kind: 'csv', path: options.csv, content: renderCsv(shown.run, options.lang) });
    if (options.ooni) {
      // OONI publishes everything it receives: the IP is never in these, whatever was asked.
      const ooni = exportMeasurements(shown.run, makeRedactor({ publicIp: run.network.ip, identity: options.identity }));
      if (ooni.skipped.length) notes.push(t('report.cli.ooniSkipped', { count: ooni.skipped.length, inputs: ooni.skipped.join(', ') }));
      outputs.push({ kind: 'ooni', path: options.ooni, content: toJsonl(ooni.measurements) });
    }
    if (options.pdf) {
      const chromium = options.chromium === undefined ? findChromium() : options.chromium;
      if (!chromium) {
        outcomes.push({ kind: 'pdf', path: options.pdf, status: 'skipped', reason: t('report.cli.noChromium', { names: CHROMIUM_NAMES.join(', ') }) });
      } else {
        try {
          outputs.push({ kind: 'pdf', path: options.pdf, content: await printPdf(htmlOnce(), chromium) });
        } catch (err) {
          outcomes.push({ kind: 'pdf', path: options.pdf, status: 'failed', reason: t('report.cli.pdfFailed', { reason: (err as Error).message }) });
        }
      }
    }
  } catch (err) {
    // A renderer that throws on some run is a bug, but it must not leave some files written and
    // others not: nothing is written, and each output says why.
    const reason = t('report.cli.renderFailed', { reason: oneLineReason(err) });
    return { outputs: [], outcomes: asked.map((kind) => ({ kind, path: options[kind] as string, status: 'failed', reason })), notes };
  }
  return { outputs, outcomes, notes };
}

const oneLineReason = (err: unknown): string => String((err as Error)?.message ?? err).replace(/\s+/g, ' ').slice(0, 200);

/** Writes what renderReports made, each file atomically; one bad path does not stop the others. */
export async function writeRendered(rendered: RenderedReports, lang: Language): Promise<ReportResult> {
  const outcomes: ReportOutcome[] = [];
  for (const output of rendered.outputs) {
    try {
      await writeFileAtomic(output.path, output.content);
      outcomes.push({ kind: output.kind, path: output.path, status: 'written' });
    } catch (err) {
      outcomes.push({ kind: output.kind, path: output.path, status: 'failed', reason: reasonOf(err) });
    }
  }
  return reportResult([...outcomes, ...rendered.outcomes], rendered.notes, lang);
}

export async function writeReports(run: Run, options: ReportOptions): Promise<ReportResult> {
  return writeRendered(await renderReports(run, options), options.lang);
}

function reportResult(outcomes: ReportOutcome[], notes: string[], lang: Language): ReportResult {
  const t = translator(lang);
  const messages = outcomes.map((o) => {
    if (o.status === 'written') return t('report.cli.wrote', { what: t(`report.cli.what.${o.kind}`), path: o.path });
    if (o.status === 'skipped') return t('report.cli.pdfSkipped', { reason: o.reason });
    return `yoxla: ${t('report.cli.cannotWrite', { path: o.path, reason: o.reason })}`;
  });
  return { outcomes, messages: [...messages, ...notes], failed: outcomes.some((o) => o.status === 'failed') };
}
