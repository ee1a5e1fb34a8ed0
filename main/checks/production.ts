// What a run on the real network talks to besides its targets. Never used in tests.
import type { Network } from '../engine/network.ts';
import { testHelperClient, type ControlClient } from '../engine/control.ts';
import { resolveSystem } from '../engine/dns.ts';
import { resolveDoh } from '../engine/doh.ts';
import type { ConnectivityProbe } from './connectivity.ts';

/** OONI's web-connectivity test helpers; they learn each tested URL, hence consent first. */
export const OONI_TEST_HELPERS = ['https://0.th.ooni.org/', 'https://1.th.ooni.org/', 'https://2.th.ooni.org/'];
/** Android's connectivity check: a captive portal answers it with anything but 204. */
export const PORTAL_CHECK_URL = 'http://connectivitycheck.gstatic.com/generate_204';

export interface ProductionSetup {
  control: ControlClient | null;
  noControlReason?: string;
  probe: ConnectivityProbe;
}

export async function productionSetup(net: Network, options: { useControl: boolean }): Promise<ProductionSetup> {
  const doh = net.doh;
  const probe: ConnectivityProbe = {
    reference: { host: doh ? new URL(doh.url).hostname : 'cloudflare-dns.com', address: doh?.bootstrap[0] ?? '1.1.1.1', port: 443 },
    portalCheck: { url: PORTAL_CHECK_URL, expectStatus: 204 },
  };
  if (!options.useControl) return { control: null, noControlReason: 'no-consent', probe };
  // The helper's own name may be censored: ask DoH as well as the system resolver.
  const helper = OONI_TEST_HELPERS[0] as string;
  const host = new URL(helper).hostname;
  const [system, encrypted] = await Promise.all([resolveSystem(net, host, { timeoutMs: 4_000 }), resolveDoh(net, host, { timeoutMs: 4_000 })]);
  const addresses = [...new Set([...encrypted.answers, ...system.answers])];
  return { control: testHelperClient(net, { url: helper, addresses }), probe };
}
