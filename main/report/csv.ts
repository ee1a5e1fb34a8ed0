// One row per target for people who work in spreadsheets, not JSON: RFC 4180 (CRLF, quotes doubled,
// fields with separators quoted) and safe to open: a recorded value such as a page title can start
// with "=" and would otherwise run as a formula.
import type { Result, Run } from '../contract/run.ts';
import { translator, type Language } from '../i18n.ts';
import { shownValue } from '../util/shown-text.ts';
import { minOf } from '../util/arrays.ts';

/** Cells a spreadsheet would read as a formula (OWASP's list, tab and CR included). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  const raw = value === null || value === undefined ? '' : String(value);
  // One line, no terminal escapes or bidi overrides (a title "\u202Egnp.exe" must read as it is).
  let text = shownValue(raw);
  if (FORMULA_START.test(raw) || FORMULA_START.test(text.trimStart())) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The evidence a reader needs in one cell: the rule, the failure, what the control saw, DNS answers, the certificate issuer. */
export function keyEvidence(r: Pick<Result, 'evidence'>): string {
  const e = r.evidence;
  const parts = [e.code];
  if (e.failingStep) parts.push(`step=${e.failingStep}`);
  if (e.failure) parts.push(`failure=${e.failure}`);
  if (e.control) parts.push(`control=${e.control}`);
  if (e.failingStep) parts.push(`repeated=${e.repeated ? 'yes' : 'no'}`);
  if (e.sniTest !== 'not-run') parts.push(`sni_test=${e.sniTest}`);
  if (e.dns) parts.push(`dns_system=${e.dns.system.join(' ') || '-'}`, `dns_control=${e.dns.control.join(' ') || '-'}`);
  if (e.certIssuer) parts.push(`cert_issuer=${e.certIssuer}`);
  if (e.throughputRatio !== undefined) parts.push(`throughput_ratio=${e.throughputRatio.toFixed(3)}`);
  return parts.join('; ');
}

/** When the target was measured: its first step (UTC, ISO 8601), else the run's start. */
function measuredAt(r: Result, run: Run): string {
  if (r.observations.length === 0) return run.startedAt;
  return new Date(minOf(r.observations.map((o) => o.t0), Date.parse(run.startedAt))).toISOString();
}

export function renderCsv(run: Run, lang: Language): string {
  const t = translator(lang);
  const columns = ['time', 'asn', 'country', 'network', 'input', 'host', 'kind', 'app', 'status', 'method', 'evidence'];
  const rows = run.results.map((r) => [
    measuredAt(r, run),
    run.network.asn,
    run.network.cc,
    run.network.name ?? '',
    r.input,
    r.host,
    r.kind,
    r.app ?? '',
    r.status,
    r.method ?? '',
    keyEvidence(r),
  ]);
  return [columns.map((c) => t(`report.csv.${c}`)), ...rows].map(csvRow).join('');
}
