// Which network a real run leaves from, and whether a VPN is on: the public IP from an echo
// service, its network and country from the offline database, and the machine's own interface
// and routing tables. The lab has its own echo and lookup.
import type { Network } from '../engine/network.ts';
import type { NetworkIdentity } from '../runner.ts';
import { fetchEcho } from './identity.ts';
import { detectVpnState, type DetectOptions, type VpnStateReport } from './vpn-state.ts';
import { lookupNetwork, type NetworkInfo } from '../vpn/ip-database.ts';
import { resolveSystem } from '../engine/dns.ts';
import { urlIpLiteral } from '../contract/endpoint-rules.ts';

/**
 * Cloudflare's trace page at a fixed address. The connectivity check already talks to this
 * address (its DoH resolver), so asking it for the public IP tells nobody new anything.
 */
export const PRODUCTION_ECHO = { url: 'https://1.1.1.1/cdn-cgi/trace', address: '1.1.1.1' };

const ECHO_TIMEOUT_MS = 5_000;

export interface IdentifyOptions {
  onVpnState?: (report: VpnStateReport) => void;
  detect?: Omit<DetectOptions, 'egress'>;
  /** A chosen Cloudflare-trace-style page (`ip=`, `loc=`); false: do not look the egress up at all. */
  egress?: string | false;
}

/** Where the echo is: its IP literal, else its name as the system resolver answers it. */
async function echoAddress(net: Network, url: string, signal?: AbortSignal): Promise<string | null> {
  const literal = urlIpLiteral(url);
  if (literal !== null) return literal;
  const found = await resolveSystem(net, new URL(url).hostname, { timeoutMs: ECHO_TIMEOUT_MS, ...(signal ? { signal } : {}) });
  return found.answers.find((a) => !a.includes(':')) ?? found.answers[0] ?? null;
}

async function lookupEgress(net: Network, url: string, signal?: AbortSignal): Promise<{ ip: string | null; egress: NetworkInfo | null }> {
  const address = url === PRODUCTION_ECHO.url ? PRODUCTION_ECHO.address : await echoAddress(net, url, signal);
  const echo = address ? await fetchEcho(net, url, address, ECHO_TIMEOUT_MS, signal) : null;
  if (!echo) return { ip: null, egress: null };
  const known = await lookupNetwork(echo.ip);
  // The offline database comes first; the echo's own `loc=` fills a country it does not know.
  return { ip: echo.ip, egress: known.cc === 'ZZ' && echo.cc ? { ...known, cc: echo.cc } : known };
}

/**
 * An `identify` for `runTargets` on the real network. `onVpnState` receives the full VPN report
 * (with its evidence), which the run JSON keeps only as on/off/unknown.
 */
export function productionIdentify(net: Network, options: IdentifyOptions = {}): (signal?: AbortSignal) => Promise<NetworkIdentity> {
  return async (signal) => {
    const { ip, egress } = options.egress === false ? { ip: null, egress: null } : await lookupEgress(net, options.egress ?? PRODUCTION_ECHO.url, signal);
    const report = await detectVpnState({ ...options.detect, egress });
    options.onVpnState?.(report);
    return {
      ...(ip ? { ip } : {}),
      asn: egress?.asn ?? 'AS0',
      cc: egress?.cc ?? 'ZZ',
      ...(egress?.name ? { name: egress.name } : {}),
      vpn: report.state,
    };
  };
}
