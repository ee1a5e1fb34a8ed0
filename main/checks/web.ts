// What to measure for a web target, in what order, and when to look twice. Records every step
// as an observation; the verdict comes later, from analysis alone. A `tcpconnect://HOST:PORT`
// input (OONI's whatsapp and facebook_messenger endpoints) stops after the TCP connect.
import type { Control, DnsObservation, DnsRole, HttpObservation, Observation, TcpObservation, ThroughputObservation, TlsObservation } from '../contract/observations.ts';
import type { Target } from '../contract/run.ts';
import { endpointKey, type Endpoint, type Network } from '../engine/network.ts';
import { resolveNetwork, resolveOs, resolveSystem } from '../engine/dns.ts';
import { bogonRange, normalizeIp } from '../analysis/dns-consistency.ts';
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
 * How lossy the link has proved during this run: every try of every step, and the failures that a
 * later try of the same step overcame. Shared by all targets measured with one context, so a site
 * checked later in a run whose other sites needed re-checks is looked at more often.
 */
export class LinkHealth {
  private readonly byStep = new Map<StepKind, { tries: number; overcome: number }>();

  recordStep(kind: StepKind, failuresBeforeSuccess: number, tries: number): void {
    const seen = this.byStep.get(kind) ?? { tries: 0, overcome: 0 };
    seen.tries += tries;
    seen.overcome += failuresBeforeSuccess;
    this.byStep.set(kind, seen);
  }

  /**
   * The share of tries that failed for nothing but the link, for the step kind where it is worst
   * (a link may reset TLS handshakes and requests but never a DNS reply). Zero until some failure
   * was overcome: a clean link keeps the plain rule. After that, estimated on the cautious side
   * (Laplace's rule) for every kind, so a kind with few tries yet cannot look clean.
   */
  get transientRate(): number {
    const seen = [...this.byStep.values()];
    if (!seen.some((s) => s.overcome > 0)) return 0;
    return seen.reduce((worst, { tries, overcome }) => Math.max(worst, (overcome + 1) / (tries + 2)), 0);
  }

  /**
   * Tries a fast failure (reset, refused) needs before it is believed: three on a clean link,
   * because two random resets in a row happen too often to be evidence; on a lossy link, enough
   * that the same failure every time by chance alone is rarer than one in ten thousand.
   */
  fastFailureTries(): number {
    const rate = Math.min(this.transientRate, 0.6);
    if (rate <= 0) return 3;
    return Math.max(3, Math.min(MAX_FAST_TRIES, Math.ceil(Math.log(CHANCE_BUDGET) / Math.log(rate))));
  }
}

type StepKind = 'dns' | 'tcp' | 'tls' | 'http';
const MAX_FAST_TRIES = 10;
const CHANCE_BUDGET = 1e-4;
const linkHealthOf = new WeakMap<object, LinkHealth>();

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

/**
 * What a run has learnt so far, one per context object (the runner uses one context for the whole
 * run; a strategy's own context starts afresh).
 */
function perRun<T>(store: WeakMap<object, T>, ctx: object, make: () => T): T {
  let value = store.get(ctx);
  if (value === undefined) {
    value = make();
    store.set(ctx, value);
  }
  return value;
}

const pathSpeedOf = new WeakMap<object, PathSpeed>();
const pathSpeedFor = (ctx: object): PathSpeed => perRun(pathSpeedOf, ctx, () => new PathSpeed());
const healthOf = (ctx: object): LinkHealth => perRun(linkHealthOf, ctx, () => new LinkHealth());

/**
 * Tries a step until it succeeds or has failed the same way enough times to be believed: a
 * timeout twice (each costs a full wait), a fast failure as often as the run's link health asks
 * (three times on a clean link, more on a lossy one; asked again before every try, because other
 * targets measured meanwhile tell more about the link).
 */
async function withRechecks<T extends { failure: string | null }>(
  kind: StepKind,
  ctx: Pick<WebCheckContext, 'signal' | 'rechecks'>,
  firstTimeoutMs: number,
  record: (o: T) => void,
  step: (attempt: number, timeoutMs: number) => Promise<T>,
): Promise<T> {
  const health = healthOf(ctx);
  let outcome = await step(0, firstTimeoutMs);
  record(outcome);
  let tries = 1;
  if (ctx.rechecks !== false) {
    for (let attempt = 1; outcome.failure !== null && !ctx.signal?.aborted; attempt += 1) {
      const limit = outcome.failure === 'generic_timeout_error' ? 2 : health.fastFailureTries();
      if (attempt >= limit) break;
      outcome = await step(attempt, recheckTimeout(firstTimeoutMs));
      record(outcome);
      tries += 1;
    }
  }
  health.recordStep(kind, outcome.failure === null ? tries - 1 : 0, tries);
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

  // DNS in three roles: the operating system's lookup, what the person's apps see (looked at
  // again if it fails); the network's resolver asked directly; DoH. The verdict is about the first,
  // the others tell what the network's resolver says and where the site really is.
  const dohPromise = ctx.useDoh && net.doh ? resolveDoh(net, host, { timeoutMs: timeouts.dns, signal }) : null;
  const networkPromise = ctx.rechecks === false ? null : resolveNetwork(net, host, { timeoutMs: timeouts.dns, signal });
  const os = await withRechecks('dns', ctx, timeouts.dns, record, (attempt, timeoutMs) => resolveOs(net, host, { timeoutMs, signal, attempt }));
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
  const crawled = hops.filter((h) => h.status !== null && h.status >= 200 && h.status < 300 && h.failure === 'generic_timeout_error' && (h.bodyLength ?? 0) > 0);
  if (crawled.length > 0) {
    const ips = new Set(hops.flatMap((h) => (h.ip === null ? [] : [h.ip])));
    for (const attempt of new Set(crawled.map((h) => h.attempt))) {
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
  const { net, timeouts, signal } = ctx;
  const results = await Promise.all(
    endpoints.map(async (to) => {
      const tcp = await withRechecks('tcp', ctx, timeouts.tcp, (o: TcpObservation) => record({ ...o, addressFrom: [...to.from] }), (attempt, timeoutMs) =>
        tcpConnect(net, { ip: to.ip, port: to.port }, { timeoutMs, signal, attempt }),
      );
      return tcp.failure === null ? to : null;
    }),
  );
  return results.filter((e): e is Candidate => e !== null);
}

/**
 * TLS with the real server name to every reachable address; a failure is looked at twice on a
 * fresh connection, and at the same time tried with a harmless name to separate SNI filtering
 * from blocking of the address.
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
      const first = await tlsHandshake(net, to, host, { timeoutMs: timeouts.tls, signal, purpose: 'measure' });
      if (first.failure === null || signal?.aborted || ctx.rechecks === false) {
        if (first.failure === null) healthOf(ctx).recordStep('tls', 0, 1);
        record(first);
        return first.failure === null ? to : null;
      }
      // The first failure is recorded by withRechecks, which replays it as attempt 0.
      const [real] = await Promise.all([
        withRechecks('tls', ctx, timeouts.tls, record, (attempt, timeoutMs) =>
          attempt === 0 ? Promise.resolve(first) : tlsHandshake(net, to, host, { timeoutMs, signal, attempt, purpose: 'measure' }),
        ),
        sniTest(to, ctx, record),
      ]);
      return real.failure === null ? to : null;
    }),
  );
  return results.flatMap((e) => (e === null ? [] : [e as E]));
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
