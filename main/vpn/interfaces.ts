// The machine's network interfaces, from the text each operating system prints: Linux `ip -j addr`
// or /sys/class/net, macOS `ifconfig`, Windows `Get-NetAdapter` (as JSON) or `ipconfig /all`.
// Pure parsers over recorded text, so each OS is tested on any OS.
import { isIP } from 'node:net';

export type InterfaceKind = 'tunnel' | 'physical' | 'loopback' | 'other';

export interface NetInterface {
  name: string;
  /** Driver or adapter description (Windows), when the OS gives one. */
  description?: string;
  /** Windows interface index, which `route print` uses for IPv6 routes. */
  index?: number;
  kind: InterfaceKind;
  /** What made it a tunnel: `name`, `link-type`, `driver`, `adapter-type`. */
  tunnelBy?: 'name' | 'link-type' | 'driver' | 'adapter-type';
  up: boolean;
  /** Addresses without prefix length; undefined when the source does not list them. */
  addresses?: string[];
}

/**
 * Interface names VPN software uses: the kernel's tun/tap/ppp/WireGuard families, macOS's utun and
 * ipsec, and the names clients give their own (Tailscale, NordLynx, Proton, Mullvad, Outline, WARP).
 */
const TUNNEL_NAME =
  /^(tun|tap|wg|utun|ppp|ipsec|vti|ip_vti|l2tp|gpd|tailscale|zt|nordlynx|nordtun|proton|pvpn|mullvad|outline-tun|wt|cloudflarewarp|warp|psiphon|vpn)[\w.-]*$/i;

/** Adapter drivers of VPN clients on Windows (the description, which Windows does not translate). */
const TUNNEL_DRIVER =
  /wireguard|wintun|tap-windows|tap-protonvpn|openvpn|data channel offload|protonvpn|proton vpn|mullvad|nordlynx|outline|psiphon|wan miniport \((ikev2|l2tp|pptp|sstp)\)|anyconnect|fortinet|pangp|juniper|cloudflare warp|tailscale|zerotier|tunnelbear|windscribe|hotspot shield|surfshark|expressvpn|ipvanish|hide\.me|softether|ras async adapter/i;

const LOOPBACK_NAME = /^(lo\d*|loopback.*)$/i;
/**
 * Ethernet, Wi-Fi and mobile modems. A USB LTE modem in raw-IP mode has link type `none` like a
 * tun device, so its name must win over its link type.
 */
const PHYSICAL_NAME = /^(eth|en|wl|wlan|wwan|ww|rmnet|ccmni|usb|eno|ens|enp|enx|wlp)/i;
/** Bridges and virtual links that carry no user traffic out of the machine. */
const VIRTUAL_NAME = /^(docker|br-|veth|virbr|vmnet|vboxnet|lxc|lxd|cni|flannel|cali|ifb|dummy|bridge|awdl|llw|anpi|ap\d|gif|stf|p2p|ham|vEthernet)/i;

/** How an interface known only by name (a route's `dev`) is classified. */
export function byName(name: string): Pick<NetInterface, 'kind' | 'tunnelBy'> {
  if (LOOPBACK_NAME.test(name)) return { kind: 'loopback' };
  if (TUNNEL_NAME.test(name)) return { kind: 'tunnel', tunnelBy: 'name' };
  if (VIRTUAL_NAME.test(name)) return { kind: 'other' };
  return { kind: 'physical' };
}

const stripZone = (address: string): string => address.replace(/%.*$/, '');

/** An address that can carry traffic beyond the link: not loopback, link-local or unspecified. */
export function isRoutableAddress(address: string): boolean {
  const a = stripZone(address).toLowerCase();
  if (isIP(a) === 4) return !a.startsWith('127.') && !a.startsWith('169.254.') && a !== '0.0.0.0';
  if (isIP(a) === 6) return a !== '::1' && a !== '::' && !/^fe[89ab]/.test(a);
  return false;
}

/**
 * A tunnel that is up and can carry traffic. An interface listing addresses needs a routable one:
 * every Mac has utun0–utun3 up with only link-local IPv6 (iCloud, Handoff), which are not VPNs.
 */
export function isActiveTunnel(i: NetInterface): boolean {
  if (i.kind !== 'tunnel' || !i.up) return false;
  return i.addresses === undefined || i.addresses.some(isRoutableAddress);
}

// ---- Linux ---------------------------------------------------------------------------------------

interface IpJsonLink {
  ifname?: unknown;
  flags?: unknown;
  operstate?: unknown;
  link_type?: unknown;
  addr_info?: unknown;
}

