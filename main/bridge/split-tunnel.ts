// vpn:split-tunnel — `yoxla split-tunnel` for the app: the WireGuard AllowedIPs that keep the VPN
// on for everything except the named services, and, given the person's config text, that config
// rewritten (returned, never written: the app saves it where the person chooses).
import type { z } from 'zod';
import type { SplitTunnelResultSchema } from '../contract/bridge.ts';
import type { Family } from '../vpn/allowed-ips.ts';
import { allowedIpsFor, ExclusionError, parseExclusion, resolveExclusions, type ExclusionInput, type ResolvedExclusion } from '../vpn/split-tunnel.ts';
import { peerEndpoints, rewriteAllowedIps } from '../vpn/wireguard-conf.ts';
import { BridgeFailure } from './errors.ts';
import type { ResolveHost } from './types.ts';

type SplitTunnelResult = z.infer<typeof SplitTunnelResultSchema>;

const REWRITE_ERRORS = {
  'no-peer': 'the WireGuard config has no [Peer] section',
  'no-full-tunnel-peer': 'the WireGuard config has no peer that sends all traffic (0.0.0.0/0 or ::/0) through the tunnel, so there is nothing to split',
} as const;

function parseAll(texts: readonly string[], code: 'bad-request' | 'bad-file'): ExclusionInput[] {
  try {
    return texts.map(parseExclusion);
  } catch (err) {
    if (err instanceof ExclusionError) throw new BridgeFailure(code, err.message.replace(/^--exclude /, ''));
    throw err;
  }
}

async function resolveAll(inputs: readonly ExclusionInput[], resolveHost: ResolveHost | undefined, role: ResolvedExclusion['role']): Promise<ResolvedExclusion[]> {
  const names = inputs.filter((i) => i.kind === 'host');
  if (names.length > 0 && !resolveHost) throw new BridgeFailure('unavailable', `cannot look up ${names[0]?.kind === 'host' ? names[0].host : ''} here: give IP addresses or CIDRs`);
  try {
    return await resolveExclusions(inputs, resolveHost ?? (async () => []), role);
  } catch (err) {
    if (err instanceof ExclusionError) throw new BridgeFailure('not-found', err.message);
    throw err;
  }
}

export async function splitTunnel(request: { exclude: string[]; wireguard?: string | undefined }, resolveHost: ResolveHost | undefined): Promise<SplitTunnelResult> {
  const texts = request.exclude.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (texts.length === 0) throw new BridgeFailure('bad-request', 'nothing to leave outside the VPN');
  const services = await resolveAll(parseAll(texts, 'bad-request'), resolveHost, 'service');
  if (request.wireguard === undefined) return { allowedIps: allowedIpsFor(services), conf: null };

  // The VPN server itself stays outside the tunnel, or the tunnel's own packets would loop into it.
  const endpoints = await resolveAll(parseAll(peerEndpoints(request.wireguard), 'bad-file'), resolveHost, 'endpoint');
  const exclusions = [...services, ...endpoints];
  let families: Family[] = [4, 6];
  const rewritten = rewriteAllowedIps(request.wireguard, (f) => {
    families = f;
    return allowedIpsFor(exclusions, f);
  });
  if (!rewritten.ok) throw new BridgeFailure('bad-file', REWRITE_ERRORS[rewritten.error]);
  return { allowedIps: allowedIpsFor(exclusions, families), conf: rewritten.text };
}
