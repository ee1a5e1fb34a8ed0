// Throttling: the target's asset against a reference asset fetched over the same path in the same
// attempt. One slow download is noise; a censor's speed limit repeats.
import type { Control, HttpObservation, Observation, ThroughputObservation } from '../contract/observations.ts';
import { minOf } from '../util/arrays.ts';
import { finalHops } from './steps.ts';

export const THROTTLE_RATIO = 0.25;

export interface ThroughputResult {
  /** target kbps / control kbps per attempt that measured both. */
  ratios: number[];
  /** Attempts that were slow enough to count. */
  slow: number;
  throttled: boolean;
  /** Smallest ratio seen (the slow ones when throttled). */
  minRatio: number | null;
}

function byAttempt(list: ThroughputObservation[]): Map<number, ThroughputObservation> {
  const out = new Map<number, ThroughputObservation>();
  for (const o of list) if (!out.has(o.attempt)) out.set(o.attempt, o);
  return out;
}

export function analyzeThroughput(observations: readonly Observation[], requireRecheck: boolean): ThroughputResult {
  const all = observations.filter((o): o is ThroughputObservation => o.step === 'throughput');
  const targets = byAttempt(all.filter((o) => o.role === 'target'));
  const controls = byAttempt(all.filter((o) => o.role === 'control'));
  const ratios: number[] = [];
  let slow = 0;
  for (const attempt of [...targets.keys()].sort((a, b) => a - b)) {
    const target = targets.get(attempt);
    const control = controls.get(attempt);
    // A failed reference, or a target that moved no data at all, measured nothing about speed.
    if (!target || !control || control.failure !== null || control.kbps <= 0) continue;
    if (target.failure !== null && target.bytes === 0) continue;
    const ratio = target.kbps / control.kbps;
    ratios.push(ratio);
    // "The control was reasonably fast": more than four times the target, i.e. the same bound.
    if (ratio < THROTTLE_RATIO && control.kbps > 4 * target.kbps) slow += 1;
  }
  const needed = requireRecheck ? 2 : 1;
  return {
    ratios,
    slow,
    throttled: slow >= needed,
    minRatio: ratios.length > 0 ? minOf(ratios, 0) : null,
  };
}

/**
 * The page's own bytes as a speed measurement, for when no asset of the target was named: the
 * response came (2xx), then its body crawled until the step's time ran out. That alone cannot
 * tell a censor's speed limit from a slow site or a slow connection, so two references decide:
 * - the same path: how fast this run's other transfers came (`control` throughput observations
 *   the engine copied from the run's fastest page elsewhere; each is a lower bound, because its
 *   time includes connecting, so it can only understate what the path can do);
 * - the uncensored vantage point: the helper got the same page whole, and more of it than the
 *   person did (a site slow for everyone makes the helper's fetch fail instead).
 */
/** A 2xx response whose body was still arriving when the step's time ran out. */
export const crawled = (hop: HttpObservation): boolean =>
  hop.status !== null && hop.status >= 200 && hop.status < 300 && hop.failure === 'generic_timeout_error' && (hop.bodyLength ?? 0) > 0;

export interface PageTransferResult {
  /** Tries whose body was cut by time after a 2xx response. */
  crawled: number;
  /** The fastest crawl, kbps; null when no page crawled. */
  pageKbps: number | null;
  /** The fastest reference transfer on the same path, kbps; null when none was recorded. */
  pathKbps: number | null;
  /** The helper fetched the page whole and got more of it than the person. */
  helperGotPage: boolean;
  throttled: boolean;
  /** pageKbps / pathKbps, when both are known. */
  ratio: number | null;
}

export function analyzePageTransfer(observations: readonly Observation[], control: Control | null): PageTransferResult {
  const crawls = finalHops(observations.filter((o): o is HttpObservation => o.step === 'http')).filter((h) => crawled(h) && (h.bodyMs ?? 0) > 0);
  const pageKbps = crawls.length > 0 ? Math.max(...crawls.map((h) => ((h.bodyLength ?? 0) * 8) / (h.bodyMs ?? 1))) : null;
  const references = observations.filter(
    (o): o is ThroughputObservation => o.step === 'throughput' && o.role === 'control' && o.failure === null && o.kbps > 0,
  );
  const pathKbps = references.length > 0 ? Math.max(...references.map((o) => o.kbps)) : null;
  const mostReceived = Math.max(0, ...crawls.map((h) => h.bodyLength ?? 0));
  const helper = control?.http_request;
  const helperGotPage = helper !== undefined && helper.failure === null && helper.status_code >= 200 && helper.status_code < 300 && helper.body_length > mostReceived;
  const ratio = pageKbps !== null && pathKbps !== null ? pageKbps / pathKbps : null;
  return {
    crawled: crawls.length,
    pageKbps,
    pathKbps,
    helperGotPage,
    throttled: ratio !== null && ratio < THROTTLE_RATIO && helperGotPage,
    ratio,
  };
}

