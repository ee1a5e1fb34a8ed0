// Per-app verdicts over an app's endpoints. People ask "does TikTok work?", and ISPs block
// different subsets of an app's hosts, so one endpoint's verdict does not answer it.
//
// Rule, over the endpoints with a clear answer (accessible or blocked; `down` and `inconclusive`
// say nothing about censorship):
//   none has a clear answer      -> unknown
//   all of them are blocked      -> blocked
//   none of them is blocked      -> works
//   otherwise                    -> partly-blocked
// The method named is the commonest among blocked endpoints (ties: the earlier in METHODS).
import type { Method, Status } from '../contract/verdict.ts';
import { METHODS } from '../contract/verdict-words.ts';

export type AppVerdict = 'works' | 'partly-blocked' | 'blocked' | 'unknown';

export interface AppEndpointResult {
  host: string;
  app?: string;
  status: Status;
  method: Method | null;
}

export interface AppSummary {
  app: string;
  total: number;
  blocked: number;
  accessible: number;
  down: number;
  inconclusive: number;
  /** Blocked endpoints per method (every method present, zero when unused). */
  methods: Record<Method, number>;
  dominantMethod: Method | null;
  verdict: AppVerdict;
  /** `apps.summary.<verdict>` in locales/{en,az}/apps.json. */
  summaryKey: string;
  /** Interpolation values for summaryKey and caveatKey. */
  values: { app: string; total: number; blocked: number; accessible: number; unchecked: number; method?: Method };
  /** `apps.caveat.unchecked` when some endpoints gave no clear answer, else null. */
  caveatKey: string | null;
  /** Hosts with at least one blocked endpoint, sorted. */
  blockedHosts: string[];
}

/** Every locale key a summary can name (locales/{en,az}/apps.json must hold each). */
export const APP_SUMMARY_KEYS: readonly string[] = [
  ...['works', 'partly-blocked', 'partly-blocked-no-method', 'blocked', 'blocked-no-method', 'unknown'].map((v) => `apps.summary.${v}`),
  'apps.caveat.unchecked',
];

function emptyMethods(): Record<Method, number> {
  return Object.fromEntries(METHODS.map((m) => [m, 0])) as Record<Method, number>;
}

function dominant(methods: Record<Method, number>): Method | null {
  let best: Method | null = null;
  for (const m of METHODS) if (methods[m] > 0 && (best === null || methods[m] > methods[best])) best = m;
  return best;
}

export function appVerdict(counts: { blocked: number; accessible: number }): AppVerdict {
  const clear = counts.blocked + counts.accessible;
  if (clear === 0) return 'unknown';
  if (counts.blocked === clear) return 'blocked';
  if (counts.blocked === 0) return 'works';
  return 'partly-blocked';
}

/**
 * The app's name as the summary sentences nest it (`$t(apps.names.{{app}}, {"defaultValue": "{{app}}"})`):
 * a name from a crafted run with quotes, commas, parentheses or braces would break out of that
 * nesting and can make i18next loop for ever, so only letters, digits, spaces and . _ - stay.
 */
export function nestingSafe(name: string): string {
  return name.replace(/[^\p{L}\p{N} ._-]/gu, '').slice(0, 80) || '?';
}

function summarise(app: string, results: readonly AppEndpointResult[]): AppSummary {
  const counts = { accessible: 0, blocked: 0, down: 0, inconclusive: 0 };
  const methods = emptyMethods();
  const blockedHosts = new Set<string>();
  for (const r of results) {
    counts[r.status] += 1;
    if (r.status !== 'blocked') continue;
    blockedHosts.add(r.host);
    if (r.method) methods[r.method] += 1;
  }
  const verdict = appVerdict(counts);
  const dominantMethod = dominant(methods);
  const unchecked = counts.down + counts.inconclusive;
  return {
    app,
    total: results.length,
    ...counts,
    methods,
    dominantMethod,
    verdict,
    summaryKey: `apps.summary.${verdict}${(verdict === 'blocked' || verdict === 'partly-blocked') && !dominantMethod ? '-no-method' : ''}`,
    values: {
      app: nestingSafe(app),
      total: results.length,
      blocked: counts.blocked,
      accessible: counts.accessible,
      unchecked,
      ...(dominantMethod ? { method: dominantMethod } : {}),
    },
    caveatKey: unchecked > 0 && verdict !== 'unknown' ? 'apps.caveat.unchecked' : null,
    blockedHosts: [...blockedHosts].sort(),
  };
}

/** One summary per app, sorted by app; results without an app (plain web targets) are left out. */
export function summariseApps(results: readonly AppEndpointResult[]): AppSummary[] {
  const byApp = new Map<string, AppEndpointResult[]>();
  for (const r of results) {
    if (!r.app) continue;
    const list = byApp.get(r.app) ?? [];
    list.push(r);
    byApp.set(r.app, list);
  }
  return [...byApp.keys()].sort().map((app) => summarise(app, byApp.get(app) ?? []));
}
