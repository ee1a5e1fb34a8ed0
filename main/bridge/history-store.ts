// Past runs in `dataDir/history/<id>.json`, each a plain `yoxla.run/1` file (so a person can hand
// one to `yoxla report` as it is). Ids sort by start time. Listing reads every file once and then
// remembers its summary until the file changes.
import { glance } from '../guidance/glance.ts';
import { randomBytes } from 'node:crypto';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { HistoryIdSchema, type HistoryEntry } from '../contract/bridge.ts';
import type { Run } from '../contract/run.ts';
import { STATUSES, type Status } from '../contract/verdict.ts';
import { readRun, writeRun } from '../report/run-json.ts';
import { BridgeFailure } from './errors.ts';

export interface HistoryStore {
  save(run: Run): Promise<HistoryEntry>;
  open(id: string): Promise<Run>;
  list(): Promise<HistoryEntry[]>;
  delete(id: string): Promise<boolean>;
  entryOf(id: string, run: Run): HistoryEntry;
}

export function historyEntry(id: string, run: Run): HistoryEntry {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of run.results) counts[r.status] += 1;
  return {
    id,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    mode: run.mode ?? 'check',
    ...(run.scenario ? { scenario: run.scenario } : {}),
    network: { asn: run.network.asn, cc: run.network.cc, ...(run.network.name ? { name: run.network.name } : {}), vpn: run.network.vpn },
    counts,
    total: run.results.length,
    interrupted: run.interrupted,
    apps: Object.fromEntries(glance(run).map((g) => [g.id, g.verdict])),
  };
}

/** `20261123T100000Z-lab-3f9a1c`: sorts by start time, says what it is, never collides in practice. */
export function newHistoryId(run: Run): string {
  const time = Number.isNaN(Date.parse(run.startedAt)) ? new Date() : new Date(run.startedAt);
  const stamp = time.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const mode = (run.mode ?? 'run').toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 16) || 'run';
  return `${stamp}-${mode}-${randomBytes(3).toString('hex')}`;
}

export function historyStore(dataDir: string, log: (message: string) => void): HistoryStore {
  const dir = join(dataDir, 'history');
  const fileOf = (id: string): string => {
    if (!HistoryIdSchema.safeParse(id).success) throw new BridgeFailure('bad-request', `bad history id ${id.slice(0, 80)}`);
    return join(dir, `${id}.json`);
  };
  /** Summaries by id, valid while the file's size and modification time stay the same. */
  const cache = new Map<string, { key: string; entry: HistoryEntry }>();

  const open = async (id: string): Promise<Run> => {
    const path = fileOf(id);
    try {
      await stat(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BridgeFailure('not-found', `no run ${id} in history`);
      throw err;
    }
    return readRun(path);
  };

  return {
    entryOf: historyEntry,
    async save(run) {
      const id = newHistoryId(run);
      await writeRun(fileOf(id), run);
      return historyEntry(id, run);
    },
    open,
    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)).filter((id) => HistoryIdSchema.safeParse(id).success);
      const entries: HistoryEntry[] = [];
      for (const id of ids) {
        try {
          const info = await stat(join(dir, `${id}.json`));
          const key = `${info.size}:${info.mtimeMs}`;
          const cached = cache.get(id);
          if (cached?.key === key) {
            entries.push(cached.entry);
            continue;
          }
          const entry = historyEntry(id, await readRun(join(dir, `${id}.json`)));
          cache.set(id, { key, entry });
          entries.push(entry);
        } catch (err) {
          // A file someone edited by hand, or a half-copied one: left out of the list, not deleted.
          log(`history: ${id}: ${(err as Error).message}`);
        }
      }
      for (const id of cache.keys()) if (!ids.includes(id)) cache.delete(id);
      return entries.sort((a, b) => (a.startedAt === b.startedAt ? b.id.localeCompare(a.id) : b.startedAt.localeCompare(a.startedAt)));
    },
    async delete(id) {
      const path = fileOf(id);
      cache.delete(id);
      try {
        await unlink(path);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw err;
      }
    },
  };
}
