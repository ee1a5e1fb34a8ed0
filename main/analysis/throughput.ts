// Throttling: the target's asset against a reference asset fetched over the same path in the same
// attempt. One slow download is noise; a censor's speed limit repeats.
import type { Observation, ThroughputObservation } from '../contract/observations.ts';
import { minOf } from '../util/arrays.ts';

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
