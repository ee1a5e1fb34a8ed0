// report:export — one run in one format, in the chosen language, private by default: the same
// redaction and renderers as `yoxla report` (main/report), the path chosen by the person (a save
// dialog in the app), the PDF printed by whoever hosts the bridge (Electron's printToPDF).
import type { ExportResult, ReportFormat } from '../contract/bridge.ts';
import type { Run } from '../contract/run.ts';
import type { Language } from '../i18n.ts';
import { exportMeasurements, makeRedactor, privateRun, serializeRun, sha256Hex, toJsonl, type LocalIdentity } from '../report/index.ts';
import { renderHtml } from '../report/html.ts';
import { renderCsv } from '../report/csv.ts';
import { writeFileAtomic } from '../report/run-json.ts';
import type { ChooseSavePath, PrintPdf } from './types.ts';

export const EXTENSIONS: Record<ReportFormat, string> = { html: 'html', pdf: 'pdf', json: 'json', ooni: 'jsonl', csv: 'csv' };

export interface ExportDeps {
  chooseSavePath: ChooseSavePath;
  printPdf: PrintPdf;
  now: () => Date;
  /** Whose names to scrub; default this machine's (tests pass their own). */
  identity?: LocalIdentity;
}

export interface ExportOptions {
  historyId: string;
  format: ReportFormat;
  lang: Language;
  includeIp: boolean;
  /** HTML and PDF without each site's evidence (a 100-site PDF in a few pages). */
  summaryOnly?: boolean;
}

/** The bytes of one export: nothing is written here, so each format is tested on its content. */
export async function renderExport(run: Run, options: Omit<ExportOptions, 'historyId'>, deps: Pick<ExportDeps, 'printPdf' | 'now' | 'identity'>): Promise<string | Uint8Array> {
  const shown = privateRun(run, { includeIp: options.includeIp, identity: deps.identity });
  const json = serializeRun(shown.run);
  // The HTML names the hash of the JSON exported with the same choices, so a watchdog holding both can check one against the other.
  const html = () => renderHtml(shown.run, { lang: options.lang, runSha256: sha256Hex(json), generatedAt: deps.now().toISOString(), summaryOnly: options.summaryOnly ?? false });
  switch (options.format) {
    case 'json':
      return json;
    case 'html':
      return html();
    case 'csv':
      return renderCsv(shown.run, options.lang);
    case 'ooni':
      // OONI publishes everything it receives: never the IP, whatever was asked.
      return toJsonl(exportMeasurements(shown.run, makeRedactor({ publicIp: run.network.ip, identity: deps.identity })).measurements);
    case 'pdf':
      return deps.printPdf(html());
  }
}

export function suggestedName(historyId: string, format: ReportFormat): string {
  return `yoxla-${historyId}.${EXTENSIONS[format]}`;
}

export async function exportRun(run: Run, options: ExportOptions, deps: ExportDeps): Promise<ExportResult> {
  const path = await deps.chooseSavePath(suggestedName(options.historyId, options.format), options.format);
  if (path === null) return { kind: 'canceled' };
  const content = await renderExport(run, options, deps);
  await writeFileAtomic(path, content);
  const bytes = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
  return { kind: 'saved', path, bytes };
}
