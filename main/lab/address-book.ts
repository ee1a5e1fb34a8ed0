// The lab's whole address plan: every host name gets its own 127.x.y.z the first time anyone asks,
// so an `ip` rule on one host can never hit a neighbour, and the middlebox can map an address back
// to the host it belongs to.
import ipaddr from 'ipaddr.js';

const FIRST = ipToNumber('127.1.0.1');
const LAST = ipToNumber('127.255.255.254');

function ipToNumber(ip: string): number {
  return ipaddr.IPv4.parse(ip).toByteArray().reduce((n, octet) => n * 256 + octet, 0);
}

function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Names of the lab's own services (re-exported by lab.ts, which is the public face). */
export const LAB_HOSTS = {
  control: 'th.lab.yoxla',
  doh: 'dns.lab.yoxla',
  echo: 'echo.lab.yoxla',
  connectivity: 'connectivity.lab.yoxla',
  speed: 'speed.lab.yoxla',
  portal: 'portal.lab.yoxla',
  sinkhole: 'sinkhole.lab.yoxla',
  /** The person's own VPN server and Tor bridge, for the `vpn` and `tor` strategies: any site's healthy origin. */
  vpnServer: 'vpn.lab.yoxla',
  torBridge: 'tor.lab.yoxla',
} as const;

export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

export class AddressBook {
  private readonly byHost = new Map<string, string>();
  private readonly byIp = new Map<string, string>();
  private next = FIRST;

  /** The address of `host`, allocated on first sight. */
  addressOf(host: string): string {
    const name = normalizeHost(host);
    const known = this.byHost.get(name);
    if (known) return known;
    const ip = this.allocate();
    this.byHost.set(name, ip);
    this.byIp.set(ip, name);
    return ip;
  }

  /** The host an address was given to, or undefined when the lab never handed it out. */
  hostOf(ip: string): string | undefined {
    return this.byIp.get(ip);
  }

  has(host: string): boolean {
    return this.byHost.has(normalizeHost(host));
  }

  private allocate(): string {
    // A last octet of .0 or .255 reads as a network/broadcast address to people and to some tools.
    while (this.next <= LAST) {
      const candidate = this.next++;
      const last = candidate % 256;
      if (last !== 0 && last !== 255) return numberToIp(candidate);
    }
    throw new Error('lab address book is full');
  }
}
