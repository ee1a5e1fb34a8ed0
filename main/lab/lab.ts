// The censorship lab (DESIGN.md section 4): a small internet on 127.0.0.1 that behaves like an
// Azerbaijani ISP per a scenario. The engine sees it only as three `Network`s: the domestic
// path (censored), the vpn path and the control vantage point (both foreign, uncensored).
import type { Network } from '../engine/network.ts';
import type { Scenario } from './scenario.ts';
import { CertificateAuthority } from './ca.ts';
import { AddressBook, LAB_HOSTS } from './address-book.ts';
import { domesticPolicy, startDnsServer, truthfulPolicy, type DnsServer } from './dns-server.ts';
import { SecureContextStore, startOrigin, VPN_EGRESS_IP, type Origin, type RequestHandler } from './origin.ts';
import { startMiddlebox, type Middlebox } from './middlebox.ts';
import { labNetwork, type LabPath } from './lab-network.ts';
import { createControlHandler } from './control-server.ts';

export { LAB_HOSTS } from './address-book.ts';
export type { LabPath } from './lab-network.ts';
export { VPN_EGRESS_IP } from './origin.ts';

export interface Lab {
  readonly scenario: Scenario;
  /** The lab CA the engine trusts in lab mode only. */
  readonly caPem: string;
  /** Always wrapped in withLoopbackGuard. */
  network(path: LabPath): Network;
  /** The 127.x.y.z the lab DNS gives this host (allocated if new). */
  addressOf(host: string): string;
  readonly controlUrl: string;
  readonly echoUrl: string;
  readonly connectivityUrl: string;
  speedUrl(bytes: number): string;
  lookupNetwork(ip: string): { asn: string; cc: string; name?: string };
  /** Closes every server, socket and timer; idempotent. */
  close(): Promise<void>;
}

const VPN_EGRESS_NETWORK = { asn: 'AS9009', cc: 'NL', name: 'M247 Ltd (lab VPN egress)' };
const KNOWN_ISPS: Record<string, string> = { AS29049: 'Delta Telecom' };

export async function startLab(scenario: Scenario): Promise<Lab> {
  const book = new AddressBook();
  // Named up front so `ip` rules and the middlebox can work by address from the first packet.
  for (const host of Object.values(LAB_HOSTS)) book.addressOf(host);
  for (const host of Object.keys(scenario.sites)) book.addressOf(host);
  for (const rule of scenario.censor) if (rule.at === 'ip') book.addressOf(rule.host);

  const [ca, interceptionCa] = await Promise.all([
    CertificateAuthority.create('Yoxla Lab CA'),
    CertificateAuthority.create('AzInternet Interception CA'),
  ]);

  const running: { close(): Promise<void> }[] = [];
  const closeAll = () => Promise.all(running.map((r) => r.close())).then(() => undefined);
  const started = <T extends { close(): Promise<void> }>(resource: T): T => {
    running.push(resource);
    return resource;
  };

  try {
    const { rttMs, state } = scenario.network;
    const dns: Record<'domestic' | 'foreign', DnsServer> = {
      domestic: started(await startDnsServer({ policy: domesticPolicy(scenario, book), delayMs: rttMs })),
      foreign: started(await startDnsServer({ policy: truthfulPolicy(book), delayMs: 0 })),
    };

    // Filled once the control network exists, which needs the origins first.
    const control: { handler?: RequestHandler } = {};
    const originOptions = {
      scenario,
      book,
      certs: new SecureContextStore(ca),
      dohPolicy: truthfulPolicy(book),
      controlHandler: () => {
        if (!control.handler) throw new Error('lab control handler used before start-up finished');
        return control.handler;
      },
    };
    const origins: Record<'domestic' | 'foreign', Origin> = {
      domestic: started(await startOrigin({ ...originOptions, egress: 'domestic' })),
      foreign: started(await startOrigin({ ...originOptions, egress: 'foreign' })),
    };

    const interception = new SecureContextStore(interceptionCa);
    const box = (origin: Origin, rtt: number, isp: boolean) =>
      startMiddlebox({ scenario, book, origin, interception, rttMs: rtt, isp });
    const middleboxes: Record<LabPath, Middlebox> = {
      domestic: started(await box(origins.domestic, rttMs, true)),
      vpn: started(await box(origins.foreign, rttMs, false)),
      control: started(await box(origins.foreign, 0, false)),
    };

    const makeNetwork = (path: LabPath) =>
      labNetwork({
        path,
        middleboxPort: middleboxes[path].port,
        dns: path === 'domestic' ? dns.domestic : dns.foreign,
        caPem: ca.certPem,
        dohAddress: book.addressOf(LAB_HOSTS.doh),
        offline: path === 'domestic' && state === 'offline',
        routeAddress: (ip) => book.addressOf(ip),
        ownsAddress: (ip) => book.hostOf(ip) !== undefined,
      });
    const networks: Record<LabPath, Network> = {
      domestic: makeNetwork('domestic'),
      vpn: makeNetwork('vpn'),
      control: makeNetwork('control'),
    };
    control.handler = createControlHandler(networks.control);

    let closing: Promise<void> | undefined;
    return {
      scenario,
      caPem: ca.certPem,
      network: (path) => networks[path],
      addressOf: (host) => book.addressOf(host),
      controlUrl: `https://${LAB_HOSTS.control}/`,
      echoUrl: `http://${LAB_HOSTS.echo}/ip`,
      connectivityUrl: `http://${LAB_HOSTS.connectivity}/generate_204`,
      speedUrl: (bytes) => `https://${LAB_HOSTS.speed}/large?bytes=${Math.max(0, Math.floor(bytes))}`,
      lookupNetwork(ip) {
        if (ip === scenario.network.publicIp) {
          const name = KNOWN_ISPS[scenario.network.asn];
          return { asn: scenario.network.asn, cc: scenario.network.cc, ...(name ? { name } : {}) };
        }
        if (ip === VPN_EGRESS_IP) return { ...VPN_EGRESS_NETWORK };
        return { asn: 'AS0', cc: 'ZZ' };
      },
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
