// The answer at a glance: one line per app or site, blocked first, and one row per site (its http
// and https inputs together). Pure: the results screen shows it, tests check it.
//
// One rule for "blocked", "partly", "down" when only some addresses could be checked. An address
// counts as checked when it gave a clear answer (worked or blocked); one that was down for everyone
// or unclear was not checked, and the line says how many were not. Over the checked addresses:
//   every one blocked                -> blocked      ("blocked: 1 of 2 addresses; 1 could not be checked")
//   some blocked, some working       -> partly-blocked
//   none blocked                     -> works        (with "n could not be checked" when some were not)
// With none checked: down when every address was down for everyone, else unknown.
// This is main/analysis/app-summary.ts's appVerdict, plus "down" for what it calls unknown.
import { appVerdict } from '../analysis/app-summary.ts';
import type { Run } from '../contract/run.ts';
import type { Method, Status } from '../contract/verdict.ts';
import type { StrategyName } from '../contract/strategies.ts';
import { appForHost } from './apps.ts';

export type GlanceVerdict = 'blocked' | 'partly-blocked' | 'works' | 'down' | 'unknown';

/** Attention first: what people came for, then what is unclear, then what works. */
export const GLANCE_ORDER: readonly GlanceVerdict[] = ['blocked', 'partly-blocked', 'unknown', 'down', 'works'];

export interface GlanceSite {
  host: string;
  /** The site's word over its inputs: blocked if any input is, else worked if any did, else down, else unclear. */
  status: Status;
  method: Method | null;
  inputs: string[];
}

export interface GlanceGroup {
  /** The app id (`tiktok`) or, for a site that belongs to no known app, its host without `www.`. */
  id: string;
  kind: 'app' | 'site';
  verdict: GlanceVerdict;
  /** The commonest blocking method among the group's blocked sites (ties: the first seen). */
  method: Method | null;
  sites: GlanceSite[];
  blocked: number;
  accessible: number;
  /** Sites down for everyone or unclear: not checked for blocking. */
  unchecked: number;
  /** What got around the block here, best first: a VPN when it worked, else another way that worked. */
  workedHere: StrategyName | 'vpn-comparison' | null;
}

const SITE_ORDER: readonly Status[] = ['blocked', 'accessible', 'down', 'inconclusive'];

/** A site's inputs (http and https) as one word; the method of the first blocked input. */
function siteOf(host: string, results: readonly Run['results'][number][]): GlanceSite {
  const status = SITE_ORDER.find((s) => results.some((r) => r.status === s)) ?? 'inconclusive';
  const method = results.find((r) => r.status === 'blocked' && r.method)?.method ?? null;
  return { host, status, method, inputs: results.map((r) => r.input) };
}

export function groupVerdict(sites: readonly { status: Status }[]): GlanceVerdict {
  const count = (s: Status) => sites.filter((x) => x.status === s).length;
  const verdict = appVerdict({ blocked: count('blocked'), accessible: count('accessible') });
  if (verdict !== 'unknown') return verdict;
  return sites.length > 0 && count('down') === sites.length ? 'down' : 'unknown';
}

function commonest(methods: readonly (Method | null)[]): Method | null {
  const counts = new Map<Method, number>();
  for (const m of methods) if (m) counts.set(m, (counts.get(m) ?? 0) + 1);
  let best: Method | null = null;
  for (const [m, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = m;
  return best;
}

/** The way around the block that worked for a blocked site of the group: a VPN first. */
function workedHere(run: Run, hosts: ReadonlySet<string>): GlanceGroup['workedHere'] {
  const blocked = run.results.filter((r) => hosts.has(r.host) && r.status === 'blocked');
  if (blocked.length === 0) return null;
  const works = (name: StrategyName) => blocked.some((r) => r.strategies?.[name]?.outcome === 'works');
  if (works('vpn')) return 'vpn';
  if (run.vpnImpact.some((i) => hosts.has(i.host) && i.verdict === 'blocked-without-vpn')) return 'vpn-comparison';
  for (const name of ['tor', 'doh', 'tls-record-split', 'tcp-split', 'host-case'] as const) if (works(name)) return name;
  return null;
}

/** The group a result belongs to: its app, the app of its host, else the host itself. */
export function groupIdOf(result: { host: string; app?: string | undefined }): { id: string; kind: 'app' | 'site' } {
  const app = result.app ?? appForHost(result.host);
  return app ? { id: app, kind: 'app' } : { id: result.host.toLowerCase().replace(/^www\./, ''), kind: 'site' };
}

/** One line per app or site, blocked first (then by name), each with its sites (one row per host). */
export function glance(run: Run): GlanceGroup[] {
  const byGroup = new Map<string, { kind: 'app' | 'site'; byHost: Map<string, Run['results'][number][]> }>();
  for (const r of run.results) {
    const { id, kind } = groupIdOf(r);
    const group = byGroup.get(id) ?? { kind, byHost: new Map() };
    byGroup.set(id, group);
    const list = group.byHost.get(r.host) ?? [];
    list.push(r);
    group.byHost.set(r.host, list);
  }
  const groups = [...byGroup.entries()].map(([id, { kind, byHost }]): GlanceGroup => {
    const sites = [...byHost.entries()].map(([host, results]) => siteOf(host, results));
    sites.sort((a, b) => SITE_ORDER.indexOf(a.status) - SITE_ORDER.indexOf(b.status) || a.host.localeCompare(b.host));
    const blocked = sites.filter((s) => s.status === 'blocked').length;
    const accessible = sites.filter((s) => s.status === 'accessible').length;
    return {
      id,
      kind,
      verdict: groupVerdict(sites),
      method: commonest(sites.filter((s) => s.status === 'blocked').map((s) => s.method)),
      sites,
      blocked,
      accessible,
      unchecked: sites.length - blocked - accessible,
      workedHere: workedHere(run, new Set(byHost.keys())),
    };
  });
  return groups.sort((a, b) => GLANCE_ORDER.indexOf(a.verdict) - GLANCE_ORDER.indexOf(b.verdict) || a.id.localeCompare(b.id));
}
