// Default routes, from the routing table each operating system prints: Linux `ip -j route show
// table all`, macOS `netstat -rn`, Windows `route print`. Pure parsers over recorded text.
//
// VPN clients take the default in two ways: a default route of their own (WireGuard on Windows and
// macOS, wg-quick's table 51820 on Linux) or the pair 0.0.0.0/1 + 128.0.0.0/1, which beats the
// default by being more specific without replacing it (OpenVPN's def1). Both count here.
import { isIP } from 'node:net';

export interface DefaultRoute {
  family: 4 | 6;
  /** 0: a default route; 1: one half of the /1 pair. */
  prefixLength: 0 | 1;
  gateway: string | null;
  /** The interface as the table names it: a name (Linux, macOS), local address (Windows IPv4) or index (Windows IPv6). */
  via: { name?: string; address?: string; index?: number };
  metric?: number;
  table?: string;
}

const HALVES: Record<string, { family: 4 | 6; prefixLength: 0 | 1 }> = {
  default: { family: 4, prefixLength: 0 },
  '0.0.0.0/0': { family: 4, prefixLength: 0 },
  '0/1': { family: 4, prefixLength: 1 },
  '0.0.0.0/1': { family: 4, prefixLength: 1 },
  '128.0/1': { family: 4, prefixLength: 1 },
  '128.0.0.0/1': { family: 4, prefixLength: 1 },
  '::/0': { family: 6, prefixLength: 0 },
  '::/1': { family: 6, prefixLength: 1 },
  '8000::/1': { family: 6, prefixLength: 1 },
};

const gatewayOrNull = (g: string | undefined): string | null => (g && isIP(g.replace(/%.*$/, '')) ? g : null);

// ---- Linux ---------------------------------------------------------------------------------------

/** `ip -j route show table all` (family 4) or `ip -j -6 route show table all` (family 6). */
export function parseLinuxRoutes(text: string, family: 4 | 6): DefaultRoute[] | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(json)) return null;
  return json.flatMap((r: Record<string, unknown>): DefaultRoute[] => {
    const dst = typeof r.dst === 'string' ? r.dst : '';
    const shape = HALVES[dst];
    const type = typeof r.type === 'string' ? r.type : 'unicast';
    // A blackhole default is a kill switch holding traffic back, not a path out.
    if (!shape || type !== 'unicast') return [];
    const gateway = gatewayOrNull(typeof r.gateway === 'string' ? r.gateway : undefined);
    return [
      {
        family: dst === 'default' ? family : shape.family,
        prefixLength: shape.prefixLength,
        gateway,
        via: typeof r.dev === 'string' ? { name: r.dev } : {},
        ...(typeof r.metric === 'number' ? { metric: r.metric } : {}),
        ...(typeof r.table === 'string' ? { table: r.table } : {}),
      },
    ];
  });
}

// ---- macOS ---------------------------------------------------------------------------------------

/** `netstat -rn` (also `-rn -f inet`): sections Internet / Internet6, columns named by a header. */
export function parseMacNetstat(text: string): DefaultRoute[] {
  const out: DefaultRoute[] = [];
  let family: 4 | 6 | null = null;
  let columns: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^Internet6:/.test(line)) {
      family = 6;
      columns = [];
      continue;
    }
    if (/^Internet:/.test(line)) {
      family = 4;
      columns = [];
      continue;
    }
    const tokens = line.trim().split(/\s+/);
    if (tokens[0] === 'Destination') {
      columns = tokens;
      continue;
    }
    if (family === null || columns.length === 0 || tokens.length < 3) continue;
    const at = (name: string) => {
      const i = columns.indexOf(name);
      return i >= 0 ? tokens[i] : undefined;
    };
    const dst = tokens[0] ?? '';
    const shape = dst === 'default' ? { family, prefixLength: 0 as const } : HALVES[dst];
    const flags = at('Flags') ?? '';
    if (!shape || shape.family !== family || /[BR]/.test(flags)) continue;
    const netif = at('Netif');
    out.push({
      family,
      prefixLength: shape.prefixLength,
      gateway: gatewayOrNull(at('Gateway')),
      via: netif ? { name: netif } : {},
    });
  }
  return out;
}

// ---- Windows -------------------------------------------------------------------------------------

export interface WindowsRouteTable {
  routes: DefaultRoute[];
  /** The "Interface List" at the top: index and adapter description. */
  interfaces: { index: number; description: string }[];
}

const V4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * `route print`. Section titles are translated, so rows are recognised by shape: an active IPv4
 * route has five columns (destination, netmask, gateway, interface address, metric; the gateway
 * may be a word such as On-link), an IPv6 route starts with interface index and metric.
 */
export function parseWindowsRoutePrint(text: string): WindowsRouteTable {
  const routes: DefaultRoute[] = [];
  const interfaces: { index: number; description: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const listed = /^\s*(\d+)\.{3}(.*)$/.exec(line);
    if (listed?.[1] && listed[2] !== undefined) {
      const description = listed[2].replace(/^(?:[0-9a-f]{2} )*(?:[0-9a-f]{2})? ?\.*/i, '').trim();
      interfaces.push({ index: Number(listed[1]), description });
      continue;
    }
    const t = line.trim().split(/\s+/);
    if (t.length === 5 && V4.test(t[0] ?? '') && V4.test(t[1] ?? '') && V4.test(t[3] ?? '') && /^\d+$/.test(t[4] ?? '')) {
      const [dst, mask, gateway, address, metric] = t as [string, string, string, string, string];
      const shape =
        dst === '0.0.0.0' && mask === '0.0.0.0'
          ? 0
          : (dst === '0.0.0.0' || dst === '128.0.0.0') && mask === '128.0.0.0'
            ? 1
            : null;
      if (shape === null) continue;
      routes.push({ family: 4, prefixLength: shape, gateway: gatewayOrNull(gateway), via: { address }, metric: Number(metric) });
      continue;
    }
    const v6 = /^\s*(\d+)\s+(\d+)\s+(\S+\/\d+)\s+(\S+)\s*$/.exec(line);
    if (v6?.[1] && v6[2] && v6[3] && v6[4]) {
      const shape = HALVES[v6[3]];
      if (!shape || shape.family !== 6) continue;
      routes.push({
        family: 6,
        prefixLength: shape.prefixLength,
        gateway: gatewayOrNull(v6[4]),
        via: { index: Number(v6[1]) },
        metric: Number(v6[2]),
      });
    }
  }
  return { routes, interfaces };
}
