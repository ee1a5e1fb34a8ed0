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

/**
 * How long a real server name's silence must last once the harmless name's handshake with the
 * same server took `answerMs`: `factor` × that, at least `floorShare` of the step's timeout, at
 * most the timeout. A factor of 3 is TCP's own rule for a first sample (RFC 6298: RTO = SRTT +
 * 4 × RTTVAR with RTTVAR = SRTT/2), so a server may be three times slower for the real name than
 * it just was for the harmless one before its silence counts.
 */
export interface Calibration {
  factor: number;
  floorShare: number;
  /**
   * Whether the calibrated wait also cuts the first try short. Never in the engine: the first
   * try keeps the full timeout, so a false block would still take the same silence on one try as
   * before any calibration; only the re-check beside it is shortened. On, it shows (in tests)
   * what trusting one quick sample for both tries would do.
   */
  cutsFirstTry?: boolean;
}

export const CALIBRATION: Calibration = { factor: 3, floorShare: 0.5 };

export type Timeouts = Readonly<Record<TimedStep, number>> & {
  /** The round-trip time they were derived from; null or absent when unknown (OONI's fixed values). */
  readonly rttMs?: number | null;
  /** Absent: CALIBRATION. */
  readonly calibration?: Calibration;
};

/** Timeouts for a path whose round-trip time is `rttMs`; null (unknown) gives OONI's fixed values. */
export function deriveTimeouts(rttMs: number | null, calibration: Calibration = CALIBRATION): Timeouts {
  const entries = Object.entries(TIMEOUT_RULES).map(([step, rule]) => {
    const ms = rttMs === null ? rule.ooniMs : Math.min(rule.ooniMs, Math.max(rule.floorMs, Math.ceil(rule.k * rttMs)));
    return [step, ms] as const;
  });
  return { ...(Object.fromEntries(entries) as Record<TimedStep, number>), rttMs, calibration };
}

/** OONI probe-cli's fixed timeouts (the baseline the benchmark compares against). */
export const OONI_TIMEOUTS: Timeouts = deriveTimeouts(null);

export function recheckTimeout(ms: number): number {
  return Math.ceil(ms * RECHECK_FACTOR);
}

/**
 * Round trips a step's first try runs alone before its re-check starts beside it (a staggered
 * re-check): a lookup or a connect takes one, a TLS handshake with its connect two (TLS 1.3), so a
 * healthy step is over before its re-check would begin.
 */
export const STAGGER_RTTS: Readonly<Record<'dns' | 'tcp' | 'tls', number>> = { dns: 2, tcp: 2, tls: 3 };
/** On a fast path (the lab's loopback, a LAN) a few round trips are no time: wait at least this. */
export const STAGGER_FLOOR_MS = 250;

/** When the re-check of a step still waiting starts: a few round trips in, never past half its timeout. */
export function staggerMs(step: 'dns' | 'tcp' | 'tls', timeouts: Timeouts): number {
  const half = Math.ceil(timeouts[step] / 2);
  if (timeouts.rttMs === null || timeouts.rttMs === undefined) return half;
  return Math.min(half, Math.max(STAGGER_FLOOR_MS, Math.ceil(STAGGER_RTTS[step] * timeouts.rttMs)));
}

/** The re-check's silence that counts as a drop for the real name, once the harmless name was answered in `answerMs`. */
export function calibratedWaitMs(answerMs: number, timeouts: Timeouts): number {
  const { factor, floorShare } = timeouts.calibration ?? CALIBRATION;
  const timeout = timeouts.tls;
  return Math.min(timeout, Math.max(Math.ceil(floorShare * timeout), Math.ceil(factor * answerMs)));
}
