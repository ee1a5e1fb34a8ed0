// Is a VPN on? Three kinds of evidence, weighed by a pure function: tunnel interfaces, whether the
// default route goes through one, and the country of the network the traffic leaves from. The
// production reader runs the operating system's own listing commands (read-only, no shell, with a
// timeout); when nothing decides, the answer is `unknown`, never a guess.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  byName,
  isActiveTunnel,
  parseLinuxIpAddr,
  parseLinuxSysfs,
  parseMacIfconfig,
  parseWindowsIpconfig,
  parseWindowsNetAdapterJson,
  windowsKind,
  type NetInterface,
  type SysfsEntry,
} from '../vpn/interfaces.ts';
import { parseLinuxRoutes, parseMacNetstat, parseWindowsRoutePrint, type DefaultRoute } from '../vpn/routes.ts';
import type { NetworkInfo } from '../vpn/ip-database.ts';

export type VpnState = 'on' | 'off' | 'unknown';

/** Evidence codes; `vpn.evidence.<code>` in locales/{en,az}/vpn.json says each in words. */
export const VPN_EVIDENCE_CODES = [
  'default-via-tunnel',
  'default-via-other',
  'tunnel-up-not-default',
  'tunnel-up',
  'no-tunnel',
  'no-default-route',
  'egress-foreign',
  'egress-home',
  'egress-unknown',
  'interfaces-unreadable',
  'routes-unreadable',
  'declared-by-user',
] as const;
export type VpnEvidenceCode = (typeof VPN_EVIDENCE_CODES)[number];

export interface VpnEvidence {
  code: VpnEvidenceCode;
  /** An interface name, or the egress network (`NL AS9009 M247 Ltd`). */
  detail?: string;
}

export interface VpnStateReport {
  state: VpnState;
  evidence: VpnEvidence[];
  /** The network the traffic leaves from, when the public IP was found. */
  egress: NetworkInfo | null;
}

export interface VpnStateInput {
  /** null: the interface table could not be read. */
  interfaces: NetInterface[] | null;
  /** null: the routing table could not be read. */
  routes: DefaultRoute[] | null;
  /** Windows `route print`'s interface list, for IPv6 routes that name an index only. */
  interfaceList?: { index: number; description: string }[];
  egress: NetworkInfo | null;
  /** Where the user is: Yoxla is for Azerbaijan. */
  homeCountry?: string;
}

const stripZone = (a: string) => a.replace(/%.*$/, '').toLowerCase();

/** The interface a route leaves through, from whatever the routing table names it by. */
function routeInterface(route: DefaultRoute, input: VpnStateInput): NetInterface | null {
  const list = input.interfaces ?? [];
  const { name, address, index } = route.via;
  if (name !== undefined) return list.find((i) => i.name === name) ?? { name, ...byName(name), up: true };
  if (address !== undefined) return list.find((i) => i.addresses?.some((a) => stripZone(a) === stripZone(address))) ?? null;
  if (index !== undefined) {
    const byIndex = list.find((i) => i.index === index);
    if (byIndex) return byIndex;
    const description = input.interfaceList?.find((l) => l.index === index)?.description;
    if (!description) return null;
    return list.find((i) => i.description === description) ?? { name: description, description, ...windowsKind(description, description), up: true };
  }
  return null;
}

const describeNetwork = (n: NetworkInfo) => [n.cc, n.asn, n.name].filter(Boolean).join(' ');

export function judgeVpnState(input: VpnStateInput): VpnStateReport {
  const home = input.homeCountry ?? 'AZ';
  const evidence: VpnEvidence[] = [];
  const add = (code: VpnEvidenceCode, detail?: string) => {
    if (!evidence.some((e) => e.code === code && e.detail === detail)) evidence.push(detail === undefined ? { code } : { code, detail });
  };

  const tunnels = (input.interfaces ?? []).filter(isActiveTunnel);
  const viaTunnel = new Set<string>();
  const viaOther = new Set<string>();
  for (const route of input.routes ?? []) {
    const iface = routeInterface(route, input);
    if (iface && isActiveTunnel(iface)) viaTunnel.add(iface.name);
    else viaOther.add(iface?.name ?? route.via.address ?? String(route.via.index ?? '?'));
  }

  for (const name of viaTunnel) add('default-via-tunnel', name);
  for (const t of tunnels) {
    if (viaTunnel.has(t.name)) continue;
    add(input.routes === null ? 'tunnel-up' : 'tunnel-up-not-default', t.name);
  }
  for (const name of viaOther) add('default-via-other', name);
  if (input.interfaces === null) add('interfaces-unreadable');
  else if (tunnels.length === 0) add('no-tunnel');
  if (input.routes === null) add('routes-unreadable');
  else if (input.routes.length === 0) add('no-default-route');

  const egress = input.egress && input.egress.cc !== 'ZZ' ? input.egress : null;
  if (!egress) add('egress-unknown');
  else add(egress.cc === home ? 'egress-home' : 'egress-foreign', describeNetwork(egress));

  let state: VpnState = 'unknown';
  if (viaTunnel.size > 0) state = 'on';
  // Traffic leaving from another country looks the same to a geo-fence as a VPN, whatever carries it.
  else if (egress && egress.cc !== home) state = 'on';
  else if (egress && egress.cc === home) state = 'off';
  else if (input.routes !== null && input.routes.length > 0) state = 'off';
  else if (input.interfaces !== null && tunnels.length === 0) state = 'off';
  return { state, evidence, egress: input.egress };
}

