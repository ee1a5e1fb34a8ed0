// One step's time budget joined with its caller's signal. The step hands `signal` to every I/O
// call and asks `failure(err)` for the OONI string: that is how a timeout we caused becomes
// `generic_timeout_error` and a run the user stopped becomes `interrupted`, whatever error the
// I/O layer happened to surface on the way out.
import { toFailure } from './failure.ts';

/** What every step takes besides its own arguments. */
export interface StepOptions {
  /** The whole step's budget (connect, handshake, response, as the step defines). */
  timeoutMs: number;
  /** The caller's signal: aborting it stops the step with failure `interrupted`. */
  signal?: AbortSignal;
  /** 0 for the first try (the default), 1 for the re-check on a fresh connection, ... */
  attempt?: number;
  /**
   * Aborting it ends the step as its own timer would (`generic_timeout_error`): a wait that was
   * shortened while the step ran, once another step showed how fast the server answers.
   */
  timeUp?: AbortSignal;
}

/** The reason a step's own deadline aborts with. */
export class StepTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'YOXLA_STEP_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`step timed out after ${timeoutMs} ms`);
  }
}

export interface Deadline {
  readonly signal: AbortSignal;
  /** True once the step's own timer fired (before any abort by the caller). */
  readonly timedOut: boolean;
  /** True once the caller aborted (before the timer fired). */
  readonly interrupted: boolean;
  /** The OONI failure for an error seen while this deadline was running. */
  failure(err: unknown): string;
  /** Clears the timer and the listener on the caller's signal; call on every path. */
  dispose(): void;
}

export function startDeadline(timeoutMs: number, outer?: AbortSignal, timeUp?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  let interrupted = false;
  const onTimeUp = () => {
    if (controller.signal.aborted) return;
    timedOut = true;
    controller.abort(new StepTimeoutError(timeoutMs));
  };
  const onOuter = () => {
    if (controller.signal.aborted) return;
    interrupted = true;
    controller.abort(outer?.reason);
  };
  // A plain timer rather than AbortSignal.timeout(): it can be cleared, so nothing outlives the step.
  // Node fires a delay beyond 2^31-1 ms at once; an unbounded budget simply has no timer.
  const timer = Number.isFinite(timeoutMs)
    ? setTimeout(
        () => {
          if (controller.signal.aborted) return;
          timedOut = true;
          controller.abort(new StepTimeoutError(timeoutMs));
        },
        Math.min(Math.max(0, timeoutMs), 2 ** 31 - 1),
      )
    : undefined;
  if (outer?.aborted) onOuter();
  else outer?.addEventListener('abort', onOuter, { once: true });
  if (timeUp?.aborted) onTimeUp();
  else timeUp?.addEventListener('abort', onTimeUp, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    get interrupted() {
      return interrupted;
    },
    failure(err) {
      if (timedOut) return 'generic_timeout_error';
      if (interrupted) return 'interrupted';
      return toFailure(err);
    },
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
      timeUp?.removeEventListener('abort', onTimeUp);
    },
  };
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts. A value that
 * arrives after the abort goes to `onLate` (to close a socket nobody will use), so a Network
 * implementation that ignores its signal can neither hang a step nor leak a connection.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal, onLate?: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      settled = true;
      reject(signal.reason);
    };
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) onLate?.(value);
        else {
          settled = true;
          resolve(value);
        }
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        reject(err);
      },
    );
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
