// Timed download: how fast does this path deliver an asset? Compared with a control asset on
// the same path, it shows throttling. Bytes are counted and dropped.
import type { ThroughputObservation } from '../contract/observations.ts';
import type { Network } from './network.ts';
import { startDeadline, type StepOptions } from './deadline.ts';
import { originClient, requestFailure } from './connect.ts';
import { BROWSER_HEADERS } from './http.ts';

export interface DownloadOptions extends StepOptions {
  ip: string;
  role: 'target' | 'control';
  /** Transfer budget, counted from the response headers: the download stops there. */
  maxMs: number;
  /** Byte budget: the download stops once this much arrived. */
  maxBytes: number;
}

class BudgetSpent extends Error {}

export async function download(net: Network, url: string, o: DownloadOptions): Promise<ThroughputObservation> {
  const t0 = Date.now();
  const base = { step: 'throughput' as const, url, ip: o.ip, role: o.role, attempt: o.attempt ?? 0 };
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ...base, bytes: 0, ms: 0, kbps: 0, completed: false, t0, t1: Date.now(), failure: `unknown_failure: invalid URL ${url}` };
  }
  const deadline = startDeadline(o.timeoutMs, o.signal);
  // Stopping on budget is not a failure, so it gets its own signal next to the deadline's.
  const budget = new AbortController();
  const signal = AbortSignal.any([deadline.signal, budget.signal]);
  const { client, trace } = originClient(net, target, o.ip, signal, o.timeoutMs);
  let bytes = 0;
  let started: number | null = null;
  let ended = 0;
  let completed = false;
  let failure: string | null = null;
  let budgetTimer: NodeJS.Timeout | undefined;
  try {
    const response = await client.request({ method: 'GET', path: `${target.pathname}${target.search}`, headers: BROWSER_HEADERS, signal });
    started = performance.now();
    if (response.statusCode < 200 || response.statusCode > 299) {
      // An error page's speed says nothing about the asset's.
      failure = `unknown_failure: HTTP status ${response.statusCode}`;
    } else {
      budgetTimer = setTimeout(() => budget.abort(new BudgetSpent()), o.maxMs);
      completed = true;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (bytes >= o.maxBytes) {
          completed = false;
          break;
        }
      }
    }
  } catch (err) {
    completed = false;
    const stoppedByBudget = budget.signal.aborted && !deadline.timedOut && !deadline.interrupted;
    if (!stoppedByBudget) failure = requestFailure(err, deadline, trace);
  } finally {
    ended = performance.now();
    clearTimeout(budgetTimer);
    deadline.dispose();
    await client.destroy().catch(() => undefined);
  }
  const ms = started === null ? 0 : Math.max(0, ended - started);
  const kbps = ms > 0 ? (bytes * 8) / ms : 0;
  return { ...base, bytes, ms, kbps, completed, t0, t1: Date.now(), failure };
}
