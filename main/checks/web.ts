// What to measure for a web target, in what order, and when to look twice. Records every step
// as an observation; the verdict comes later, from analysis alone. A `tcpconnect://HOST:PORT`
// input (OONI's whatsapp and facebook_messenger endpoints) stops after the TCP connect.
import type { Control, Observation, TlsObservation } from '../contract/observations.ts';
import type { Target } from '../contract/run.ts';
import { endpointKey, type Endpoint, type Network } from '../engine/network.ts';
import { resolveSystem } from '../engine/dns.ts';
import { resolveDoh } from '../engine/doh.ts';
import { tcpConnect } from '../engine/tcp.ts';
import { tlsHandshake } from '../engine/tls.ts';
import { httpFetch } from '../engine/http.ts';
import { download } from '../engine/throughput.ts';
import { recheckTimeout, type Timeouts } from '../engine/timeouts.ts';
import type { ControlClient } from '../engine/control.ts';
import { parseTcpConnect } from '../targets/input.ts';
import { appendAll } from '../util/arrays.ts';

/** Server name for the SNI test: harmless everywhere, never contacted (only sent to the target's address). */
export const HARMLESS_SNI = 'example.com';
/** Addresses per target worth connecting to: enough to see a per-address block, few enough to stay quick. */
const MAX_ADDRESSES = 3;

export interface ThroughputPlan {
  /** A reference asset on the same path that no censor is expected to touch. */
  controlUrl: string;
  maxMs: number;
  maxBytes: number;
}

export interface WebCheckContext {
  net: Network;
  timeouts: Timeouts;
  control: ControlClient | null;
  /** Why there is no control, when `control` is null (e.g. `no-consent`). */
  noControlReason?: string;
  useDoh: boolean;
  throughput?: ThroughputPlan;
  /** False only for the benchmark's OONI-like baseline: one try per step, no SNI test. */
  rechecks?: boolean;
  signal?: AbortSignal;
}

export interface WebMeasurement {
  observations: Observation[];
  control: Control | null;
  controlFailure: string | null;
}

const ipv4First = (a: string, b: string) => Number(a.includes(':')) - Number(b.includes(':'));

/**
 * Tries a step until it succeeds or has failed the same way enough times to be believed: a
 * timeout twice (each costs a full wait), a fast failure (reset, refused) three times, because a
 * poor connection resets one connection in a few and two in a row happen too often to be evidence.
 */
async function withRechecks<T extends { failure: string | null }>(
  ctx: Pick<WebCheckContext, 'signal' | 'rechecks'>,
  firstTimeoutMs: number,
  record: (o: T) => void,
  step: (attempt: number, timeoutMs: number) => Promise<T>,
): Promise<T> {
  let outcome = await step(0, firstTimeoutMs);
  record(outcome);
  if (ctx.rechecks === false) return outcome;
  for (let attempt = 1; outcome.failure !== null && !ctx.signal?.aborted; attempt += 1) {
    const limit = outcome.failure === 'generic_timeout_error' ? 2 : 3;
    if (attempt >= limit) break;
    outcome = await step(attempt, recheckTimeout(firstTimeoutMs));
    record(outcome);
  }
  return outcome;
}

export async function measureWeb(target: Target, ctx: WebCheckContext): Promise<WebMeasurement> {
  const url = new URL(target.input);
  const tcpOnly = parseTcpConnect(target.input);
  const host = tcpOnly?.host ?? url.hostname;
  const port = tcpOnly?.port ?? Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const secure = !tcpOnly && url.protocol === 'https:';
  const { net, timeouts, signal } = ctx;
  const observations: Observation[] = [];
  const record = (o: Observation): void => {
    observations.push(o);
  };

  // DNS: the system resolver (looked at twice if it fails) and DoH for comparison.
  const dohPromise = ctx.useDoh && net.doh ? resolveDoh(net, host, { timeoutMs: timeouts.dns, signal }) : null;
  const system = await withRechecks(ctx, timeouts.dns, record, (attempt, timeoutMs) =>
    resolveSystem(net, host, { timeoutMs, signal, attempt }),
  );
  // DoH is awaited here only when the system resolver gave nothing: its answer still shows whether
  // the site itself is reachable, which separates DNS blocking from everything else. Otherwise it
  // is evidence, collected at the end, and the connection steps need not wait for it.
  const dohEarly = system.answers.length === 0 && dohPromise ? await dohPromise : null;
  const addresses = (system.answers.length ? system.answers : (dohEarly?.answers ?? [])).slice().sort(ipv4First).slice(0, MAX_ADDRESSES);
  const endpoints: Endpoint[] = addresses.map((ip) => ({ ip, port }));

  // OONI's helper takes any URL but only http(s) ones: for a bare connect it is asked about
  // https://HOST/, and its tcp_connect list still names the probe's own ip:port endpoints.
  const controlInput = tcpOnly ? `https://${host}/` : target.input;
  const controlPromise: Promise<{ control: Control | null; failure: string | null }> = ctx.control
    ? ctx.control.query({ input: controlInput, tcpConnect: endpoints.map(endpointKey) }, timeouts.control, signal)
    : Promise.resolve({ control: null, failure: ctx.noControlReason ?? 'no-control' });

  const connected = await measureConnections(endpoints, ctx, record);
  const reachable = secure ? await measureHandshakes(connected, host, ctx, record) : connected;

  const first = tcpOnly ? undefined : reachable[0];
  if (first && !signal?.aborted) {
    const resolve = async (name: string) => (await resolveSystem(net, name, { timeoutMs: timeouts.dns, signal })).answers;
    // A redirect chain is one try: its last hop carries the try's outcome.
    const hops: Observation[] = [];
    const last = await withRechecks(ctx, timeouts.http, (o) => o, async (attempt, timeoutMs) => {
      const chain = await httpFetch(net, target.input, { ip: first.ip, timeoutMs, signal, attempt, resolve });
      chain.forEach(record);
      appendAll(hops, chain);
      return chain.at(-1) ?? { failure: 'unknown_failure: no HTTP exchange' };
    });
    if (ctx.throughput && target.assetUrl && last.failure === null) {
      await measureThroughput(target.assetUrl, first.ip, ctx, record);
    }
  }

  const doh = dohPromise ? await dohPromise : null;
  if (doh) record(doh);
  const outcome = await controlPromise;
  return { observations, control: outcome.control, controlFailure: outcome.failure };
}

