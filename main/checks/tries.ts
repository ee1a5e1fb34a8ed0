// When to look at a failing step again, and how: the run's link health decides how many tries a
// failure needs before it is believed; a step still waiting after a few round trips gets its
// re-check started beside it (staggered), so two silent tries cost one wait, not two.
import { recheckTimeout } from '../engine/timeouts.ts';

export type StepKind = 'dns' | 'tcp' | 'tls' | 'http';

const MAX_FAST_TRIES = 10;
const CHANCE_BUDGET = 1e-4;

/**
 * How lossy the link has proved during this run: every try of every step, and the failures that a
 * later try of the same step overcame. Shared by all targets measured with one context, so a site
 * checked later in a run whose other sites needed re-checks is looked at more often.
 */
export class LinkHealth {
  private readonly byStep = new Map<StepKind, { tries: number; overcome: number }>();

  recordStep(kind: StepKind, failuresBeforeSuccess: number, tries: number): void {
    const seen = this.byStep.get(kind) ?? { tries: 0, overcome: 0 };
    seen.tries += tries;
    seen.overcome += failuresBeforeSuccess;
    this.byStep.set(kind, seen);
  }

  /**
   * The share of tries that failed for nothing but the link, for the step kind where it is worst
   * (a link may reset TLS handshakes and requests but never a DNS reply). Zero until some failure
   * was overcome: a clean link keeps the plain rule. After that, estimated on the cautious side
   * (Laplace's rule) for every kind, so a kind with few tries yet cannot look clean.
   */
  get transientRate(): number {
    const seen = [...this.byStep.values()];
    if (!seen.some((s) => s.overcome > 0)) return 0;
    return seen.reduce((worst, { tries, overcome }) => Math.max(worst, (overcome + 1) / (tries + 2)), 0);
  }

  /**
   * Tries a fast failure (reset, refused) needs before it is believed: three on a clean link,
   * because two random resets in a row happen too often to be evidence; on a lossy link, enough
   * that the same failure every time by chance alone is rarer than one in ten thousand.
   */
  fastFailureTries(): number {
    const rate = Math.min(this.transientRate, 0.6);
    if (rate <= 0) return 3;
    return Math.max(3, Math.min(MAX_FAST_TRIES, Math.ceil(Math.log(CHANCE_BUDGET) / Math.log(rate))));
  }
}

/**
 * What a run has learnt so far, one per context object (the runner uses one context for the whole
 * run; a strategy's own context starts afresh): its link health here, its path speed in web.ts.
 */
export function perRun<T>(store: WeakMap<object, T>, ctx: object, make: () => T): T {
  let value = store.get(ctx);
  if (value === undefined) {
    value = make();
    store.set(ctx, value);
  }
  return value;
}

const linkHealthOf = new WeakMap<object, LinkHealth>();

/** The run's link health. */
export const healthOf = (ctx: object): LinkHealth => perRun(linkHealthOf, ctx, () => new LinkHealth());

/** What one try is handed besides its attempt number and timeout. */
export interface TryControl {
  /** Aborted when the run stops, or when a sibling try succeeded (then the try is not recorded). */
  signal?: AbortSignal;
  /** Aborted when a calibrated wait ran out: the try ends as a timeout. */
  timeUp: AbortSignal;
}

export type Step<T> = (attempt: number, timeoutMs: number, control: TryControl) => Promise<T>;

/** The tries of a step running side by side: a calibration may cut their waits short. */
export interface RunningTries {
  /**
   * Ends the re-check (and with `firstToo` the first try as well) once it has waited `ms` since
   * it started, at once if it already has, unless it has ended by then.
   */
  cutAfter(ms: number, firstToo?: boolean): void;
}

export interface Overlap {
  /** How long the first try runs alone before the re-check starts beside it. */
  staggerMs: number;
  /** Called when the re-check starts beside a first try still waiting. */
  onOverlap?: (running: RunningTries) => void;
}

interface Try<T> {
  attempt: number;
  startedAt: number;
  outcome: Promise<T>;
  settled: boolean;
  /** Stopped because a sibling succeeded: its outcome is not evidence of anything. */
  stopped: boolean;
  stop(): void;
  endWait(): void;
}

function startTry<T>(step: Step<T>, attempt: number, timeoutMs: number, outer: AbortSignal | undefined): Try<T> {
  const stopper = new AbortController();
  const timeUp = new AbortController();
  const signal = outer ? AbortSignal.any([outer, stopper.signal]) : stopper.signal;
  const t: Try<T> = {
    attempt,
    startedAt: performance.now(),
    outcome: step(attempt, timeoutMs, { signal, timeUp: timeUp.signal }),
    settled: false,
    stopped: false,
    stop() {
      if (t.settled) return;
      t.stopped = true;
      stopper.abort();
    },
    endWait: () => timeUp.abort(),
  };
  void t.outcome.then(
    () => (t.settled = true),
    () => (t.settled = true),
  );
  return t;
}

