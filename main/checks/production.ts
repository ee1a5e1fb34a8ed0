// What a run on the real network talks to besides its targets. Each endpoint has a default and can
// be chosen by the person (yoxla check --control/--doh/--portal-check/--egress, or the app's
// Settings → Advanced): main/contract/endpoints.ts says what is accepted.
import type { DohConfig, Network } from '../engine/network.ts';
import { testHelperClient, type ControlClient } from '../engine/control.ts';
import { resolveSystem } from '../engine/dns.ts';
import { resolveDoh } from '../engine/doh.ts';
import { DEFAULT_DOH, productionNetwork } from '../engine/production-network.ts';
import type { RunEndpoints } from '../contract/endpoints.ts';
import { urlIpLiteral } from '../contract/endpoint-rules.ts';
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

/** The DoH resolver of a run: the chosen one at its given address, or the default. */
export function dohOf(endpoints: RunEndpoints): DohConfig | undefined {
  return endpoints.doh ? { url: endpoints.doh.url, bootstrap: [endpoints.doh.address] } : undefined;
}

/** The real network with the person's chosen DoH resolver (the system resolvers as the OS gives them). */
export function productionNetworkFor(endpoints: RunEndpoints = {}): Network {
  const doh = dohOf(endpoints);
  return productionNetwork(doh ? { doh } : {});
}

export async function productionSetup(net: Network, options: { useControl: boolean; endpoints?: RunEndpoints }): Promise<ProductionSetup> {
  const endpoints = options.endpoints ?? {};
  // The DoH server is also the connectivity reference: a TLS handshake with it, at its address and port.
  const doh = net.doh ?? DEFAULT_DOH;
  const dohUrl = new URL(doh.url);
  const probe: ConnectivityProbe = {
    reference: {
      host: dohUrl.hostname.replace(/^\[(.*)\]$/, '$1'),
      address: doh.bootstrap[0] ?? '1.1.1.1',
      port: Number(dohUrl.port || 443),
    },
    portalCheck: { url: endpoints.portalCheck ?? PORTAL_CHECK_URL, expectStatus: 204 },
  };
  // A helper the person named is one they consented to; OONI's only with their consent.
  const helper = endpoints.control ?? (options.useControl ? OONI_TEST_HELPERS[0] : undefined);
  if (helper === undefined) return { control: null, noControlReason: 'no-consent', probe };
  const literal = urlIpLiteral(helper);
  if (literal !== null) return { control: testHelperClient(net, { url: helper, addresses: [literal] }), probe };
  // The helper's own name may be censored: ask DoH as well as the system resolver.
  const host = new URL(helper).hostname;
  const [system, encrypted] = await Promise.all([resolveSystem(net, host, { timeoutMs: 4_000 }), resolveDoh(net, host, { timeoutMs: 4_000 })]);
  const addresses = [...new Set([...encrypted.answers, ...system.answers])];
  return { control: testHelperClient(net, { url: helper, addresses }), probe };
}
