// One run at a time, from request to history: the service's run:start and vpn:phase both go
// through here. Events are tagged with the run's id and validated before they leave; whatever
// ends the run (done, cancelled, could not start, runner crashed), what finished is saved and
// the last event says where it is.
import { randomBytes } from 'node:crypto';
import { ProgressEventSchema, type BridgeError, type ProgressEvent } from '../contract/bridge.ts';
import { RunSchema, type Result, type Run } from '../contract/run.ts';
import { softwareInfo } from '../version.ts';
import { errorValue } from './errors.ts';
import type { HistoryStore } from './history-store.ts';
import type { ExecutorEvent } from './types.ts';

export interface ActiveRun {
  runId: string;
  controller: AbortController;
  /** Settles once the run is saved and its last event sent; never rejects. */
  done: Promise<void>;
}

export interface RunJob {
  /** `lab`, `check`, `vpn`: for the partial run kept when the runner failed. */
  mode: string;
  scenario?: string;
  /** Runs to the end; rejects only when the run could not happen or the runner crashed. */
  execute(onEvent: (event: ExecutorEvent) => void, signal: AbortSignal): Promise<Run>;
  /** After the run is saved (the VPN wizard remembers its first phase). */
  afterSave?(run: Run, historyId: string): Promise<void>;
}

export interface RunControl {
  readonly active: ActiveRun | null;
  /** Starts the job after the caller had its answer (the runId), so `started` comes after it. */
  start(job: RunJob): ActiveRun;
  cancel(runId: string): boolean;
  /** Cancels a running run and waits until what finished is saved. */
  stop(): Promise<void>;
}

export const newRunId = (): string => `run-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

/** What had arrived before a runner failed, kept as an interrupted run (nothing about the network is known). */
export function partialRun(job: RunJob, startedAt: Date, finishedAt: Date, results: Result[], connectivity: Extract<ExecutorEvent, { type: 'connectivity' }> | null): Run {
  return {
    schema: 'yoxla.run/1',
    software: softwareInfo(),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    mode: job.mode,
    ...(job.scenario ? { scenario: job.scenario } : {}),
    interrupted: true,
    network: {
      asn: 'AS0',
      cc: 'ZZ',
      vpn: 'unknown',
      rttMs: connectivity?.rttMs ?? null,
      connectivity: connectivity?.connectivity ?? 'unknown',
      connectivityEvidence: [],
    },
    results,
    vpnImpact: [],
  };
}

export function runControl(history: HistoryStore, emit: (event: ProgressEvent) => void, log: (message: string) => void, now: () => Date): RunControl {
  let active: ActiveRun | null = null;

  const send = (event: ProgressEvent) => {
    const checked = ProgressEventSchema.safeParse(event);
    if (!checked.success) {
      log(`progress: dropped an invalid ${event.type} event: ${checked.error.issues[0]?.path.join('.')}: ${checked.error.issues[0]?.message}`);
      return;
    }
    emit(checked.data);
  };

  async function drive(runId: string, job: RunJob, controller: AbortController): Promise<ProgressEvent> {
    const startedAt = now();
    const results: Result[] = [];
    let connectivity: Extract<ExecutorEvent, { type: 'connectivity' }> | null = null;
    const onEvent = (event: ExecutorEvent) => {
      if (event.type === 'target-done') results.push(event.result);
      if (event.type === 'connectivity') connectivity = event;
      send({ ...event, runId } as ProgressEvent);
    };
    let run: Run;
    try {
      const returned = await job.execute(onEvent, controller.signal);
      const checked = RunSchema.safeParse(returned);
      if (!checked.success) throw Object.assign(new Error(`the runner returned an invalid run: ${checked.error.issues[0]?.path.join('.')}`), { code: 'EBADRUN' });
      run = checked.data;
    } catch (err) {
      const error: BridgeError = errorValue(err, 'runner-crashed');
      log(`run ${runId}: ${error.code}: ${error.detail}`);
      let historyId: string | null = null;
      if (results.length > 0) {
        try {
          historyId = (await history.save(partialRun(job, startedAt, now(), results, connectivity))).id;
        } catch (saveErr) {
          log(`run ${runId}: cannot keep what finished: ${(saveErr as Error).message}`);
        }
      }
      return { runId, type: 'failed', error, historyId };
    }
    try {
      const entry = await history.save(run);
      await job.afterSave?.(run, entry.id);
      return { runId, type: 'finished', historyId: entry.id, run };
    } catch (err) {
      const error = errorValue(err, 'io');
      log(`run ${runId}: cannot save: ${error.detail}`);
      return { runId, type: 'failed', error, historyId: null };
    }
  }

  return {
    get active() {
      return active;
    },
    start(job) {
      const runId = newRunId();
      const controller = new AbortController();
      const done = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => drive(runId, job, controller))
        .catch((err: unknown): ProgressEvent => ({ runId, type: 'failed', error: errorValue(err, 'runner-crashed'), historyId: null }))
        .then((last) => {
          // Free the slot before the last event: a renderer that starts the next run on it is not `busy`.
          if (active?.runId === runId) active = null;
          send(last);
        });
      active = { runId, controller, done };
      return active;
    },
    cancel(runId) {
      if (!active || active.runId !== runId || active.controller.signal.aborted) return false;
      active.controller.abort(new Error('cancelled'));
      return true;
    },
    async stop() {
      const current = active;
      if (!current) return;
      if (!current.controller.signal.aborted) current.controller.abort(new Error('shutting down'));
      await current.done;
    },
  };
}
