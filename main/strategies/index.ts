// "What works here" (DESIGN.md section 10): for a target found blocked, the normal check again
// through each strategy's network, judged by the same analysis. Called by the runner when the
// person asked for it (`--strategies`, or the app's setting after consent), and by the app's
// bridge for one result.
import type { Observation } from '../contract/observations.ts';
import type { Result, Target } from '../contract/run.ts';
import { STRATEGY_NAMES, type Strategies, type StrategyName, type StrategyResult } from '../contract/strategies.ts';
import type { Connectivity } from '../contract/verdict.ts';
import type { Network } from '../engine/network.ts';
import type { Timeouts } from '../engine/timeouts.ts';
import { ipLiteral } from '../engine/dns-message.ts';
import { measureWeb, type ThroughputPlan } from '../checks/web.ts';
import { parseTcpConnect } from '../targets/input.ts';
import { dohResolverNetwork, hostCaseNetwork, tcpSplitNetwork, tlsRecordSplitNetwork } from './dialers.ts';
import { judge, notApplicable, verdictFor } from './judge.ts';
import { tryTunnel, type Tunnels } from './tunnel.ts';

export type { Tunnels, TunnelConfig, TunnelEndpoint, TunnelName } from './tunnel.ts';
export { EVIDENCE_CODES, type EvidenceCode } from './judge.ts';

export interface StrategyDeps {
  /** The person's own network, as the check used it. */
  net: Network;
  /** The run's timeouts (derived from its round-trip time). */
  timeouts: Timeouts;
  /** The person's own VPN and Tor endpoints; a tunnel not configured is `not-applicable`. */
  tunnels?: Tunnels;
  /** The throughput plan of the run, so a throttled target is judged on its speed again. */
  throughput?: ThroughputPlan;
  /** The target as listed: a result alone does not carry a throttled target's large asset. */
  target?: Target;
  connectivity?: Connectivity;
  /** Which strategies to try; all by default. */
  only?: readonly StrategyName[];
  signal?: AbortSignal;
}

/** What a strategy is tried on: the target's scheme decides which strategies can apply. */
interface Shape {
  https: boolean;
  http: boolean;
  literal: boolean;
}

function shapeOf(result: Result): Shape {
  const tcpOnly = parseTcpConnect(result.input);
  let protocol = '';
  try {
    protocol = new URL(result.input).protocol;
  } catch {
    // Not a URL: only the tunnels apply.
  }
  return {
    https: !tcpOnly && protocol === 'https:',
    http: !tcpOnly && protocol === 'http:',
    literal: ipLiteral(tcpOnly?.host ?? result.host) !== null,
  };
}

function targetOf(result: Result, deps: StrategyDeps): Target {
  const listed = deps.target?.input === result.input ? deps.target : undefined;
  return {
    input: result.input,
    host: result.host,
    kind: result.kind,
    ...(listed?.assetUrl ? { assetUrl: listed.assetUrl } : {}),
  };
}

/** The normal check of `result`'s target through `net`, judged as a strategy. */
async function measureThrough(result: Result, net: Network, deps: StrategyDeps): Promise<StrategyResult> {
  const t0 = Date.now();
  const measured = await measureWeb(targetOf(result, deps), {
    net,
    timeouts: deps.timeouts,
    // The blocked result's control is reused: the helper is not asked again about the same site.
    control: null,
    noControlReason: 'strategy',
    useDoh: false,
    ...(deps.throughput ? { throughput: deps.throughput } : {}),
    signal: deps.signal,
  });
  const observations: Observation[] = measured.observations;
  return judge(result, verdictFor(result, observations, deps.connectivity ?? 'ok'), observations, Date.now() - t0);
}

function tryOne(name: StrategyName, result: Result, shape: Shape, deps: StrategyDeps): Promise<StrategyResult> {
  const viaNetwork = (net: Network) => measureThrough(result, net, deps);
  const now = (r: StrategyResult) => Promise.resolve(r);
  switch (name) {
    case 'doh': {
      if (shape.literal) return now(notApplicable('address-literal'));
      const net = dohResolverNetwork(deps.net);
      return net ? viaNetwork(net) : now(notApplicable('no-doh-resolver'));
    }
    case 'tcp-split':
    case 'tls-record-split':
      if (!shape.https) return now(notApplicable('not-tls'));
      if (shape.literal) return now(notApplicable('address-literal'));
      return viaNetwork(name === 'tcp-split' ? tcpSplitNetwork(deps.net) : tlsRecordSplitNetwork(deps.net));
    case 'host-case':
      if (!shape.http) return now(notApplicable('not-plain-http'));
      if (shape.literal) return now(notApplicable('address-literal'));
      return viaNetwork(hostCaseNetwork(deps.net));
    case 'vpn':
    case 'tor': {
      const tunnel = deps.tunnels?.[name];
      if (!tunnel) return now(notApplicable('no-tunnel-configured'));
      return tryTunnel(tunnel, { net: deps.net, timeouts: deps.timeouts, signal: deps.signal, measureThrough: viaNetwork });
    }
  }
}

/**
 * Every strategy for one blocked result, at the same time (each on its own connections).
 * Anything but a blocked result gets nothing: strategies are about getting past a block.
 */
export async function tryStrategies(result: Result, deps: StrategyDeps): Promise<Strategies> {
  if (result.status !== 'blocked') return {};
  const shape = shapeOf(result);
  const names = STRATEGY_NAMES.filter((n) => !deps.only || deps.only.includes(n));
  const outcomes = await Promise.all(names.map(async (name) => [name, await tryOne(name, result, shape, deps)] as const));
  return Object.fromEntries(outcomes) as Strategies;
}

/** Strategies that got the person to the site, in the fixed order of STRATEGY_NAMES. */
export function strategiesThatWork(strategies: Strategies | undefined): StrategyName[] {
  return STRATEGY_NAMES.filter((name) => strategies?.[name]?.outcome === 'works');
}
