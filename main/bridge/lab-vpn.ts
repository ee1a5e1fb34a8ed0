// The VPN wizard against the censorship lab: a switch stands in for the person's VPN app. Off, the
// local services are measured over the lab's domestic path; on, over its vpn path (foreign egress,
// where geo-fenced sites refuse). The renderer tests walk the two phases with it, and a trainer
// can demonstrate the wizard without a real VPN.
import type { Target } from '../contract/run.ts';
import type { VpnStateReport } from '../checks/vpn-state.ts';
import { startLab } from '../lab/lab.ts';
import { runInLab, scenarioTargets } from '../lab/run-lab.ts';
import type { Scenario } from '../lab/scenario.ts';
import { loadBundledScenario } from './scenarios.ts';
import type { VpnDeps } from './types.ts';

export interface LabVpnOptions {
  /** Default: the scenario's own hosts (for `vpn-local`, the services it fences and the ones it leaves alone). */
  targets?: Target[];
  concurrency?: number;
  scenariosDir?: string;
}

export function labVpnDeps(scenarioRef: string | Scenario, vpnNow: () => 'on' | 'off', options: LabVpnOptions = {}): VpnDeps {
  const scenarioOf = async () => (typeof scenarioRef === 'string' ? loadBundledScenario(scenarioRef, options.scenariosDir) : scenarioRef);
  return {
    async detect(egress): Promise<VpnStateReport> {
      const state = vpnNow();
      return { state, evidence: state === 'on' ? [{ code: 'default-via-tunnel', detail: 'lab' }] : [{ code: 'no-tunnel' }], egress };
    },
    async measure({ includeIp, signal, onEvent }) {
      const scenario = await scenarioOf();
      const targets = options.targets ?? scenarioTargets(scenario);
      const path = vpnNow() === 'on' ? 'vpn' : 'domestic';
      onEvent({ type: 'started', total: targets.length });
      const lab = await startLab(scenario);
      try {
        return await runInLab(lab, { targets, path, includeIp, signal, concurrency: options.concurrency, onProgress: onEvent });
      } finally {
        await lab.close();
      }
    },
  };
}
