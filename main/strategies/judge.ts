// A strategy's outcome from what its own measurement showed, by the same rules as the normal
// check: the analysis judges the strategy's observations against the control the blocked result
// already has, and only `accessible` (the origin reached, a valid certificate, a real page) is
// `works`. Pure; the evidence codes are `strategy.evidence.<code>` in locales.
import type { Observation } from '../contract/observations.ts';
import type { Result } from '../contract/run.ts';
import type { StrategyResult } from '../contract/strategies.ts';
import type { Connectivity, Verdict } from '../contract/verdict.ts';
import { analyze } from '../analysis/index.ts';

export const EVIDENCE_CODES = [
  // works
  'reached-origin',
  'tunnel-reachable',
  // fails
  'same-failure',
  'other-failure',
  'dns-failed',
  'unclear',
  'tunnel-unreachable',
  // not-applicable
  'not-plain-http',
  'not-tls',
  'address-literal',
  'no-doh-resolver',
  'no-tunnel-configured',
] as const;
export type EvidenceCode = (typeof EVIDENCE_CODES)[number];

export function notApplicable(code: EvidenceCode): StrategyResult {
  return { outcome: 'not-applicable', code, failure: null, observations: [], durationMs: 0 };
}

/** The verdict the analysis gives the strategy's observations, with the blocked result's control. */
export function verdictFor(result: Result, observations: Observation[], connectivity: Connectivity): Verdict {
  return analyze({
    target: { input: result.input, host: result.host, kind: result.kind },
    observations,
    control: result.control,
    controlFailure: result.controlFailure,
    connectivity,
  });
}

/** `works` only for `accessible`; otherwise how the strategy's try failed compared with the original block. */
export function judge(result: Result, verdict: Verdict, observations: Observation[], durationMs: number): StrategyResult {
  const base = { observations, durationMs };
  if (verdict.status === 'accessible') return { ...base, outcome: 'works', code: 'reached-origin', failure: null };
  const failure = verdict.evidence.failure;
  const sameBlock = verdict.status === 'blocked' && verdict.method === result.method;
  if (sameBlock) return { ...base, outcome: 'fails', code: 'same-failure', failure };
  // The strategy's own lookup failed (its resolver unreachable, say): it never got to try the site.
  if (verdict.evidence.failingStep === 'dns') return { ...base, outcome: 'fails', code: 'dns-failed', failure };
  return { ...base, outcome: 'fails', code: verdict.status === 'blocked' ? 'other-failure' : 'unclear', failure };
}
