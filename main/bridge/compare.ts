// Several runs side by side, one row per host (history:compare): what each run found for it and
// whether they agree. Pure, so the trainer's "these two networks differ" is tested on its own.
import type { Comparison, HistoryEntry } from '../contract/bridge.ts';
import type { Result, Run } from '../contract/run.ts';
import type { Status } from '../contract/verdict.ts';

type Cell = { status: Status; method: string | null };

/**
 * One cell for all of a run's results on a host (a messenger has several endpoints on one host):
 * a block anywhere is what the person meets first, then an unclear result, then a site that is
 * down; the host works only when every one of its results works.
 */
const SEVERITY: Record<Status, number> = { blocked: 3, inconclusive: 2, down: 1, accessible: 0 };

export function hostCell(results: readonly Result[]): Cell | null {
  let worst: Result | null = null;
  for (const r of results) if (!worst || SEVERITY[r.status] > SEVERITY[worst.status]) worst = r;
  return worst ? { status: worst.status, method: worst.method } : null;
}

const sameCell = (a: Cell, b: Cell): boolean => a.status === b.status && a.method === b.method;

export function compareRuns(runs: readonly { entry: HistoryEntry; run: Run }[]): Comparison {
  const hosts: string[] = [];
  const seen = new Set<string>();
  const byRun = runs.map(({ run }) => {
    const map = new Map<string, Result[]>();
    for (const r of run.results) {
      const host = r.host.toLowerCase();
      if (!map.has(host)) {
        map.set(host, []);
        if (!seen.has(host)) {
          seen.add(host);
          hosts.push(host);
        }
      }
      map.get(host)?.push(r);
    }
    return map;
  });
  const rows = hosts.map((host) => {
    const cells = byRun.map((map) => hostCell(map.get(host) ?? []));
    const present = cells.filter((c): c is Cell => c !== null);
    // A run that did not check the host has nothing to disagree with.
    const agree = present.every((c) => sameCell(c, present[0] as Cell));
    return { host, cells, agree };
  });
  return { runs: runs.map((r) => r.entry), rows };
}
