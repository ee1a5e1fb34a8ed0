// A run against the censorship lab: the same runner and engine, handed the lab's network.
import type { Run, Target } from '../contract/run.ts';
import { runTargets, type ProgressEvent } from '../runner.ts';
import { testHelperClient } from '../engine/control.ts';
import { fetchPublicIp } from '../checks/identity.ts';
import { LAB_HOSTS, startLab, type Lab, type LabPath } from './lab.ts';
import { siteInput, type Scenario } from './scenario.ts';
import type { Timeouts } from '../engine/timeouts.ts';
import type { Tunnels } from '../strategies/index.ts';

/** The throughput check's byte budget: enough to measure a rate, small enough to stop early. */
const THROUGHPUT_MAX_BYTES = 2_000_000;

/** The scenario's own targets: every site it describes and every host it expects something of. */
export function scenarioTargets(scenario: Scenario): Target[] {
  const hosts = [...new Set([...Object.keys(scenario.sites), ...Object.keys(scenario.expect)])];
  return hosts.map((host) => targetForLabHost(scenario, host));
}

export function targetForLabHost(scenario: Scenario, host: string): Target {
  const site = scenario.sites[host];
  const input = siteInput(host, site);
  return {
    input,
    host,
    kind: site?.bytes ? 'throughput' : 'web',
    set: 'lab',
    ...(site?.bytes ? { assetUrl: new URL('/large', input).toString() } : {}),
  };
}

export interface LabRunOptions {
  targets?: Target[];
  concurrency?: number;
  includeIp?: boolean;
  path?: LabPath;
  timeouts?: Timeouts;
  rechecks?: boolean;
  /** Try the circumvention strategies on blocked targets (on the domestic path; the lab's own tunnels). */
  strategies?: boolean;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * The person's own tunnels, as the lab has them: a VPN server and a Tor bridge on the domestic
 * path (a scenario's `ip` or `sni` rule on their names blocks them), both leading to the foreign,
 * uncensored egress that the vpn path is.
 */
export function labTunnels(lab: Lab): Tunnels {
  const through = lab.network('vpn');
  return {
    vpn: { endpoint: { host: LAB_HOSTS.vpnServer, port: 443 }, through },
    tor: { endpoint: { host: LAB_HOSTS.torBridge, port: 443 }, through },
  };
}

/** Runs targets through one egress path of an already started lab. */
export function runInLab(lab: Lab, options: LabRunOptions = {}): Promise<Run> {
  const path = options.path ?? 'domestic';
  const net = lab.network(path);
  const scenario = lab.scenario;
  return runTargets({
    targets: options.targets ?? scenarioTargets(scenario),
    net,
    control: testHelperClient(net, { url: lab.controlUrl, addresses: [lab.addressOf(LAB_HOSTS.control)] }),
    probe: {
      reference: { host: LAB_HOSTS.doh, address: lab.addressOf(LAB_HOSTS.doh), port: 443 },
      portalCheck: { url: lab.connectivityUrl, expectStatus: 204 },
    },
    identify: async (signal) => {
      const ip = await fetchPublicIp(net, lab.echoUrl, lab.addressOf(LAB_HOSTS.echo), 5_000, signal);
      if (!ip) return { asn: 'AS0', cc: 'ZZ', vpn: path === 'vpn' ? 'on' : 'unknown' };
      return { ip, ...lab.lookupNetwork(ip), vpn: path === 'vpn' ? 'on' : 'off' };
    },
    includeIp: options.includeIp,
    throughput: { controlUrl: lab.speedUrl(THROUGHPUT_MAX_BYTES), maxBytes: THROUGHPUT_MAX_BYTES },
    concurrency: options.concurrency,
    timeouts: options.timeouts,
    rechecks: options.rechecks,
    // Strategies are about the censored path: a run over the vpn path is the comparison's, not the person's.
    strategies: options.strategies && path === 'domestic' ? { tunnels: labTunnels(lab) } : false,
    mode: 'lab',
    scenario: scenario.name,
    signal: options.signal,
    onProgress: options.onProgress,
  });
}

/** Starts the lab, runs, and always stops the lab again. */
export async function runLabScenario(scenario: Scenario, options: LabRunOptions = {}): Promise<Run> {
  const lab = await startLab(scenario);
  try {
    return await runInLab(lab, options);
  } finally {
    await lab.close();
  }
}
