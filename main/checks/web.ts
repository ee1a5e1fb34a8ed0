// What to measure for a web target, in what order, and when to look twice. Records every step
// as an observation; the verdict comes later, from analysis alone. A `tcpconnect://HOST:PORT`
// input (OONI's whatsapp and facebook_messenger endpoints) stops after the TCP connect.
import type { Control, DnsObservation, DnsRole, HttpObservation, Observation, TcpObservation, ThroughputObservation, TlsObservation } from '../contract/observations.ts';
import type { Target } from '../contract/run.ts';
import { endpointKey, type Endpoint, type Network } from '../engine/network.ts';
import { resolveNetwork, resolveOs, resolveSystem } from '../engine/dns.ts';
import { bogonRange, normalizeIp } from '../analysis/dns-consistency.ts';
import { crawled } from '../analysis/throughput.ts';
import { resolveDoh } from '../engine/doh.ts';
import { tcpConnect } from '../engine/tcp.ts';
import { tlsHandshake } from '../engine/tls.ts';
import { httpFetch } from '../engine/http.ts';
import { download } from '../engine/throughput.ts';
import { calibratedWaitMs, recheckTimeout, staggerMs, type Timeouts } from '../engine/timeouts.ts';
import type { ControlClient } from '../engine/control.ts';
import { parseTcpConnect } from '../targets/input.ts';
import { appendAll } from '../util/arrays.ts';
import { perRun, withRechecks } from './tries.ts';

export { LinkHealth } from './tries.ts';

