// Whether the system resolver's answers could be the site's real addresses, judged against the
// control's own lookup (and DoH, an independent view over an encrypted path). OONI's
// dns_consistency, plus the bogon check newer probes flag in x_dns_flags.
import ipaddr from 'ipaddr.js';
import type { Control } from '../contract/observations.ts';
import { endpointKey } from './steps.ts';

type Parsed = ReturnType<typeof ipaddr.process>;

/** Ranges no public site lives in; a censor's DNS often points at one of them. */
const BOGON_RANGES: Record<string, [Parsed, number][]> = {
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => ipaddr.parseCIDR(c)),
  'this-network': [ipaddr.parseCIDR('0.0.0.0/8'), ipaddr.parseCIDR('::/128')],
  cgnat: [ipaddr.parseCIDR('100.64.0.0/10')],
  'link-local': [ipaddr.parseCIDR('169.254.0.0/16'), ipaddr.parseCIDR('fe80::/10')],
  loopback: [ipaddr.parseCIDR('127.0.0.0/8'), ipaddr.parseCIDR('::1/128')],
  'unique-local': [ipaddr.parseCIDR('fc00::/7')],
};

function parse(ip: string): Parsed | null {
  // `process` folds IPv4-mapped IPv6 into IPv4, so ::ffff:10.0.0.1 is still private.
  return ipaddr.isValid(ip) ? ipaddr.process(ip) : null;
}

/** Canonical text of an address, so 2001:DB8::1 and 2001:db8:0::1 compare equal. */
export function normalizeIp(ip: string): string {
  return parse(ip)?.toString() ?? ip.toLowerCase();
}

/** Name of the bogon range an address falls in, or null for a public address. */
export function bogonRange(ip: string): string | null {
  const addr = parse(ip);
  if (!addr) return null;
  const name = ipaddr.subnetMatch(addr, BOGON_RANGES, '');
  return name === '' ? null : name;
}

export type DnsConsistency = 'consistent' | 'inconsistent' | 'bogon' | 'unknown';

export type DnsConsistencyReason =
  | 'no-answers'
  | 'same-address'
  | 'doh-agrees'
  | 'same-asn'
  | 'control-tls-validated'
  | 'bogon'
  | 'no-shared-address'
  | 'nothing-to-compare';

export interface DnsConsistencyResult {
  verdict: DnsConsistency;
  reason: DnsConsistencyReason;
  /** System answers in a bogon range the control's addresses are not in. */
  bogons: string[];
}

export interface DnsConsistencyInput {
  system: readonly string[];
  doh: readonly string[];
  control: Control | null;
  /** Port the site is reached on, to find the helper's TLS handshakes to the probe's addresses. */
  port: number;
}

export function dnsConsistency({ system, doh, control, port }: DnsConsistencyInput): DnsConsistencyResult {
  const none: string[] = [];
  if (system.length === 0) return { verdict: 'unknown', reason: 'no-answers', bogons: none };
  const ours = new Set(system.map(normalizeIp));
  const controlAddrs = (control?.dns.failure === null ? (control.dns.addrs ?? []) : []).map(normalizeIp);
  if (controlAddrs.some((a) => ours.has(a))) return { verdict: 'consistent', reason: 'same-address', bogons: none };
  if (doh.map(normalizeIp).some((a) => ours.has(a))) return { verdict: 'consistent', reason: 'doh-agrees', bogons: none };

  // Same network as the control's answers: a CDN handing out a nearby replica.
  const info = control?.ip_info ?? {};
  const asnOf = (ip: string): number => {
    const entry = info[ip] ?? info[normalizeIp(ip)];
    return entry && entry.asn > 0 ? entry.asn : 0;
  };
  const controlAsns = new Set(controlAddrs.map(asnOf).filter((n) => n > 0));
  if (system.some((ip) => controlAsns.has(asnOf(ip)))) return { verdict: 'consistent', reason: 'same-asn', bogons: none };

  // The helper completed a TLS handshake for the real name at one of our addresses: it serves the site.
  const handshakes = control?.tls_handshake ?? {};
  if (system.some((ip) => handshakes[endpointKey(ip, port)]?.status === true)) {
    return { verdict: 'consistent', reason: 'control-tls-validated', bogons: none };
  }

  // A private answer is a lie only if the real site is elsewhere: the lab serves real sites on 127/8.
  const controlRanges = new Set(controlAddrs.map(bogonRange));
  const bogons = controlAddrs.length === 0 ? none : system.filter((ip) => {
    const range = bogonRange(ip);
    return range !== null && !controlRanges.has(range);
  });
  if (bogons.length > 0) return { verdict: 'bogon', reason: 'bogon', bogons };
  if (controlAddrs.length === 0 && doh.length === 0) return { verdict: 'unknown', reason: 'nothing-to-compare', bogons: none };
  return { verdict: 'inconsistent', reason: 'no-shared-address', bogons: none };
}
