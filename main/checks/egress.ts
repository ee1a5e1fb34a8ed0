// Which network a real run leaves from, and whether a VPN is on: the public IP from an echo
// service, its network and country from the offline database, and the machine's own interface
// and routing tables. Never used in tests (the lab has its own echo and lookup).
import type { Network } from '../engine/network.ts';
import type { NetworkIdentity } from '../runner.ts';
import { fetchPublicIp } from './identity.ts';
import { detectVpnState, type DetectOptions, type VpnStateReport } from './vpn-state.ts';
import { lookupNetwork } from '../vpn/ip-database.ts';

/**
 * Cloudflare's trace page at a fixed address. The connectivity check already talks to this
 * address (its DoH resolver), so asking it for the public IP tells nobody new anything.
 */
export const PRODUCTION_ECHO = { url: 'https://1.1.1.1/cdn-cgi/trace', address: '1.1.1.1' };

const ECHO_TIMEOUT_MS = 5_000;

/**
 * An `identify` for `runTargets` on the real network. `onVpnState` receives the full VPN report
 * (with its evidence), which the run JSON keeps only as on/off/unknown.
 */
export function productionIdentify(
  net: Network,
  options: { onVpnState?: (report: VpnStateReport) => void; detect?: Omit<DetectOptions, 'egress'> } = {},
): (signal?: AbortSignal) => Promise<NetworkIdentity> {
  return async (signal) => {
    const ip = await fetchPublicIp(net, PRODUCTION_ECHO.url, PRODUCTION_ECHO.address, ECHO_TIMEOUT_MS, signal);
    const egress = ip ? await lookupNetwork(ip) : null;
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
