// Submitting measurements to an OONI collector (ooni/spec backends/bk-003-collector.md): one report
// per test, opened with POST /report, each measurement POSTed to /report/{id}, then closed. Only
// called after the person said yes; the checks that must hold before asking live here too.
import type { Run } from '../contract/run.ts';
import type { OoniMeasurement } from './ooni-export.ts';
import { safeJson } from '../util/shown-text.ts';

/** OONI's public collector (probe-cli's default API base). */
export const DEFAULT_COLLECTOR = 'https://api.ooni.io/';

export type UploadRefusal = 'unknown-network' | 'lab-to-ooni' | 'nothing';

/** Why this run may not go to this collector, or null. */
export function uploadRefusal(run: Run, measurements: readonly OoniMeasurement[], collectorGiven: boolean): UploadRefusal | null {
  // OONI discards AS0/ZZ: sending them would publish nothing useful and still expose the person.
  if (run.network.asn === 'AS0' || run.network.cc === 'ZZ') return 'unknown-network';
  // Emulated censorship must never reach OONI's public data.
  if (run.mode === 'lab' && !collectorGiven) return 'lab-to-ooni';
  if (measurements.length === 0) return 'nothing';
  return null;
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly tries: number,
  ) {
    super(message);
  }
}

export interface Uploaded {
  testName: string;
  input: string | null;
  reportId: string;
  measurementUid: string;
}

export interface UploadOptions {
  collector: string;
  fetch?: typeof fetch;
  /** Tries per request (network errors, 5xx and 429 are tried again). Default 3. */
  tries?: number;
  /** First pause between tries, doubled each time. Default 1 s. */
  backoffMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onReportOpened?: (testName: string, reportId: string) => void;
}

class Permanent extends Error {}

async function postJson(url: URL, body: unknown, o: Required<Pick<UploadOptions, 'tries' | 'backoffMs' | 'timeoutMs'>> & UploadOptions): Promise<Record<string, unknown>> {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last = '';
  for (let attempt = 1; attempt <= o.tries; attempt++) {
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: safeJson(body),
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      const text = await response.text();
      if (response.ok) {
        try {
          const parsed: unknown = text ? JSON.parse(text) : {};
          return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
        } catch {
          throw new Permanent(`${url.pathname}: the collector's answer is not JSON`);
        }
      }
      last = `${url.pathname}: HTTP ${response.status}`;
      // A refusal will not change on a second try; an overloaded or failing server may.
      if (response.status < 500 && response.status !== 429) throw new Permanent(`${last} ${text.slice(0, 200)}`.trim());
    } catch (err) {
      if (err instanceof Permanent) throw new UploadError(err.message, attempt);
      last = `${url.pathname}: ${(err as Error).message}`;
    }
    if (attempt < o.tries) await sleep(o.backoffMs * 2 ** (attempt - 1));
  }
  throw new UploadError(last, o.tries);
}

/** Submits every measurement; returns the collector's id for each, in order. Throws UploadError. */
export async function uploadMeasurements(measurements: readonly OoniMeasurement[], options: UploadOptions): Promise<Uploaded[]> {
  const o = { tries: 3, backoffMs: 1000, timeoutMs: 30_000, ...options };
  const base = new URL(o.collector.endsWith('/') ? o.collector : `${o.collector}/`);
  const byTest = new Map<string, OoniMeasurement[]>();
  for (const m of measurements) {
    const key = `${m.test_name} ${m.test_version}`;
    const group = byTest.get(key);
    if (group) group.push(m);
    else byTest.set(key, [m]);
  }

  const uploaded: Uploaded[] = [];
  for (const group of byTest.values()) {
    const first = group[0] as OoniMeasurement;
    const opened = await postJson(
      new URL('report', base),
      {
        data_format_version: first.data_format_version,
        format: 'json',
        probe_asn: first.probe_asn,
        probe_cc: first.probe_cc,
        software_name: first.software_name,
        software_version: first.software_version,
        test_name: first.test_name,
        test_start_time: first.test_start_time,
        test_version: first.test_version,
      },
      o,
    );
    const reportId = opened.report_id;
    if (typeof reportId !== 'string' || reportId === '') throw new UploadError('/report: the collector gave no report_id', 1);
    o.onReportOpened?.(first.test_name, reportId);
    const reportUrl = new URL(`report/${encodeURIComponent(reportId)}`, base);
    for (const m of group) {
      const answer = await postJson(reportUrl, { format: 'json', content: { ...m, report_id: reportId } }, o);
      const uid = answer.measurement_uid ?? answer.measurement_id;
      uploaded.push({ testName: m.test_name, input: m.input, reportId, measurementUid: typeof uid === 'string' ? uid : '' });
    }
    // A report left open is closed by the collector after a while: a failed close loses nothing.
    await postJson(new URL(`report/${encodeURIComponent(reportId)}/close`, base), {}, o).catch(() => undefined);
  }
  return uploaded;
}
