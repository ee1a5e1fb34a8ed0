// A lab run with the VPN comparison filled in: the targets run over the domestic path as always,
// and the services the comparison is about run again over the lab's vpn path (foreign egress, no
// censorship) at the same time. The run returned is the domestic one, with `vpnImpact` added.
import type { Run, Target } from '../contract/run.ts';
import type { ProgressEvent } from '../runner.ts';
import { compareVpn } from '../vpn/compare.ts';
import { startLab, type Lab } from './lab.ts';
import { runInLab, scenarioTargets, type LabRunOptions } from './run-lab.ts';
import type { Scenario } from './scenario.ts';

export interface LabVpnRunOptions extends Omit<LabRunOptions, 'path'> {
  /** Progress of the second (vpn) run; `onProgress` reports the domestic run only. */
  onVpnProgress?: (event: ProgressEvent) => void;
}

/**
 * What the comparison covers: the scenario's own sites (and the hosts it expects a VPN verdict
 * for) and every target of the `local` set. Other targets (a whole news list) stay domestic-only,
 * so adding the comparison does not double a large run.
 */
export function vpnComparisonTargets(scenario: Scenario, targets: readonly Target[]): Target[] {
  const hosts = new Set([...Object.keys(scenario.sites), ...Object.keys(scenario.expectVpn)].map((h) => h.toLowerCase()));
  return targets.filter((t) => t.set === 'local' || hosts.has(t.host.toLowerCase()));
}

export async function runLabWithVpn(lab: Lab, options: LabVpnRunOptions = {}): Promise<Run> {
  const { onVpnProgress, ...rest } = options;
  const targets = options.targets ?? scenarioTargets(lab.scenario);
  const compared = vpnComparisonTargets(lab.scenario, targets);
  const [domestic, vpn] = await Promise.all([
    runInLab(lab, { ...rest, targets, path: 'domestic' }),
    compared.length > 0 ? runInLab(lab, { ...rest, targets: compared, path: 'vpn', onProgress: onVpnProgress }) : null,
  ]);
  if (!vpn) return domestic;
  const inputs = new Set(compared.map((t) => t.input));
  return {
    ...domestic,
    interrupted: domestic.interrupted || vpn.interrupted,
    vpnImpact: compareVpn(
      domestic.results.filter((r) => inputs.has(r.input)),
      vpn.results,
    ),
  };
}

/** Starts the scenario's lab, runs both paths, and always stops the lab again. */
export async function runLabScenarioWithVpn(scenario: Scenario, options: LabVpnRunOptions = {}): Promise<Run> {
  const lab = await startLab(scenario);
  try {
    return await runLabWithVpn(lab, options);
  } finally {
    await lab.close();
  }
}