const NOT_YET = Symbol('not yet');

/** Resolves NOT_YET after `ms` (or when `signal` aborts); `cancel` clears the timer once it is moot. */
function delay(ms: number, signal: AbortSignal | undefined): { done: Promise<typeof NOT_YET>; cancel(): void } {
  let cancel = () => {};
  const done = new Promise<typeof NOT_YET>((resolve) => {
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve(NOT_YET);
    }
    cancel = finish;
    signal?.addEventListener('abort', finish, { once: true });
  });
  return { done, cancel };
}

/**
 * Tries a step until it succeeds or has failed the same way enough times to be believed: a
 * timeout twice, a fast failure as often as the run's link health asks (three times on a clean
 * link, more on a lossy one; asked again before every try, because other targets measured
 * meanwhile tell more about the link).
 *
 * With `overlap`, a first try still waiting after `staggerMs` gets its re-check started beside it
 * on a fresh connection: the first to succeed stops the other (a stopped try is not recorded: it
 * proves nothing), and when both fail the re-check's failure decides what comes next, as if it had
 * run after the first. A try that fails before the stagger is re-checked after it, as without.
 */
export async function withRechecks<T extends { failure: string | null }>(
  kind: StepKind,
  ctx: { signal?: AbortSignal; rechecks?: boolean },
  firstTimeoutMs: number,
  record: (o: T) => void,
  step: Step<T>,
  overlap?: Overlap,
): Promise<T> {
  const health = healthOf(ctx);
  const rechecks = ctx.rechecks !== false;
  let tries = 0;
  const failedAttempts: number[] = [];
  const keep = (o: T, attempt: number): T => {
    record(o);
    tries += 1;
    if (o.failure !== null) failedAttempts.push(attempt);
    return o;
  };

  const first = startTry(step, 0, firstTimeoutMs, ctx.signal);
  let outcome: T;
  let attemptOfOutcome = 0;
  let early: T | typeof NOT_YET = NOT_YET;
  if (overlap && rechecks) {
    const stagger = delay(overlap.staggerMs, ctx.signal);
    early = await Promise.race([first.outcome, stagger.done]);
    stagger.cancel();
  } else {
    early = await first.outcome;
  }
  if (early === NOT_YET && !ctx.signal?.aborted) {
    // Beside the first try, the re-check waits as long as it: the two silences overlap, and each
    // lasts the full timeout (the longer wait of a re-check after a failure would only add to the
    // pair's span, since this one starts later anyway).
    const second = startTry(step, 1, firstTimeoutMs, ctx.signal);
    const cuts: NodeJS.Timeout[] = [];
    const both = [first, second];
    overlap?.onOverlap?.({
      cutAfter(ms, firstToo = false) {
        for (const t of firstToo ? both : [second]) {
          if (t.settled) continue;
          const left = t.startedAt + ms - performance.now();
          if (left <= 0) t.endWait();
          else cuts.push(setTimeout(() => t.endWait(), left));
        }
      },
    });
    try {
      ({ outcome, attempt: attemptOfOutcome } = await firstSuccessOrBoth(both, keep));
    } finally {
      cuts.forEach(clearTimeout);
    }
  } else {
    outcome = keep(await first.outcome, 0);
  }

  if (rechecks) {
    for (let attempt = tries; outcome.failure !== null && !ctx.signal?.aborted; attempt += 1) {
      const limit = outcome.failure === 'generic_timeout_error' ? 2 : health.fastFailureTries();
      if (attempt >= limit) break;
      outcome = keep(await startTry(step, attempt, recheckTimeout(firstTimeoutMs), ctx.signal).outcome, attempt);
      attemptOfOutcome = attempt;
    }
  }
  // Failures a later try overcame: a re-check cut short beside a first try that then got through
  // says nothing about the link.
  const overcome = outcome.failure === null ? failedAttempts.filter((a) => a < attemptOfOutcome).length : 0;
  health.recordStep(kind, overcome, tries);
  return outcome;
}

/** The first success among tries running side by side (the others stopped), else the last attempt's failure. */
function firstSuccessOrBoth<T extends { failure: string | null }>(
  running: Try<T>[],
  keep: (o: T, attempt: number) => T,
): Promise<{ outcome: T; attempt: number }> {
  return new Promise((resolve, reject) => {
    const results = new Map<number, T>();
    let left = running.length;
    for (const t of running) {
      t.outcome.then((o) => {
        left -= 1;
        if (!t.stopped) {
          results.set(t.attempt, keep(o, t.attempt));
          if (o.failure === null) {
            for (const other of running) if (other !== t) other.stop();
            return resolve({ outcome: o, attempt: t.attempt });
          }
        }
        if (left === 0) {
          const last = [...results.entries()].sort((a, b) => b[0] - a[0])[0];
          if (last) resolve({ outcome: last[1], attempt: last[0] });
        }
      }, reject);
    }
  });
}
