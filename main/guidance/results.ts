// Ordering and counting of a run's results for display: what needs attention first.
import type { Status } from '../contract/verdict.ts';

/** Blocked first (what people came for), then unclear, then down, then what works. */
export const STATUS_ORDER: readonly Status[] = ['blocked', 'inconclusive', 'down', 'accessible'];

export function sortForDisplay<T extends { status: Status; host: string }>(results: readonly T[]): T[] {
  return [...results].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.host.localeCompare(b.host));
}

export function countByStatus(results: readonly { status: Status }[]): Record<Status, number> {
  const counts: Record<Status, number> = { accessible: 0, blocked: 0, down: 0, inconclusive: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}

/**
 * Seconds left, from the pace so far; null until one target has finished (no pace yet) or when
 * everything is done.
 */
export function secondsLeft(elapsedMs: number, done: number, total: number): number | null {
  if (done <= 0 || done >= total || elapsedMs <= 0) return null;
  return Math.max(1, Math.round(((elapsedMs / done) * (total - done)) / 1000));
}
