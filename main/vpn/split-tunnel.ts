// Split tunnelling: keeping some services outside the VPN so they see an Azerbaijani address while
// everything else stays inside. Two halves: plain guidance per VPN client (the words live in
// locales/{en,az}/vpn.json under vpn.split.*), and the WireGuard AllowedIPs generator's plan.
import { isIP } from 'node:net';
import { AddressError, allowedIpsExcluding, parseRange, type Family } from './allowed-ips.ts';

/** Clients and systems with guidance, in the order a person meets them. */
export const SPLIT_CLIENTS = ['wireguard', 'openvpn', 'outline', 'psiphon', 'proton-vpn', 'android', 'ios', 'windows', 'macos'] as const;
export type SplitClient = (typeof SPLIT_CLIENTS)[number];

/** Locale keys of one client's guidance: a name, the steps, and how safe the option is. */
export const guidanceKeys = (client: SplitClient) => ({
  name: `vpn.split.clients.${client}.name`,
  how: `vpn.split.clients.${client}.how`,
  note: `vpn.split.clients.${client}.note`,
});

/**
 * Locale keys of the safety text, always shown with any split-tunnel advice: what the ISP learns
 * about a service left outside the VPN, and that a person at risk keeps the VPN on.
 */
export const SAFETY_KEYS = ['vpn.safety.reveals', 'vpn.safety.notContent', 'vpn.safety.threatModel', 'vpn.safety.addressesChange'] as const;

export class ExclusionError extends Error {}

/** A host name, an IP or a CIDR as the person typed it; a URL is read for its host. */
export type ExclusionInput = { kind: 'cidr'; text: string } | { kind: 'host'; host: string };

const HOST_NAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?:\.(?!-)[a-z0-9-]{1,63})+\.?$/i;

export function parseExclusion(text: string): ExclusionInput {
  const trimmed = text.trim();
  const bare = trimmed.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) || trimmed.includes('/')) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return parseUrl(trimmed);
    try {
      parseRange(bare);
      return { kind: 'cidr', text: bare };
    } catch (err) {
      if (err instanceof AddressError) throw new ExclusionError(`--exclude ${text}: ${err.message}`);
      throw err;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return parseUrl(trimmed);
  if (!HOST_NAME.test(trimmed)) throw new ExclusionError(`--exclude ${text}: not a host name, IP address or CIDR`);
  return { kind: 'host', host: trimmed.toLowerCase().replace(/\.$/, '') };
}

function parseUrl(text: string): ExclusionInput {
  try {
    const host = new URL(text).hostname.replace(/^\[(.*)\]$/, '$1');
    return isIP(host) ? { kind: 'cidr', text: host } : parseExclusion(host);
  } catch {
    throw new ExclusionError(`--exclude ${text}: not a valid URL`);
  }
}

/** Every address of a host name (IPv4 and IPv6); the production one asks the system resolver. */
export type Resolver = (host: string) => Promise<string[]>;

export interface ResolvedExclusion {
  /** What was asked for: the host, IP or CIDR, or the WireGuard server's endpoint. */
  input: string;
  /** `endpoint`: the VPN server itself, left out so the tunnel's own packets don't loop into it. */
  role: 'service' | 'endpoint';
  addresses: string[];
}

/** Resolves every host; one that resolves to nothing stops the whole plan (nothing half-done). */
export async function resolveExclusions(inputs: readonly ExclusionInput[], resolve: Resolver, role: ResolvedExclusion['role'] = 'service'): Promise<ResolvedExclusion[]> {
  return Promise.all(
    inputs.map(async (input): Promise<ResolvedExclusion> => {
      if (input.kind === 'cidr') return { input: input.text, role, addresses: [input.text] };
      const addresses = await resolve(input.host).catch(() => []);
      const valid = [...new Set(addresses.filter((a) => isIP(a)))];
      if (valid.length === 0) throw new ExclusionError(`cannot find the addresses of ${input.host}`);
      return { input: input.host, role, addresses: valid };
    }),
  );
}

/** AllowedIPs for the families given, leaving out every resolved address. */
export function allowedIpsFor(exclusions: readonly ResolvedExclusion[], families: readonly Family[] = [4, 6]): string[] {
  return allowedIpsExcluding(
    exclusions.flatMap((e) => e.addresses),
    families,
  );
}