/** Server name for the SNI test: harmless everywhere, never contacted (only sent to the target's address). */
export const HARMLESS_SNI = 'example.com';
/** Addresses per target worth connecting to: enough to see a per-address block, few enough to stay quick. */
const MAX_ADDRESSES = 3;
/** Addresses only another lookup gave, tried beside the person's own to tell DNS blocking from the site failing. */
const MAX_OTHER_ADDRESSES = 2;

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
 * How fast this run's pages have come over the person's path: the fastest whole page so far, as a
 * lower bound of what the path can carry (its time, from the request to the last byte, includes a
 * round trip and the server's own time).
 * A page that crawls is compared with it, so one site slowed on purpose stands out from a slow
 * connection (analysis/throughput.ts, `analyzePageTransfer`).
 */
export class PathSpeed {
  private best: HttpObservation | null = null;
  private bestBytes = 0;
  private bestKbps = 0;

  recordPage(hop: HttpObservation): void {
    if (hop.failure !== null || hop.status === null || !hop.bodyLength) return;
    const bytes = hop.bodyLength + headerBytes(hop.headers);
    const kbps = (bytes * 8) / pageMs(hop);
    if (kbps > this.bestKbps) {
      this.best = hop;
      this.bestBytes = bytes;
      this.bestKbps = kbps;
    }
  }

  /** The fastest page from another host and address, as a reference observation; null when none. */
  referenceFor(host: string, ips: ReadonlySet<string>, attempt: number): ThroughputObservation | null {
    const best = this.best;
    if (!best || sameHost(best.url, host) || (best.ip !== null && ips.has(best.ip))) return null;
    return {
      step: 'throughput',
      url: best.url,
      ip: best.ip,
      role: 'control',
      bytes: this.bestBytes,
      ms: pageMs(best),
      kbps: this.bestKbps,
      completed: true,
      t0: best.t0,
      t1: best.t1,
      attempt,
      failure: null,
    };
  }
}

/** The response head as it crossed the wire: a status line, and each header as `name: value`. */
const headerBytes = (headers: Readonly<Record<string, string>>): number =>
  Object.entries(headers).reduce((sum, [name, value]) => sum + name.length + value.length + 4, 17);

/** Request to last byte when the engine timed it, else the whole hop; never under a millisecond. */
const pageMs = (hop: HttpObservation): number =>
  Math.max(1, hop.requestMs !== undefined && hop.bodyMs !== undefined ? hop.requestMs + hop.bodyMs : hop.t1 - hop.t0);

const sameHost = (url: string, host: string): boolean => {
  try {
    return new URL(url).hostname.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
};

const pathSpeedOf = new WeakMap<object, PathSpeed>();
const pathSpeedFor = (ctx: object): PathSpeed => perRun(pathSpeedOf, ctx, () => new PathSpeed());

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

  // DNS in three roles: the operating system's lookup, what the person's apps see (looked at
  // again if it fails); the network's resolver asked directly; DoH. The verdict is about the first,
  // the others tell what the network's resolver says and where the site really is.
  const dohPromise = ctx.useDoh && net.doh ? resolveDoh(net, host, { timeoutMs: timeouts.dns, signal }) : null;
  const networkPromise = ctx.rechecks === false ? null : resolveNetwork(net, host, { timeoutMs: timeouts.dns, signal });
  const os = await withRechecks(
    'dns',
    ctx,
    timeouts.dns,
    record,
    (attempt, timeoutMs, control) => resolveOs(net, host, { timeoutMs, signal: control.signal, timeUp: control.timeUp, attempt }),
    { staggerMs: staggerMs('dns', timeouts) },
  );
  const network = networkPromise ? await networkPromise : null;
  if (network) record(network);
  // DoH is awaited before connecting only when its answer can change where to connect: the
  // person's lookup gave nothing, a private address, or something other than the network's
  // resolver. Otherwise it is evidence, collected at the end, and the connections need not wait.
  // (Loopback is not suspicious by itself: the lab serves every site there; a real site's answer
  // of 127.0.0.1 still reads as a bogon in the analysis, against the control's addresses.)
  const suspicious =
    os.answers.length === 0 ||
    os.answers.some((a) => bogonRange(a) !== null && bogonRange(a) !== 'loopback') ||
    (network !== null && !sameSet(os.answers, network.answers));
  const dohEarly = suspicious && dohPromise ? await dohPromise : null;
  const endpoints = unionOfAnswers([os, network, dohEarly], port);
  // OONI's helper takes any URL but only http(s) ones: for a bare connect it is asked about
  // https://HOST/, and its tcp_connect list still names the probe's own ip:port endpoints.
  const controlInput = tcpOnly ? `https://${host}/` : target.input;
  const controlPromise: Promise<{ control: Control | null; failure: string | null }> = ctx.control
    ? ctx.control.query({ input: controlInput, tcpConnect: endpoints.map((e) => endpointKey(e)) }, timeouts.control, signal)
    : Promise.resolve({ control: null, failure: ctx.noControlReason ?? 'no-control' });

  const connected = await measureConnections(endpoints, ctx, record);
  const reachable = secure ? await measureHandshakes(connected, host, ctx, record) : connected;

  // The page is fetched where the person's apps would go; only when none of those addresses
  // works, at another lookup's address, as evidence that the site itself is up.
  const first = tcpOnly ? undefined : (reachable.find((e) => e.from.includes('os')) ?? reachable[0]);
  if (first && !signal?.aborted) {
    // A browser resolves a redirect's new host as it resolved the first: with the operating system.
    const resolve = async (name: string) => answersOrThrow(await resolveOs(net, name, { timeoutMs: timeouts.dns, signal }));
    // A redirect chain is one try: its last hop carries the try's outcome.
    const hops: Observation[] = [];
    const last = await withRechecks('http', ctx, timeouts.http, (o) => o, async (attempt, timeoutMs) => {
      const chain = await httpFetch(net, target.input, { ip: first.ip, timeoutMs, signal, attempt, resolve });
      chain.forEach(record);
      appendAll(hops, chain);
      return chain.at(-1) ?? { failure: 'unknown_failure: no HTTP exchange' };
    });
    if (ctx.throughput && target.assetUrl && last.failure === null) {
      await measureThroughput(target.assetUrl, first.ip, ctx, record);
    }
  }

  const doh = dohEarly ?? (dohPromise ? await dohPromise : null);
  if (doh) record(doh);
  const outcome = await controlPromise;
  // Taken last, so the other sites measured meanwhile count.
  addPathReference(host, observations, pathSpeedFor(ctx), record);
  return { observations, control: outcome.control, controlFailure: outcome.failure };
}

/**
 * Every whole page of this target teaches the run how fast the path is; a page of this target
 * that crawled gets the run's fastest other page beside it, one per try, as its reference.
 */
function addPathReference(host: string, observations: readonly Observation[], speed: PathSpeed, record: (o: Observation) => void): void {
  const hops = observations.filter((o): o is HttpObservation => o.step === 'http');
  const crawls = hops.filter(crawled);
  if (crawls.length > 0) {
    const ips = new Set(hops.flatMap((h) => (h.ip === null ? [] : [h.ip])));
    for (const attempt of new Set(crawls.map((h) => h.attempt))) {
      const reference = speed.referenceFor(host, ips, attempt);
      if (reference) record(reference);
    }
  }
  for (const hop of hops) speed.recordPage(hop);
}

/**
 * A redirect's lookup as the HTTP step wants it: the addresses, or an error that carries the
 * lookup's own failure (so a hop to a name that does not exist says NXDOMAIN, not "no answer").
 */
function answersOrThrow(lookup: DnsObservation): string[] {
  if (lookup.answers.length > 0 || lookup.failure === null) return lookup.answers;
  const codes: Record<string, string> = { dns_nxdomain_error: 'ENOTFOUND', dns_no_answer: 'ENODATA', generic_timeout_error: 'ETIMEDOUT' };
  throw Object.assign(new Error(lookup.failure), { code: codes[lookup.failure] ?? 'EYOXLA_DNS' });
}

/** An address to connect to, and which lookups gave it. */
interface Candidate extends Endpoint {
  from: DnsRole[];
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const left = new Set(a.map(normalizeIp));
  const right = new Set(b.map(normalizeIp));
  return left.size === right.size && [...left].every((x) => right.has(x));
};

/**
 * The union of every role's answers, the person's own first (IPv4 before IPv6), then up to
 * MAX_OTHER_ADDRESSES that only the network's resolver or DoH gave.
 */
function unionOfAnswers(lookups: readonly (DnsObservation | null)[], port: number): Candidate[] {
  const byIp = new Map<string, Candidate>();
  for (const lookup of lookups) {
    if (!lookup) continue;
    for (const ip of lookup.answers) {
      const key = normalizeIp(ip);
      const known = byIp.get(key);
      if (known) {
        if (!known.from.includes(lookup.resolver)) known.from.push(lookup.resolver);
      } else {
        byIp.set(key, { ip, port, from: [lookup.resolver] });
      }
    }
  }
  const all = [...byIp.values()];
  const own = all.filter((c) => c.from.includes('os')).sort((a, b) => ipv4First(a.ip, b.ip)).slice(0, MAX_ADDRESSES);
  const others = all.filter((c) => !c.from.includes('os')).sort((a, b) => ipv4First(a.ip, b.ip));
  return [...own, ...others.slice(0, own.length === 0 ? MAX_ADDRESSES : MAX_OTHER_ADDRESSES)];
}

async function measureConnections(
  endpoints: Candidate[],
  ctx: WebCheckContext,
  record: (o: Observation) => void,
): Promise<Candidate[]> {
  const { net, timeouts } = ctx;
  const results = await Promise.all(
    endpoints.map(async (to) => {
      // No sample of this server's speed exists before its first connect: a silent SYN gets the
      // full timeout, but the re-check starts a few round trips in rather than after it.
      const tcp = await withRechecks(
        'tcp',
        ctx,
        timeouts.tcp,
        (o: TcpObservation) => record({ ...o, addressFrom: [...to.from] }),
        (attempt, timeoutMs, control) => tcpConnect(net, { ip: to.ip, port: to.port }, { timeoutMs, attempt, ...control }),
        { staggerMs: staggerMs('tcp', timeouts) },
      );
      return tcp.failure === null ? to : null;
    }),
  );
  return results.filter((e): e is Candidate => e !== null);
}

/**
 * TLS with the real server name to every reachable address. A handshake still silent after a few
 * round trips gets its re-check started beside it on a fresh connection, and with it the same
 * address with a harmless name (SNI test). The harmless handshake also shows how fast this server
 * answers: the re-check's silence then needs to last only `calibratedWaitMs` of that (three times
 * it, at least half the timeout), while the first try keeps its full timeout. A failure before the
 * stagger is re-checked after it, with the SNI test alongside. The first real try to succeed
 * stops the others, and stopped tries are not recorded.
 */
async function measureHandshakes<E extends Endpoint>(
  endpoints: E[],
  host: string,
  ctx: WebCheckContext,
  record: (o: Observation) => void,
): Promise<E[]> {
  const { net, timeouts, signal } = ctx;
  const results = await Promise.all(
    endpoints.map(async (to) => {
      if (ctx.rechecks === false) {
        const only = await tlsHandshake(net, to, host, { timeoutMs: timeouts.tls, signal, purpose: 'measure' });
        record(only);
        return only.failure === null ? to : null;
      }
      const realSucceeded = new AbortController();
      let harmless: Promise<TlsObservation | null> | null = null;
      const startHarmless = (onAnswer?: (ms: number) => void) =>
        (harmless ??= sniTest(to, ctx, record, { stop: realSucceeded.signal, onAnswer }));
      const real = await withRechecks(
        'tls',
        ctx,
        timeouts.tls,
        (o: TlsObservation) => {
          record(o);
          if (o.failure !== null) startHarmless();
        },
        (attempt, timeoutMs, control) => tlsHandshake(net, to, host, { timeoutMs, attempt, purpose: 'measure', ...control }),
        {
          staggerMs: staggerMs('tls', timeouts),
          onOverlap: (running) =>
            startHarmless((ms) => running.cutAfter(calibratedWaitMs(ms, timeouts), timeouts.calibration?.cutsFirstTry === true)),
        },
      );
      if (real.failure === null) realSucceeded.abort();
      if (harmless) await harmless;
      return real.failure === null ? to : null;
    }),
  );
  return results.flatMap((e) => (e === null ? [] : [e as E]));
}

/**
 * The same address with a harmless name; one fast failure is tried again, as for the real name.
 * `onAnswer` hears how long the server took when it answered (sent a certificate); `stop` ends
 * the test unrecorded, once the real name got through.
 */
async function sniTest(
  to: Endpoint,
  ctx: WebCheckContext,
  record: (o: Observation) => void,
  hooks: { stop: AbortSignal; onAnswer?: (ms: number) => void },
): Promise<TlsObservation | null> {
  const { net, timeouts } = ctx;
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, hooks.stop]) : hooks.stop;
  let outcome: TlsObservation | null = null;
  for (let attempt = 0; attempt < 2 && !signal.aborted; attempt += 1) {
    const tried = await tlsHandshake(net, to, HARMLESS_SNI, { timeoutMs: recheckTimeout(timeouts.tls), signal, attempt, purpose: 'sni-test' });
    if (hooks.stop.aborted && !ctx.signal?.aborted) break;
    outcome = tried;
    record(outcome);
    if (outcome.chain.length > 0) hooks.onAnswer?.(outcome.t1 - outcome.t0);
    if (outcome.chain.length > 0 || outcome.failure === 'generic_timeout_error') break;
  }
  return outcome;
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