async function measureConnections(
  endpoints: Endpoint[],
  ctx: WebCheckContext,
  record: (o: Observation) => void,
): Promise<Endpoint[]> {
  const { net, timeouts, signal } = ctx;
  const results = await Promise.all(
    endpoints.map(async (to) => {
      const tcp = await withRechecks(ctx, timeouts.tcp, record, (attempt, timeoutMs) =>
        tcpConnect(net, to, { timeoutMs, signal, attempt }),
      );
      return tcp.failure === null ? to : null;
    }),
  );
  return results.filter((e): e is Endpoint => e !== null);
}

/**
 * TLS with the real server name to every reachable address; a failure is looked at twice on a
 * fresh connection, and at the same time tried with a harmless name to separate SNI filtering
 * from blocking of the address.
 */
async function measureHandshakes(
  endpoints: Endpoint[],
  host: string,
  ctx: WebCheckContext,
  record: (o: Observation) => void,
): Promise<Endpoint[]> {
  const { net, timeouts, signal } = ctx;
  const results = await Promise.all(
    endpoints.map(async (to) => {
      const first = await tlsHandshake(net, to, host, { timeoutMs: timeouts.tls, signal, purpose: 'measure' });
      if (first.failure === null || signal?.aborted || ctx.rechecks === false) {
        record(first);
        return first.failure === null ? to : null;
      }
      // The first failure is recorded by withRechecks, which replays it as attempt 0.
      const [real] = await Promise.all([
        withRechecks(ctx, timeouts.tls, record, (attempt, timeoutMs) =>
          attempt === 0 ? Promise.resolve(first) : tlsHandshake(net, to, host, { timeoutMs, signal, attempt, purpose: 'measure' }),
        ),
        sniTest(to, ctx, record),
      ]);
      return real.failure === null ? to : null;
    }),
  );
  return results.filter((e): e is Endpoint => e !== null);
}

/** The same address with a harmless name; one fast failure is tried again, as for the real name. */
async function sniTest(to: Endpoint, ctx: WebCheckContext, record: (o: Observation) => void): Promise<TlsObservation> {
  const { net, timeouts, signal } = ctx;
  let outcome: TlsObservation | undefined;
  for (let attempt = 0; attempt < 2 && !signal?.aborted; attempt += 1) {
    outcome = await tlsHandshake(net, to, HARMLESS_SNI, { timeoutMs: recheckTimeout(timeouts.tls), signal, attempt, purpose: 'sni-test' });
    record(outcome);
    if (outcome.chain.length > 0 || outcome.failure === 'generic_timeout_error') break;
  }
  return outcome as TlsObservation;
}

/** Target asset vs. a reference asset on the same path, twice if the first looks throttled. */
async function measureThroughput(
  assetUrl: string,
  ip: string,
  ctx: WebCheckContext,
  record: (o: Observation) => void,
): Promise<void> {
  const plan = ctx.throughput;
  if (!plan) return;
  const { net, signal } = ctx;
  const controlUrl = new URL(plan.controlUrl);
  const resolved = await resolveSystem(net, controlUrl.hostname, { timeoutMs: ctx.timeouts.dns, signal });
  const controlIp = resolved.answers.slice().sort(ipv4First)[0];
  if (!controlIp) return;
  const budget = { maxMs: plan.maxMs, maxBytes: plan.maxBytes, timeoutMs: plan.maxMs + ctx.timeouts.http, signal };
  for (let attempt = 0; attempt < 2 && !signal?.aborted; attempt += 1) {
    const [target, reference] = await Promise.all([
      download(net, assetUrl, { ...budget, ip, role: 'target', attempt }),
      download(net, plan.controlUrl, { ...budget, ip: controlIp, role: 'control', attempt }),
    ]);
    record(target);
    record(reference);
    const slow = reference.kbps > 0 && target.kbps / reference.kbps < 0.25;
    if (!slow) return;
  }
}
