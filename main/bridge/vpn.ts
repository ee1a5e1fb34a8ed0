// The VPN comparison wizard behind vpn:state and vpn:phase: the two phases of `yoxla vpn`
// (main/vpn/guided.ts) with the session file in the app's data folder. What measures and what
// detects are injected (VpnDeps), so tests drive the phases with lab runs; the default measure is
// the executor's `check` run over the local services, off the UI thread like any run.
import type { RunEndpoints } from '../contract/endpoints.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { VpnWizardState } from '../contract/bridge.ts';
import type { Run } from '../contract/run.ts';
import type { VpnStateReport } from '../checks/vpn-state.ts';
import type { NetworkInfo } from '../vpn/ip-database.ts';
import { runVpnPhase, type PhaseOutcome } from '../vpn/guided.ts';
import { clearSession, loadSession } from '../vpn/session.ts';
import { writeAtomic } from '../vpn/files.ts';
import type { ExecutorEvent, RunExecutor, VpnDeps } from './types.ts';

export const vpnSessionPath = (dataDir: string): string => join(dataDir, 'vpn-session.json');
/** Which history entry holds the saved first phase (the session file itself is guided.ts's). */
const firstPhasePath = (dataDir: string): string => join(dataDir, 'vpn-first-phase.json');
const FirstPhaseSchema = z.object({ savedAt: z.string(), historyId: z.string() });

/** The network a run left from, when it found one. */
export function egressOf(run: Run): NetworkInfo | null {
  const { asn, cc, name } = run.network;
  return asn === 'AS0' && cc === 'ZZ' ? null : { asn, cc, ...(name ? { name } : {}) };
}

export async function wizardState(dataDir: string, deps: VpnDeps | undefined, now: Date): Promise<VpnWizardState> {
  const detected = deps ? (await deps.detect(null)).state : 'unknown';
  const loaded = await loadSession(vpnSessionPath(dataDir), now);
  if (!loaded.session) return { vpn: detected, firstPhase: null };
  const { savedAt } = loaded.session;
  let historyId: string | null = null;
  try {
    const first = FirstPhaseSchema.parse(JSON.parse(await readFile(firstPhasePath(dataDir), 'utf8')));
    if (first.savedAt === savedAt) historyId = first.historyId;
  } catch {
    // No record of the history entry (saved by the CLI, or removed): the phase is still resumable.
  }
  return { vpn: detected, firstPhase: { savedAt, vpn: loaded.session.first.state.state, historyId } };
}

export interface PhaseRun {
  outcome: PhaseOutcome;
  /** The run this phase made (for `compared`: the run with vpnImpact), to keep in history. */
  run: Run;
}

export interface PhaseContext {
  dataDir: string;
  deps: VpnDeps;
  executor: RunExecutor;
  now: () => Date;
  useControl: boolean;
  includeIp: boolean;
  endpoints?: RunEndpoints;
  declared?: 'on' | 'off';
  restart: boolean;
  signal: AbortSignal;
  onEvent: (event: ExecutorEvent) => void;
}

export async function vpnPhase(c: PhaseContext): Promise<PhaseRun> {
  let measured: Run | null = null;
  const measure =
    c.deps.measure?.bind(c.deps) ??
    ((m: { useControl: boolean; includeIp: boolean; signal: AbortSignal; onEvent: (e: ExecutorEvent) => void }) =>
      c.executor.execute(
        { mode: 'check', sets: ['local'], strategies: false, useControl: m.useControl, includeIp: m.includeIp, ...(c.endpoints ? { endpoints: c.endpoints } : {}) },
        m.onEvent,
        m.signal,
      ));
  const outcome = await runVpnPhase(
    {
      sessionPath: vpnSessionPath(c.dataDir),
      now: c.now,
      measure: async () => {
        const run: Run = { ...(await measure({ useControl: c.useControl, includeIp: c.includeIp, signal: c.signal, onEvent: c.onEvent })), mode: 'vpn' };
        measured = run;
        const state: VpnStateReport = await c.deps.detect(egressOf(run));
        return { run, state };
      },
    },
    { ...(c.declared ? { declared: c.declared } : {}), restart: c.restart, signal: c.signal },
  );
  if (outcome.kind === 'compared') await clearFirstPhase(c.dataDir);
  const run = outcome.kind === 'compared' || outcome.kind === 'first' || outcome.kind === 'not-measured' ? outcome.run : (measured as Run | null);
  if (!run) throw new Error('the VPN phase measured nothing');
  return { outcome, run };
}

/** After the first phase is in history: remember which entry it is, for vpn:state. */
export async function rememberFirstPhase(dataDir: string, historyId: string, now: Date): Promise<void> {
  const loaded = await loadSession(vpnSessionPath(dataDir), now);
  if (!loaded.session) return;
  await writeAtomic(firstPhasePath(dataDir), `${JSON.stringify({ savedAt: loaded.session.savedAt, historyId })}\n`);
}

export async function clearFirstPhase(dataDir: string): Promise<void> {
  await clearSession(firstPhasePath(dataDir));
}
