// A run against the censorship lab: the same runner and engine, handed the lab's network.
import type { Run, Target } from '../contract/run.ts';
import { runTargets, type ProgressEvent } from '../runner.ts';
import { testHelperClient } from '../engine/control.ts';
import { fetchPublicIp } from '../checks/identity.ts';
import { LAB_HOSTS, startLab, type Lab, type LabPath } from './lab.ts';
import { siteInput, type Scenario } from './scenario.ts';
import type { Timeouts } from '../engine/timeouts.ts';

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
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
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
