// Adaptive timeouts (README "Timeouts"): each step waits max(floor, k × RTT), never more than
// OONI's fixed value, instead of OONI's fixed 10 s. A silent drop is then called in about a
// second on a 100 ms path, while a slow path (400 ms) still gets several round trips per step.

export type TimedStep = 'dns' | 'tcp' | 'tls' | 'http' | 'control';

interface Rule {
  k: number;
  floorMs: number;
  /** OONI probe-cli's fixed timeout for the step: used as the ceiling and when RTT is unknown. */
  ooniMs: number;
}

export const TIMEOUT_RULES: Readonly<Record<TimedStep, Rule>> = {
  dns: { k: 4, floorMs: 800, ooniMs: 4_000 },
  tcp: { k: 4, floorMs: 800, ooniMs: 10_000 },
  // A TLS 1.3 handshake is one round trip after TCP; six leave room for a slow server.
  tls: { k: 6, floorMs: 1_000, ooniMs: 10_000 },
  http: { k: 10, floorMs: 2_000, ooniMs: 10_000 },
  control: { k: 20, floorMs: 5_000, ooniMs: 30_000 },
};

/** The re-check of a suspected block waits this much longer than the first try. */
export const RECHECK_FACTOR = 1.5;

export type Timeouts = Readonly<Record<TimedStep, number>>;

/** Timeouts for a path whose round-trip time is `rttMs`; null (unknown) gives OONI's fixed values. */
export function deriveTimeouts(rttMs: number | null): Timeouts {
  const entries = Object.entries(TIMEOUT_RULES).map(([step, rule]) => {
    const ms = rttMs === null ? rule.ooniMs : Math.min(rule.ooniMs, Math.max(rule.floorMs, Math.ceil(rule.k * rttMs)));
    return [step, ms] as const;
  });
  return Object.fromEntries(entries) as Record<TimedStep, number>;
}

/** OONI probe-cli's fixed timeouts (the baseline the benchmark compares against). */
export const OONI_TIMEOUTS: Timeouts = deriveTimeouts(null);

export function recheckTimeout(ms: number): number {
  return Math.ceil(ms * RECHECK_FACTOR);
}
