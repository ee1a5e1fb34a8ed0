// The two phases of `yoxla vpn` on the real network. Each invocation measures the local services
// once with the VPN as it is. The first is saved; the next one (after the user toggled the VPN) is
// compared with it. The measuring is injected, so the phases are tested with recorded runs.
import type { Run } from '../contract/run.ts';
import type { VpnState, VpnStateReport } from '../checks/vpn-state.ts';
import { compareVpnDetailed, type VpnComparison } from './compare.ts';
import { clearSession, loadSession, saveSession } from './session.ts';

export interface Measured {
  run: Run;
  state: VpnStateReport;
}

export interface VpnPhaseDeps {
  sessionPath: string;
  now: () => Date;
  /** One run over the local services with the VPN as it is now. */
  measure: (signal?: AbortSignal) => Promise<Measured>;
}

export interface VpnPhaseOptions {
  /** What the user says the VPN is now; wins over detection. */
  declared?: 'on' | 'off';
  /** Forget a saved first run and start again. */
  restart?: boolean;
  /** Where the run JSON goes; remembered from the first run when the second does not say. */
  json?: string;
  signal?: AbortSignal;
}

export type PhaseOutcome =
  /** First run saved; the user is to toggle the VPN and run again. */
  | { kind: 'first'; state: VpnStateReport; run: Run; note?: 'unreadable' | 'stale' }
  /** Both runs had the same VPN state: nothing to compare yet; the first run stays saved. */
  | { kind: 'same-state'; state: VpnStateReport; first: VpnStateReport }
  /** Neither run's VPN state is known: the user has to say it (--vpn on|off). The first stays saved. */
  | { kind: 'undecidable'; state: VpnStateReport; first: VpnStateReport }
  /** No working connection (or stopped): nothing saved, nothing compared. */
  | { kind: 'not-measured'; run: Run; reason: 'interrupted' | 'no-connection' }
  | {
      kind: 'compared';
      /** The run without the VPN, with `vpnImpact`: what the run JSON holds. */
      run: Run;
      comparison: VpnComparison;
      vpnRun: Run;
      first: VpnStateReport;
      second: VpnStateReport;
      json?: string;
    };

function declare(report: VpnStateReport, declared: 'on' | 'off' | undefined): VpnStateReport {
  if (!declared) return report;
  return { ...report, state: declared, evidence: [{ code: 'declared-by-user' }, ...report.evidence] };
}

/** The country a run left from, when the database knew it. */
const egressCountry = (run: Run): string | null => (run.network.cc !== 'ZZ' ? run.network.cc : null);

/**
 * Which of the two runs had the VPN on. A known state on one side makes the other the opposite
 * (the user was asked to toggle); with neither known, the run that left from abroad is the VPN's.
 */
export function pairRuns(first: { state: VpnState; run: Run }, second: { state: VpnState; run: Run }, home = 'AZ'): 'first-is-vpn' | 'second-is-vpn' | 'same' | 'unknown' {
  const a = first.state;
  const b = second.state;
  if (a !== 'unknown' && a === b) return 'same';
  if (a === 'on' || b === 'off') return 'first-is-vpn';
  if (a === 'off' || b === 'on') return 'second-is-vpn';
  const ca = egressCountry(first.run);
  const cb = egressCountry(second.run);
  if (ca && cb && ca !== cb) {
    if (ca === home) return 'second-is-vpn';
    if (cb === home) return 'first-is-vpn';
  }
  return 'unknown';
}

export async function runVpnPhase(deps: VpnPhaseDeps, options: VpnPhaseOptions = {}): Promise<PhaseOutcome> {
  if (options.restart) await clearSession(deps.sessionPath);
  const loaded = await loadSession(deps.sessionPath, deps.now());
  const measured = await deps.measure(options.signal);
  const state = declare(measured.state, options.declared);
  const { run } = measured;
  if (run.interrupted) return { kind: 'not-measured', run, reason: 'interrupted' };
  if (run.network.connectivity !== 'ok') return { kind: 'not-measured', run, reason: 'no-connection' };

  const session = loaded.session;
  if (!session) {
    await saveSession(deps.sessionPath, {
      schema: 'yoxla.vpn-session/1',
      savedAt: deps.now().toISOString(),
      first: { state, run },
      ...(options.json ? { json: options.json } : {}),
    });
    return { kind: 'first', state, run, ...('note' in loaded && loaded.note ? { note: loaded.note } : {}) };
  }

  const first = session.first;
  const pairing = pairRuns({ state: first.state.state, run: first.run }, { state: state.state, run });
  if (pairing === 'same') return { kind: 'same-state', state, first: first.state };
  if (pairing === 'unknown') return { kind: 'undecidable', state, first: first.state };

  const [domestic, vpn] = pairing === 'first-is-vpn' ? [run, first.run] : [first.run, run];
  const comparison = compareVpnDetailed(domestic.results, vpn.results);
  const startedAt = first.run.startedAt < run.startedAt ? first.run.startedAt : run.startedAt;
  const compared: Run = {
    ...domestic,
    startedAt,
    finishedAt: run.finishedAt,
    mode: 'vpn',
    network: { ...domestic.network, vpn: 'off' },
    vpnImpact: comparison.impacts,
  };
  await clearSession(deps.sessionPath);
  const json = options.json ?? session.json;
  return {
    kind: 'compared',
    run: compared,
    comparison,
    vpnRun: vpn,
    first: first.state,
    second: state,
    ...(json ? { json } : {}),
  };
}