// ---- reading the real machine --------------------------------------------------------------------

/** Runs a program (never a shell) and gives its output, or null when it failed or took too long. */
export type Exec = (file: string, args: string[]) => Promise<string | null>;

const EXEC_TIMEOUT_MS = 5_000;

export const execText: Exec = (file, args) =>
  new Promise((resolve) => {
    execFile(file, args, { timeout: EXEC_TIMEOUT_MS, windowsHide: true, maxBuffer: 8 * 1024 * 1024, encoding: 'utf8' }, (error, stdout) =>
      resolve(error ? null : stdout),
    );
  });

/** /sys/class/net/NAME/{type,operstate,flags}, for machines without iproute2. */
export async function readSysfs(root = '/sys/class/net'): Promise<SysfsEntry[] | null> {
  try {
    const names = await readdir(root);
    const read = (name: string, file: string) => readFile(join(root, name, file), 'utf8').catch(() => '');
    return await Promise.all(
      names.map(async (name) => ({ name, type: await read(name, 'type'), operstate: await read(name, 'operstate'), flags: await read(name, 'flags') })),
    );
  } catch {
    return null;
  }
}

export interface MachineTables {
  interfaces: NetInterface[] | null;
  routes: DefaultRoute[] | null;
  interfaceList?: { index: number; description: string }[];
}

/** The interface and routing tables of this machine, as its operating system lists them. */
export async function readMachineTables(
  platform: NodeJS.Platform = process.platform,
  exec: Exec = execText,
  sysfs: () => Promise<SysfsEntry[] | null> = readSysfs,
): Promise<MachineTables> {
  switch (platform) {
    case 'linux': {
      const [addr, route4, route6] = await Promise.all([
        exec('ip', ['-j', 'addr']),
        exec('ip', ['-j', 'route', 'show', 'table', 'all']),
        exec('ip', ['-j', '-6', 'route', 'show', 'table', 'all']),
      ]);
      let interfaces = addr === null ? null : parseLinuxIpAddr(addr);
      if (interfaces === null) {
        const entries = await sysfs();
        interfaces = entries ? parseLinuxSysfs(entries) : null;
      }
      const v4 = route4 === null ? null : parseLinuxRoutes(route4, 4);
      const v6 = route6 === null ? null : parseLinuxRoutes(route6, 6);
      return { interfaces, routes: v4 === null && v6 === null ? null : [...(v4 ?? []), ...(v6 ?? [])] };
    }
    case 'darwin': {
      const [ifconfig, netstat] = await Promise.all([exec('/sbin/ifconfig', []), exec('/usr/sbin/netstat', ['-rn'])]);
      return {
        interfaces: ifconfig === null ? null : parseMacIfconfig(ifconfig),
        routes: netstat === null ? null : parseMacNetstat(netstat),
      };
    }
    case 'win32': {
      const [ipconfig, routePrint] = await Promise.all([exec('ipconfig', ['/all']), exec('route', ['print'])]);
      let interfaces = ipconfig === null ? null : parseWindowsIpconfig(ipconfig);
      if (interfaces === null || interfaces.length === 0) {
        const json = await exec('powershell.exe', [
          '-NoProfile',
          '-NonInteractive',
          '-Command',
          'Get-NetAdapter | Select-Object Name,InterfaceDescription,Status,ifIndex | ConvertTo-Json -Compress',
        ]);
        interfaces = json === null ? interfaces : (parseWindowsNetAdapterJson(json) ?? interfaces);
      }
      const table = routePrint === null ? null : parseWindowsRoutePrint(routePrint);
      return { interfaces, routes: table?.routes ?? null, ...(table ? { interfaceList: table.interfaces } : {}) };
    }
    default:
      return { interfaces: null, routes: null };
  }
}

export interface DetectOptions {
  platform?: NodeJS.Platform;
  exec?: Exec;
  sysfs?: () => Promise<SysfsEntry[] | null>;
  /** The egress network, found from the public IP; null when unknown. */
  egress?: NetworkInfo | null;
  homeCountry?: string;
}

export async function detectVpnState(options: DetectOptions = {}): Promise<VpnStateReport> {
  const tables = await readMachineTables(options.platform, options.exec, options.sysfs).catch(
    (): MachineTables => ({ interfaces: null, routes: null }),
  );
  return judgeVpnState({ ...tables, egress: options.egress ?? null, ...(options.homeCountry ? { homeCountry: options.homeCountry } : {}) });
}