/** Link types of tunnels in iproute2's JSON (`none` is tun and WireGuard). */
const TUNNEL_LINK_TYPES = new Set(['none', 'ppp', 'ipip', 'gre', 'gre6', 'sit', 'tunnel6', 'ip6tnl', 'vti', 'vti6']);

export function parseLinuxIpAddr(text: string): NetInterface[] | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(json)) return null;
  return json.flatMap((raw: IpJsonLink): NetInterface[] => {
    if (typeof raw.ifname !== 'string') return [];
    const flags = Array.isArray(raw.flags) ? raw.flags.map(String) : [];
    const operstate = typeof raw.operstate === 'string' ? raw.operstate : 'UNKNOWN';
    const linkType = typeof raw.link_type === 'string' ? raw.link_type : '';
    const addresses = Array.isArray(raw.addr_info)
      ? raw.addr_info.flatMap((a: { local?: unknown }) => (typeof a.local === 'string' ? [a.local] : []))
      : [];
    const named = byName(raw.ifname);
    const kind =
      named.kind === 'loopback' || linkType === 'loopback'
        ? { kind: 'loopback' as const }
        : named.kind === 'tunnel'
          ? named
          : TUNNEL_LINK_TYPES.has(linkType) && !PHYSICAL_NAME.test(raw.ifname)
            ? { kind: 'tunnel' as const, tunnelBy: 'link-type' as const }
            : named;
    // tun and WireGuard report operstate UNKNOWN while working; only DOWN says they are not.
    const up = flags.includes('UP') && operstate !== 'DOWN' && operstate !== 'LOWERLAYERDOWN' && operstate !== 'NOTPRESENT';
    return [{ name: raw.ifname, ...kind, up, addresses }];
  });
}

/** What the production reader collects from /sys/class/net/NAME/{type,operstate,flags}. */
export interface SysfsEntry {
  name: string;
  type: string;
  operstate: string;
  flags: string;
}

/** ARPHRD_* numbers of tunnels (if_arp.h): NONE (tun, WireGuard), PPP, TUNNEL, TUNNEL6, SIT, IPGRE, IP6GRE. */
const TUNNEL_ARPHRD = new Set([65534, 512, 768, 769, 776, 778, 823]);
const ARPHRD_LOOPBACK = 772;
const IFF_UP = 0x1;

/** /sys/class/net has no addresses: a tunnel there counts when it is up. */
export function parseLinuxSysfs(entries: readonly SysfsEntry[]): NetInterface[] {
  return entries.map((e) => {
    const type = Number.parseInt(e.type.trim(), 10);
    const flags = Number.parseInt(e.flags.trim(), 16);
    const operstate = e.operstate.trim().toLowerCase();
    const named = byName(e.name);
    const kind =
      type === ARPHRD_LOOPBACK || named.kind === 'loopback'
        ? { kind: 'loopback' as const }
        : named.kind === 'tunnel'
          ? named
          : TUNNEL_ARPHRD.has(type) && !PHYSICAL_NAME.test(e.name)
            ? { kind: 'tunnel' as const, tunnelBy: 'link-type' as const }
            : named;
    const up = Number.isFinite(flags) && (flags & IFF_UP) !== 0 && operstate !== 'down' && operstate !== 'lowerlayerdown';
    return { name: e.name, ...kind, up };
  });
}

// ---- macOS ---------------------------------------------------------------------------------------

/** `ifconfig` (no arguments): a block per interface, header at column 0, details indented. */
export function parseMacIfconfig(text: string): NetInterface[] {
  const out: NetInterface[] = [];
  let current: (NetInterface & { status?: string }) | null = null;
  const push = () => {
    if (!current) return;
    // `status: inactive` is how macOS says a link is down even with the UP flag set.
    const { status, ...iface } = current;
    out.push({ ...iface, up: iface.up && status !== 'inactive' });
  };
  for (const line of text.split(/\r?\n/)) {
    const header = /^([A-Za-z][\w.-]*):\s+flags=[0-9a-f]+<([^>]*)>/i.exec(line);
    if (header?.[1]) {
      push();
      const flags = (header[2] ?? '').split(',');
      current = { name: header[1], ...byName(header[1]), up: flags.includes('UP') && flags.includes('RUNNING'), addresses: [] };
      continue;
    }
    if (!current) continue;
    const inet = /^\s+inet6?\s+([0-9a-fA-F:.%\w]+)/.exec(line);
    if (inet?.[1] && isIP(stripZone(inet[1]))) current.addresses?.push(inet[1]);
    const status = /^\s+status:\s+(\w+)/.exec(line);
    if (status?.[1]) current.status = status[1];
  }
  push();
  return out;
}

// ---- Windows -------------------------------------------------------------------------------------

