// `vpn` and `tor`: can the user's own tunnel be reached from this network? A TCP connect to the
// tunnel's endpoint (the VPN server, the Tor bridge) over the user's connection. When a path
// through the tunnel is at hand (the lab's foreign egress), the target is also measured through
// it with the normal check, and only a real answer from the origin counts as `works`.
import type { Observation, TcpObservation } from '../contract/observations.ts';
import type { StrategyResult } from '../contract/strategies.ts';
import type { Network } from '../engine/network.ts';
import { resolveSystem } from '../engine/dns.ts';
import { tcpConnect } from '../engine/tcp.ts';
import { ipLiteral } from '../engine/dns-message.ts';
import { staggerMs, type Timeouts } from '../engine/timeouts.ts';
import { withRechecks } from '../checks/tries.ts';

export interface TunnelEndpoint {
  /** Host name or address of the VPN server or Tor bridge. */
  host: string;
  port: number;
}

export interface TunnelConfig {
  endpoint: TunnelEndpoint;
  /**
   * The network as seen through the tunnel. Without it, `works` means only that the endpoint
   * answers (code `tunnel-reachable`); with it, that the site itself answered through the tunnel.
   */
  through?: Network;
}

export type TunnelName = 'vpn' | 'tor';
export type Tunnels = Partial<Record<TunnelName, TunnelConfig>>;

export interface TunnelContext {
  net: Network;
  timeouts: Timeouts;
  signal?: AbortSignal;
  /** The normal check through another network, judged as the strategies judge (see index.ts). */
  measureThrough: (net: Network) => Promise<StrategyResult>;
}

/**
 * Connects to the endpoint: a timeout is tried twice (the re-check staggered beside the first
 * try), a fast failure three times, as the check does.
 */
async function reachEndpoint(endpoint: TunnelEndpoint, ctx: TunnelContext, record: (o: Observation) => void): Promise<TcpObservation> {
  const { net, timeouts, signal } = ctx;
  let ip = ipLiteral(endpoint.host);
  if (ip === null) {
    const dns = await resolveSystem(net, endpoint.host, { timeoutMs: timeouts.dns, signal });
    record(dns);
    ip = dns.answers.find((a) => !a.includes(':')) ?? dns.answers[0] ?? null;
    if (ip === null) {
      const now = Date.now();
      return { step: 'tcp', ip: endpoint.host, port: endpoint.port, t0: now, t1: now, attempt: 0, failure: dns.failure ?? 'dns_no_answer' };
    }
  }
  const to = { ip, port: endpoint.port };
  // A context of its own: the tunnel's link health is not the run's (three tries for a fast failure).
  return withRechecks(
    'tcp',
    { signal },
    timeouts.tcp,
    record,
    (attempt, timeoutMs, control) => tcpConnect(net, to, { timeoutMs, attempt, ...control }),
    { staggerMs: staggerMs('tcp', timeouts) },
  );
}

export async function tryTunnel(config: TunnelConfig, ctx: TunnelContext): Promise<StrategyResult> {
  const t0 = Date.now();
  const observations: Observation[] = [];
  const reached = await reachEndpoint(config.endpoint, ctx, (o) => observations.push(o));
  const done = (result: Omit<StrategyResult, 'observations' | 'durationMs'>, more: Observation[] = []): StrategyResult => ({
    ...result,
    observations: [...observations, ...more],
    durationMs: Date.now() - t0,
  });
  if (reached.failure !== null) return done({ outcome: 'fails', code: 'tunnel-unreachable', failure: reached.failure });
  if (!config.through) return done({ outcome: 'works', code: 'tunnel-reachable', failure: null });
  const through = await ctx.measureThrough(config.through);
  return done({ outcome: through.outcome, code: through.code, failure: through.failure }, through.observations);
}

