// History as a timeline: per network, what each app or site has been since when ("TikTok blocked
// since 12 Sept on Delta Telecom"). Pure, over the summaries of History (HistoryEntry.apps).
// Only the person's own runs and lab runs count: someone else's measurement (an OONI import, a
// participant's file) says nothing about this person's networks.
import type { HistoryEntry } from '../contract/bridge.ts';
import type { GlanceVerdict } from './glance.ts';
import { operatorName } from './operators.ts';

export interface TimelineItem {
  /** App id or site host, as in the answer at a glance. */
  id: string;
  verdict: GlanceVerdict;
  /** When the current word was first seen, without a different word in between. */
  since: string;
  /** The last run that checked it. */
  lastSeen: string;
  /** The word before `since`, when there was a different one. */
  before: GlanceVerdict | null;
}

export interface NetworkTimeline {
  /** `AS29049`, or `lab:<scenario>` for a lab scenario (a network played on this computer). */
  key: string;
  asn: string;
  name: string | null;
  lab: boolean;
  items: TimelineItem[];
}

const OWN_MODES = new Set(['check', 'vpn', 'lab']);
/** Worth a line: what is or was blocked. A site that always worked is not news. */
const NOTEWORTHY = new Set<GlanceVerdict>(['blocked', 'partly-blocked']);
const ORDER: readonly GlanceVerdict[] = ['blocked', 'partly-blocked', 'unknown', 'down', 'works'];

export function timeline(entries: readonly HistoryEntry[]): NetworkTimeline[] {
  const own = entries.filter((e) => OWN_MODES.has(e.mode) && !e.interrupted && e.apps).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const networks = new Map<string, { entry: HistoryEntry; runs: HistoryEntry[] }>();
  for (const e of own) {
    const key = e.mode === 'lab' ? `lab:${e.scenario ?? ''}` : e.network.asn;
    const n = networks.get(key) ?? { entry: e, runs: [] };
    n.runs.push(e);
    networks.set(key, n);
  }
  const out: NetworkTimeline[] = [];
  for (const [key, { entry, runs }] of networks) {
    const seen = new Map<string, { history: { at: string; verdict: GlanceVerdict }[] }>();
    for (const run of runs) {
      for (const [id, verdict] of Object.entries(run.apps ?? {})) {
        const item = seen.get(id) ?? { history: [] };
        item.history.push({ at: run.startedAt, verdict });
        seen.set(id, item);
      }
    }
    const items: TimelineItem[] = [];
    for (const [id, { history }] of seen) {
      if (!history.some((h) => NOTEWORTHY.has(h.verdict))) continue;
      const last = history[history.length - 1];
      if (!last) continue;
      let start = history.length - 1;
      while (start > 0 && history[start - 1]?.verdict === last.verdict) start -= 1;
      items.push({ id, verdict: last.verdict, since: history[start]?.at ?? last.at, lastSeen: last.at, before: start > 0 ? (history[start - 1]?.verdict ?? null) : null });
    }
    if (items.length === 0) continue;
    items.sort((a, b) => ORDER.indexOf(a.verdict) - ORDER.indexOf(b.verdict) || a.since.localeCompare(b.since) || a.id.localeCompare(b.id));
    out.push({ key, asn: entry.network.asn, name: operatorName(entry.network.asn, entry.network.name), lab: entry.mode === 'lab', items });
  }
  return out.sort((a, b) => Number(a.lab) - Number(b.lab) || a.key.localeCompare(b.key));
}
