// Runs a list of targets through the checks with bounded concurrency and turns the recorded
// observations into a run JSON. Stopping (signal) keeps every result that finished.
import { setMaxListeners } from 'node:events';
import type { Result, Run, RunNetwork, Target } from './contract/run.ts';
import type { Connectivity } from './contract/verdict.ts';
import type { Network } from './engine/network.ts';
import type { ControlClient } from './engine/control.ts';
import { deriveTimeouts, type Timeouts } from './engine/timeouts.ts';
import { checkConnectivity, type ConnectivityProbe } from './checks/connectivity.ts';
import { measureWeb, type ThroughputPlan } from './checks/web.ts';
import { analyze } from './analysis/index.ts';
import { tryStrategies, type Tunnels } from './strategies/index.ts';
import { softwareInfo } from './version.ts';
import { makeRedactor, redactDeep, type LocalIdentity } from './report/redact.ts';

export interface NetworkIdentity {
  ip?: string;
  asn: string;
  cc: string;
  name?: string;
  vpn: 'on' | 'off' | 'unknown';
}

export interface RunOptions {
  targets: Target[];
  net: Network;
  control: ControlClient | null;
  noControlReason?: string;
  probe: ConnectivityProbe;
  /** Finds the public IP and the network it belongs to; the IP is dropped unless includeIp. */
  identify?: (signal?: AbortSignal) => Promise<NetworkIdentity>;
  includeIp?: boolean;
  /** Whose machine names to scrub from what is recorded; default this machine's (tests pass their own). */
  localIdentity?: LocalIdentity;
  useDoh?: boolean;
  throughput?: Omit<ThroughputPlan, 'maxMs'> & { maxMs?: number };
  concurrency?: number;
  /** Fixed timeouts instead of adaptive ones (the benchmark's OONI baseline). */
  timeouts?: Timeouts;
  /** False only for the benchmark's OONI-like baseline. */
  rechecks?: boolean;
  /**
   * Try the circumvention strategies on every target found blocked (DESIGN.md section 10); only
   * when the person asked. An object names their own VPN and Tor endpoints.
   */
  strategies?: boolean | { tunnels?: Tunnels };
  mode?: string;
  scenario?: string;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { type: 'connectivity'; connectivity: Connectivity; rttMs: number | null }
  | { type: 'target-start'; input: string; index: number; total: number }
  | { type: 'target-done'; result: Result; done: number; total: number };

export const DEFAULT_CONCURRENCY = 8;

export async function runTargets(options: RunOptions): Promise<Run> {
  const startedAt = new Date().toISOString();
  const { signal } = options;
  // Every in-flight step listens to the run's signal: many at once is expected, not a leak.
  if (signal) setMaxListeners(0, signal);
  const connectivity = await checkConnectivity(options.net, options.probe, signal);
  options.onProgress?.({ type: 'connectivity', connectivity: connectivity.connectivity, rttMs: connectivity.rttMs });
  const timeouts = options.timeouts ?? deriveTimeouts(connectivity.rttMs);
  const identity: NetworkIdentity =
    connectivity.connectivity === 'ok' && options.identify
      ? await options.identify(signal).catch(() => ({ asn: 'AS0', cc: 'ZZ', vpn: 'unknown' as const }))
      : { asn: 'AS0', cc: 'ZZ', vpn: 'unknown' };
  // The identifiers are known from here on and held for the whole run: everything recorded is
  // scrubbed as it is recorded (a page, header or redirect may echo the public IP back), so no
  // output of this run, however it is written later, can carry them. With includeIp the IP stays.
  const scrub = makeRedactor({ publicIp: identity.ip, keepIp: options.includeIp, identity: options.localIdentity });

  const throughput =
    options.throughput && { ...options.throughput, maxMs: options.throughput.maxMs ?? Math.max(2_000, 20 * (connectivity.rttMs ?? 100)) };
  const ctx = {
    net: options.net,
    timeouts,
    control: options.control,
    noControlReason: options.noControlReason,
    useDoh: options.useDoh ?? true,
    throughput,
    rechecks: options.rechecks,
    signal,
  };

  const total = options.targets.length;
  const results: (Result | undefined)[] = new Array(total);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (!signal?.aborted) {
      const index = next++;
      const target = options.targets[index];
      if (!target) return;
      options.onProgress?.({ type: 'target-start', input: target.input, index, total });
      const t0 = Date.now();
      const measured = redactDeep(await measureWeb(target, ctx), scrub);
      if (signal?.aborted) return; // a half-measured target would be judged on missing steps
      const verdict = analyze({
        target,
        observations: measured.observations,
        control: measured.control,
        controlFailure: measured.controlFailure,
        connectivity: connectivity.connectivity,
      });
      const result: Result = {
        input: target.input,
        host: target.host,
        kind: target.kind,
        ...(target.category ? { category: target.category } : {}),
        ...(target.set ? { set: target.set } : {}),
        ...(target.app ? { app: target.app } : {}),
        status: verdict.status,
        method: verdict.method,
        durationMs: Date.now() - t0,
        observations: measured.observations,
        control: measured.control,
        controlFailure: measured.controlFailure,
        evidence: verdict.evidence,
        explanationKey: verdict.explanationKey,
      };
      if (options.strategies && result.status === 'blocked') {
        const strategies = await tryStrategies(result, {
          net: options.net,
          timeouts,
          ...(typeof options.strategies === 'object' && options.strategies.tunnels ? { tunnels: options.strategies.tunnels } : {}),
          ...(throughput ? { throughput } : {}),
          target,
          connectivity: connectivity.connectivity,
          signal,
        });
        // Strategies cut short by a stop would report failures that never happened: keep the verdict only.
        if (!signal?.aborted) result.strategies = redactDeep(strategies, scrub);
      }
      results[index] = result;
      done += 1;
      options.onProgress?.({ type: 'target-done', result, done, total });
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, total || 1));
  await Promise.all(Array.from({ length: concurrency }, worker));

  const network: RunNetwork = {
    asn: identity.asn,
    cc: identity.cc,
    ...(identity.name ? { name: scrub(identity.name) } : {}),
    vpn: identity.vpn,
    ...(options.includeIp && identity.ip ? { ip: identity.ip } : {}),
    rttMs: connectivity.rttMs,
    connectivity: connectivity.connectivity,
    connectivityEvidence: redactDeep(connectivity.evidence, scrub),
  };
  return {
    schema: 'yoxla.run/1',
    software: softwareInfo(),
    startedAt,
    finishedAt: new Date().toISOString(),
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.scenario ? { scenario: options.scenario } : {}),
    interrupted: Boolean(signal?.aborted) && done < total,
    network,
    results: results.filter((r): r is Result => r !== undefined),
    vpnImpact: [],
  };
}