/** `Get-NetAdapter | Select-Object Name,InterfaceDescription,Status,ifIndex | ConvertTo-Json`. */
export function parseWindowsNetAdapterJson(text: string): NetInterface[] | null {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  // ConvertTo-Json prints a lone adapter as an object, not a one-element array.
  const list = Array.isArray(json) ? json : json && typeof json === 'object' ? [json] : null;
  if (!list) return null;
  return list.flatMap((raw: Record<string, unknown>): NetInterface[] => {
    const name = typeof raw.Name === 'string' ? raw.Name : null;
    if (!name) return [];
    const description = typeof raw.InterfaceDescription === 'string' ? raw.InterfaceDescription : '';
    // Status is a string with Select-Object, a number (1 = Up) when the enum was not expanded.
    const up = raw.Status === 'Up' || raw.Status === 1;
    const index = typeof raw.ifIndex === 'number' ? raw.ifIndex : undefined;
    return [{ name, description, ...(index !== undefined ? { index } : {}), ...windowsKind(name, description), up }];
  });
}

export function windowsKind(name: string, description: string): Pick<NetInterface, 'kind' | 'tunnelBy'> {
  if (TUNNEL_DRIVER.test(description)) return { kind: 'tunnel', tunnelBy: 'driver' };
  if (/loopback/i.test(description) || /loopback/i.test(name)) return { kind: 'loopback' };
  if (TUNNEL_NAME.test(name)) return { kind: 'tunnel', tunnelBy: 'name' };
  if (/hyper-v|virtualbox|vmware|bluetooth|teredo|isatap|6to4|kernel debug/i.test(description)) return { kind: 'other' };
  return { kind: 'physical' };
}

const IPV4_IN = /(\d{1,3}(?:\.\d{1,3}){3})/;
const IPV6_IN = /([0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?:%\d+)?)/;

/**
 * `ipconfig /all`. Windows translates its labels (Description, Media State...), so only what is
 * not translated is relied on: block headers at column 0, `. . . :` value lines, the words IPv4
 * and IPv6 in address labels, and driver names. `Unknown adapter` (WireGuard, Wintun) and
 * `PPP adapter` (built-in VPN) are kept in English by every Windows we know of; elsewhere the
 * driver name decides.
 */
export function parseWindowsIpconfig(text: string): NetInterface[] {
  const out: NetInterface[] = [];
  const blocks: { header: string; lines: string[] }[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\S.*:\s*$/.test(line)) blocks.push({ header: line.trim().replace(/:$/, ''), lines: [] });
    else blocks[blocks.length - 1]?.lines.push(line);
  }
  for (const block of blocks) {
    const fields = block.lines.flatMap((line) => {
      const m = /^\s+([^:]*?)[ .]*:\s*(.*)$/.exec(line);
      return m ? [{ label: m[1] ?? '', value: (m[2] ?? '').trim() }] : [];
    });
    // The global block (host name, DNS suffix list) has no adapter behind it.
    if (!fields.some((f) => /physical|физический|fiziki|description|описание|təsvir/i.test(f.label)) && !/adapter|адаптер/i.test(block.header)) continue;
    const name = /adapter\s+(.+)$/i.exec(block.header)?.[1] ?? /адаптер\s+(?:\S+\s+)?(.+)$/i.exec(block.header)?.[1] ?? block.header;
    const description =
      fields.find((f) => /^(description|описание|təsvir|açıklama|beschreibung)/i.test(f.label))?.value ??
      fields.find((f) => TUNNEL_DRIVER.test(f.value))?.value ??
      '';
    const addresses: string[] = [];
    for (const f of fields) {
      if (!/ipv4|ipv6|ip address|link-local/i.test(f.label)) continue;
      const v4 = IPV4_IN.exec(f.value)?.[1];
      const v6 = IPV6_IN.exec(f.value)?.[1];
      const found = v4 && isIP(v4) ? v4 : v6 && isIP(stripZone(v6)) ? v6 : undefined;
      if (found) addresses.push(found);
    }
    const disconnected = fields.some((f) => /media disconnected|носитель отключен|среда передачи недоступна|bağlantı kəsilib/i.test(f.value));
    const headerKind: Pick<NetInterface, 'kind' | 'tunnelBy'> | null = /^(unknown|ppp) adapter/i.test(block.header)
      ? { kind: 'tunnel', tunnelBy: 'adapter-type' }
      : null;
    const kind = windowsKind(name, description);
    out.push({
      name,
      description,
      ...(kind.kind === 'tunnel' ? kind : (headerKind ?? kind)),
      up: !disconnected && addresses.length > 0,
      addresses,
    });
  }
  return out;
}
