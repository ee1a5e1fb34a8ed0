// Live state of every run this window started, built from the bridge's progress events. Events can
// arrive before `run:start` answers with the runId, so the store listens from the start and keeps
// whatever it hears, keyed by runId.
import { useSyncExternalStore } from 'react';
import type { BridgeError, ProgressEvent } from '../../main/contract/bridge.ts';
import type { Result, Run } from '../../main/contract/run.ts';
import type { Connectivity } from '../../main/contract/verdict.ts';
import { onProgress } from '../bridge.ts';

/** Where the run was started: the VPN wizard shows its own runs in place. */
export type RunOrigin = 'check' | 'vpn' | 'trainer';

export interface RunState {
  runId: string;
  origin: RunOrigin;
  /** performance.now() of the first sign of this run, for the time-left estimate. */
  startedAt: number;
  total: number | null;
  done: number;
  results: Result[];
  /** Inputs being checked right now. */
  checking: string[];
  connectivity: Connectivity | null;
  rttMs: number | null;
  cancelling: boolean;
  finished: { historyId: string; run: Run } | null;
  failed: { error: BridgeError; historyId: string | null } | null;
}

const runs = new Map<string, RunState>();
const listeners = new Set<() => void>();
let started = false;

function fresh(runId: string): RunState {
  return {
    runId,
    origin: 'check',
    startedAt: performance.now(),
    total: null,
    done: 0,
    results: [],
    checking: [],
    connectivity: null,
    rttMs: null,
    cancelling: false,
    finished: null,
    failed: null,
  };
}

function update(runId: string, change: (state: RunState) => Partial<RunState>): void {
  const current = runs.get(runId) ?? fresh(runId);
  runs.set(runId, { ...current, ...change(current) });
  for (const listener of listeners) listener();
}

export function apply(event: ProgressEvent): void {
  switch (event.type) {
    case 'started':
      return update(event.runId, () => ({ total: event.total }));
    case 'connectivity':
      return update(event.runId, () => ({ connectivity: event.connectivity, rttMs: event.rttMs }));
    case 'target-start':
      return update(event.runId, (s) => ({ total: event.total, checking: [...s.checking.filter((i) => i !== event.input), event.input] }));
    case 'target-done':
      return update(event.runId, (s) => ({
        total: event.total,
        done: event.done,
        results: [...s.results, event.result],
        checking: s.checking.filter((i) => i !== event.result.input),
      }));
    case 'finished':
      return update(event.runId, () => ({ finished: { historyId: event.historyId, run: event.run }, checking: [] }));
    case 'failed':
      return update(event.runId, () => ({ failed: { error: event.error, historyId: event.historyId }, checking: [] }));
  }
}

/** Starts listening to the bridge (once per page). */
export function listenToRuns(): void {
  if (started) return;
  started = true;
  onProgress(apply);
}

/** Called with the runId `run:start` (or `vpn:phase`) answered: the run exists even before its first event. */
export function track(runId: string, origin: RunOrigin): void {
  update(runId, () => ({ origin }));
}

export function markCancelling(runId: string): void {
  update(runId, () => ({ cancelling: true }));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRun(runId: string | null): RunState | null {
  return useSyncExternalStore(subscribe, () => (runId ? (runs.get(runId) ?? null) : null));
}

/** The run still going, if any (for the navigation's "check in progress" entry). */
export function useActiveRun(): RunState | null {
  return useSyncExternalStore(subscribe, () => {
    let active: RunState | null = null;
    for (const state of runs.values()) if (!state.finished && !state.failed) active = state;
    return active;
  });
}
