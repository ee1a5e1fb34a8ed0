// OONI web_connectivity measurements read back into Yoxla observations + control, from every
// engine OONI shipped: ooniprobe-python (test versions 0.1–0.3), measurement-kit (0.0.1), the Go
// engine (0.4.x) and LTE (0.5.x); data format 0.2.0 (0.1.0 in the oldest python reports). Read so `main/analysis` judges OONI's evidence with the very rules
// it uses for Yoxla's own runs. The reverse of ooni-format.ts, field by field; unknown fields are
// ignored because OONI adds keys between versions.
import { createHash, X509Certificate } from 'node:crypto';
import {
  ControlSchema,
  httpHopWithoutResponse,
  type CertSummary,
  type Control,
  type DnsObservation,
  type DnsRole,
  type HttpObservation,
  type Observation,
  type TcpObservation,
  type ThroughputObservation,
  type TlsObservation,
} from '../contract/observations.ts';
import type { Result } from '../contract/run.ts';
import { ConnectivitySchema, type Connectivity } from '../contract/verdict.ts';
import { analyze } from '../analysis/index.ts';
import { extractTitle } from '../engine/title.ts';

export class ImportError extends Error {}

/** An OONI measurement of another test (whatsapp, telegram, ...): valid, but not one Yoxla explains. */
export class OtherTestError extends ImportError {
  constructor(
    message: string,
    readonly testName: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

export interface ImportedMeasurement {
  /** Where it came from, for messages: `file` or `file:line`. */
  origin: string;
  input: string;
  host: string;
  probeAsn: string;
  probeCc: string;
  probeNetworkName: string;
  /** measurement_start_time as an ISO string. */
  startedAt: string;
  testVersion: string;
  softwareName: string;
  /** OONI's own verdict words, as the probe wrote them. */
  ooniBlocking: unknown;
  ooniAccessible: unknown;
  observations: Observation[];
  control: Control | null;
  controlFailure: string | null;
  /** False for OONI data (one attempt); true when Yoxla's own export carried its re-check along. */
  hasRecheck: boolean;
  /** Whether any harmless-name TLS test travelled with the data (only Yoxla's export has one). */
  hasSniTest: boolean;
  /** What Yoxla's connectivity check found, when the measurement is Yoxla's own export; null otherwise. */
  connectivity: Connectivity | null;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const failureOf = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** OONI's "2006-01-02 15:04:05" (UTC) as epoch milliseconds; null when it is not that. */
export function parseOoniTime(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d/.test(value)) return null;
  const ms = Date.parse(`${value.replace(' ', 'T').replace(/Z$/, '')}Z`);
  return Number.isNaN(ms) ? null : ms;
}

// ---- documents -------------------------------------------------------------------------------

/**
 * The measurement inside what the user gave: the measurement itself, OONI API's
 * `measurement_meta` reply (`raw_measurement`, a JSON string), or an object wrapping it.
 */
function unwrap(doc: unknown, origin: string): Json {
  if (!isObject(doc)) throw new ImportError(`${origin}: not an OONI measurement (a JSON object was expected)`);
  if (typeof doc.raw_measurement === 'string') {
    if (doc.raw_measurement === '') throw new ImportError(`${origin}: OONI API reply without the measurement (raw_measurement is empty)`);
    let inner: unknown;
    try {
      inner = JSON.parse(doc.raw_measurement);
    } catch (err) {
      throw new ImportError(`${origin}: raw_measurement is not valid JSON (${(err as Error).message})`);
    }
    return unwrap(inner, origin);
  }
  for (const key of ['raw_measurement', 'measurement']) {
    if (isObject(doc[key])) return unwrap(doc[key], origin);
  }
  return doc;
}

/** Test versions of web_connectivity by engine: measurement-kit 0.0.x, ooniprobe-python 0.1–0.3, Go 0.4.x, LTE 0.5.x. */
const KNOWN_TEST_VERSION = /^0\.[0-5]\.\d+$/;

function check(m: Json, origin: string): void {
  const why = (reason: string): never => {
    throw new ImportError(`${origin}: not an OONI web_connectivity measurement (${reason})`);
  };
  if (!isObject(m.test_keys)) why('no test_keys');
  const formatOk = typeof m.data_format_version === 'string' && /^0\.[12]\.0$/.test(m.data_format_version);
  if (typeof m.test_name === 'string' && m.test_name !== 'web_connectivity' && formatOk) {
    throw new OtherTestError(`${origin}: OONI ${m.test_name} measurement, not web_connectivity`, m.test_name);
  }
  if (m.test_name !== 'web_connectivity') why(typeof m.test_name === 'string' ? `test_name is ${m.test_name}` : 'no test_name');
  if (!formatOk) why(`data_format_version ${String(m.data_format_version)}, expected 0.2.0`);
  const version = str(m.test_version) ?? '';
  if (!KNOWN_TEST_VERSION.test(version)) why(`test_version ${version || 'missing'}, expected 0.0.x to 0.5.x`);
  if (typeof m.input !== 'string' || m.input === '') why('no input');
  if (startTimeOf(m) === null) why('no measurement_start_time');
}

/**
 * When the measurement began: `measurement_start_time`; the oldest python reports have only the
 * report's `test_start_time`, or `start_time` in epoch seconds.
 */
function startTimeOf(m: Json): number | null {
  const at = parseOoniTime(m.measurement_start_time) ?? parseOoniTime(m.test_start_time);
  if (at !== null) return at;
  const epoch = num(m.start_time);
  return epoch !== null && epoch > 0 ? Math.round(epoch * 1000) : null;
}

/**
 * Every measurement in a file's text: one JSON document, or JSONL (one a line, blank lines
 * skipped). In JSONL, other OONI tests beside web_connectivity (an export of a run with messengers
 * holds both) are handed to `onOtherTest` when given, instead of failing the whole file.
 */
export function parseMeasurements(
  text: string,
  file: string,
  onOtherTest?: (skipped: OtherTestError) => void,
  maxChars = MAX_IMPORT_CHARS,
): ImportedMeasurement[] {
  if (text.length > maxChars) throw tooLarge(file, text.length, maxChars);
  const trimmed = text.trim();
  if (trimmed === '') throw new ImportError(`${file}: empty file`);
  try {
    return [importMeasurement(JSON.parse(trimmed), file)];
  } catch (err) {
    if (err instanceof OtherTestError && onOtherTest) {
      onOtherTest(err);
      return [];
    }
    if (err instanceof ImportError) throw err;
    // Not one document: JSONL, where each error names its line.
  }
  const out: ImportedMeasurement[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const origin = `${file}:${index + 1}`;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch (err) {
      throw new ImportError(`${origin}: not valid JSON (${(err as Error).message})`);
    }
    try {
      out.push(importMeasurement(doc, origin));
    } catch (err) {
      if (!(err instanceof OtherTestError) || !onOtherTest) throw err;
      onOtherTest(err);
    }
  });
  return out;
}

/**
 * The largest file `yoxla explain` reads: OONI's biggest single measurements (a slow page's
 * network events) are a few megabytes; an archive's day is not one file to explain at once.
 */
export const MAX_IMPORT_CHARS = 200_000_000;

/** The one-line refusal of a file over the limit (sizes in characters or bytes, about the same here). */
export function tooLarge(file: string, size: number, max = MAX_IMPORT_CHARS): ImportError {
  const mb = (n: number) => `${Math.max(1, Math.round(n / 1e6))} MB`;
  return new ImportError(`${file}: too large to explain (${mb(size)}; at most ${mb(max)} per file)`);
}

export function importMeasurement(doc: unknown, origin: string): ImportedMeasurement {
  const m = unwrap(doc, origin);
  check(m, origin);
  const startMs = startTimeOf(m) as number;
  const tk = m.test_keys as Json;
  const input = m.input as string;
  let host = input;
  try {
    host = new URL(input).hostname;
  } catch {
    // Keep the input as the host: the analysis copes with non-URL inputs.
  }
  const at = new Clock(startMs);
  const events = arr(tk.network_events);
  const dns = dnsObservations(resolverQueries(tk, host), at);
  const tcp = tcpObservations(arr(tk.tcp_connect), new Set(dns.flatMap((o) => (o.query === host ? o.answers : []))), at);
  const requests = arr(tk.requests);
  const observations: Observation[] = [
    ...dns,
    ...tcp,
    ...connectEvents(events, tcp, at),
    ...tlsObservations(arr(tk.tls_handshakes), arr(tk.tcp_connect), host, 'measure', at),
    ...tlsObservations(arr(tk.x_yoxla_sni_test), [], null, 'sni-test', at),
    ...httpObservations(requests, at),
    ...redirectHopFailure(tk, requests, at),
    ...throughputObservations(events, requests, at),
  ];
  const { control, controlFailure } = controlOf(tk);
  return {
    origin,
    input,
    host,
    probeAsn: str(m.probe_asn) ?? 'AS0',
    probeCc: str(m.probe_cc) ?? 'ZZ',
    probeNetworkName: str(m.probe_network_name) ?? '',
    startedAt: new Date(startMs).toISOString(),
    testVersion: m.test_version as string,
    softwareName: str(m.software_name) ?? '',
    ooniBlocking: tk.blocking,
    ooniAccessible: tk.accessible,
    observations,
    control,
    controlFailure,
    hasRecheck: observations.some((o) => o.attempt > 0),
    hasSniTest: observations.some((o) => o.step === 'tls' && o.purpose === 'sni-test'),
    connectivity: isObject(m.annotations) ? (ConnectivitySchema.safeParse(m.annotations.yoxla_connectivity).data ?? null) : null,
  };
}

function controlOf(tk: Json): { control: Control | null; controlFailure: string | null } {
  const failure = failureOf(tk.control_failure);
  if (failure !== null) return { control: null, controlFailure: failure };
  if (!isObject(tk.control)) return { control: null, controlFailure: 'no-control-in-measurement' };
  // OONI's helper writes null for empty maps in some versions; the schema wants objects.
  const raw = { ...tk.control };
  for (const key of ['tcp_connect', 'tls_handshake', 'http_request', 'dns'] as const) if (raw[key] === null) delete raw[key];
  const parsed = ControlSchema.safeParse(raw);
  return parsed.success ? { control: parsed.data, controlFailure: null } : { control: null, controlFailure: 'control-unreadable' };
}

// ---- timing and tags ------------------------------------------------------------------------

/** OONI's `t0`/`t` (seconds since measurement start) as epoch ms; 0.4.x has only `t`, the end. */
class Clock {
  constructor(private readonly startMs: number) {}
  span(entry: Json): { t0: number; t1: number } {
    const t = num(entry.t) ?? num(entry.t0) ?? 0;
    const t0 = num(entry.t0) ?? t;
    return { t0: this.startMs + Math.round(t0 * 1000), t1: this.startMs + Math.round(t * 1000) };
  }
}

const tagsOf = (entry: Json): string[] => (Array.isArray(entry.tags) ? entry.tags.filter((t): t is string => typeof t === 'string') : []);

/** Yoxla's export tags each try (`yoxla_attempt=N`); OONI's probes make one, attempt 0. */
function attemptOf(entry: Json): number {
  const tag = tagsOf(entry).find((t) => t.startsWith('yoxla_attempt='));
  const n = tag ? Number(tag.slice('yoxla_attempt='.length)) : 0;
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/** 0.5.x tags steps of followed redirects `depth=N`; only the first hop's steps are about the input's own host. */
function depthOf(entry: Json): number {
  const tag = tagsOf(entry).find((t) => t.startsWith('depth='));
  return tag ? Number(tag.slice('depth='.length)) || 0 : 0;
}

// ---- df-002 DNS ------------------------------------------------------------------------------

const RCODE_NAMES: Record<number, string> = { 0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };
/**
 * OONI's engine names by role: `getaddrinfo`/`system` (and `go`, the Go resolver the system one
 * wraps) are the operating system's, what apps see; `udp`/`tcp` ask a resolver directly; `doh` and
 * any https resolver are encrypted DNS.
 */
const OS_ENGINES = new Set(['system', 'getaddrinfo', 'go', '']);
const NETWORK_ENGINES = new Set(['udp', 'tcp', 'dot']);

function roleOf(engine: string, server: string): DnsRole {
  if (engine === 'doh' || /^https:\/\//i.test(server)) return 'doh';
  if (NETWORK_ENGINES.has(engine)) return 'network';
  if (OS_ENGINES.has(engine)) return 'os';
  return 'doh';
}

/**
 * OONI writes one query per type (A, AAAA; `ANY` for getaddrinfo); Yoxla's engine records one
 * observation per lookup. Queries of the same resolver, name and try become one observation, which
 * succeeded when any of its queries brought addresses (an IPv4-only site has no AAAA).
 */
function dnsObservations(queries: Json[], at: Clock): DnsObservation[] {
  const groups = new Map<string, Json[]>();
  for (const q of queries) {
    if (depthOf(q) > 0) continue;
    const hostname = hostnameOf(q);
    if (!hostname) continue;
    const key = JSON.stringify([str(q.engine) ?? '', str(q.resolver_address) ?? '', hostname, attemptOf(q)]);
    const group = groups.get(key);
    if (group) group.push(q);
    else groups.set(key, [q]);
  }
  return [...groups.values()].map((qs) => {
    const first = qs[0] as Json;
    const engine = str(first.engine) ?? '';
    const server = str(first.resolver_address) ?? '';
    const answers = [...new Set(qs.flatMap(addressesOf))];
    const failures = qs.map((q) => failureOf(q.failure)).filter((f): f is string => f !== null);
    const failure = answers.length > 0 ? null : (failures.find((f) => f === 'dns_nxdomain_error') ?? failures[0] ?? null);
    const rcodeNum = qs.map((q) => num(q.rcode)).find((r) => r !== null);
    const rcode =
      failure === 'dns_nxdomain_error' ? 'NXDOMAIN' : rcodeNum !== undefined && rcodeNum !== null ? (RCODE_NAMES[rcodeNum] ?? null) : failure === null ? 'NOERROR' : null;
    const spans = qs.map((q) => at.span(q));
    return {
      step: 'dns' as const,
      resolver: roleOf(engine, server),
      server,
      query: hostnameOf(first) as string,
      answers,
      rcode,
      t0: spans.reduce((m, s) => Math.min(m, s.t0), Infinity),
      t1: spans.reduce((m, s) => Math.max(m, s.t1), -Infinity),
      attempt: attemptOf(first),
      failure,
    };
  });
}

/**
 * The name a query asked about: `hostname`, or in the first ooniprobe-python reports, the
 * Twisted query's text (`[Query('www.example.org', 1, 1)]`).
 */
function hostnameOf(q: Json): string | null {
  const hostname = str(q.hostname);
  if (hostname) return hostname;
  const legacy = /Query\('([^']+)'/.exec(str(q.query) ?? '');
  return legacy ? (legacy[1] as string) : null;
}

/** The addresses a query brought: answer objects (df-002), or the first python reports' `addrs` list. */
function addressesOf(q: Json): string[] {
  const answers = arr(q.answers).flatMap((a) => str(a.ipv4) ?? str(a.ipv6) ?? []);
  if (answers.length > 0) return answers;
  return Array.isArray(q.addrs) ? q.addrs.filter((a): a is string => typeof a === 'string') : [];
}

/**
 * The lookups of the input's host: the main `queries`, plus those 0.5.x keeps beside them in
 * `x_do53` and `x_doh` (the resolvers' own plumbing, e.g. looking up the DoH server's name, is
 * about another host and says nothing about this one). The same query twice counts once.
 */
function resolverQueries(tk: Json, host: string): Json[] {
  const extra = [tk.x_do53, tk.x_doh].flatMap((side) => (isObject(side) ? arr(side.queries) : []));
  const seen = new Set<string>();
  return [...arr(tk.queries), ...extra.filter((q) => hostnameOf(q) === host)].filter((q) => {
    const key = JSON.stringify([q.engine, q.resolver_address, hostnameOf(q), q.query_type, q.t, q.t0]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---- df-005 TCP connect ----------------------------------------------------------------------

/**
 * Connects of the first hop, and of later hops when they went to an address the input's host
 * resolved to (a redirect to the same host); other hosts' connects belong to other sites.
 */
function tcpObservations(connects: Json[], hostAddresses: ReadonlySet<string>, at: Clock): TcpObservation[] {
  return connects.flatMap((c) => {
    const ip = str(c.ip);
    const port = num(c.port);
    if (!ip || port === null || (depthOf(c) > 0 && !hostAddresses.has(ip))) return [];
    const status = isObject(c.status) ? c.status : {};
    const failure = failureOf(status.failure) ?? (status.success === false ? 'unknown_failure' : null);
    return [{ step: 'tcp' as const, ip, port, ...at.span(c), attempt: attemptOf(c), failure }];
  });
}

// ---- df-008 network events -------------------------------------------------------------------

/** A `connect` event with no `tcp_connect` entry of its own (some 0.4.x probes wrote only events). */
function connectEvents(events: Json[], known: TcpObservation[], at: Clock): TcpObservation[] {
  const have = new Set(known.map((o) => `${o.ip}|${o.port}`));
  return events.flatMap((e) => {
    if (e.operation !== 'connect' || (e.proto !== undefined && e.proto !== 'tcp') || depthOf(e) > 0) return [];
    const endpoint = splitAddress(str(e.address) ?? '');
    if (!endpoint || have.has(`${endpoint.ip}|${endpoint.port}`)) return [];
    have.add(`${endpoint.ip}|${endpoint.port}`);
    return [{ step: 'tcp' as const, ...endpoint, ...at.span(e), attempt: attemptOf(e), failure: failureOf(e.failure) }];
  });
}

const ROLE_TAG = 'yoxla_throughput=';

/**
 * Downloads, as bytes over time. Yoxla's export tags each download with its role (the target's
 * asset or the reference asset); OONI's probes record the page fetch as `read` events, which
 * become one `target` download per connection that fetched a body — evidence of speed, but with
 * no reference download beside it, so the analysis never calls it throttling.
 */
function throughputObservations(events: Json[], requests: Json[], at: Clock): ThroughputObservation[] {
  const tagged = events.filter((e) => tagsOf(e).some((t) => t.startsWith(ROLE_TAG)));
  if (tagged.length > 0) {
    return tagged.flatMap((e) => {
      const role = tagsOf(e).find((t) => t.startsWith(ROLE_TAG))?.slice(ROLE_TAG.length);
      const url = str(e.x_yoxla_url);
      if ((role !== 'target' && role !== 'control') || !url) return [];
      const span = at.span(e);
      const bytes = Math.max(0, Math.round(num(e.num_bytes) ?? 0));
      const ms = num(e.x_yoxla_ms) ?? span.t1 - span.t0;
      return [
        {
          step: 'throughput' as const,
          url,
          ip: splitAddress(str(e.address) ?? '')?.ip ?? null,
          role,
          bytes,
          ms,
          kbps: num(e.x_yoxla_kbps) ?? (ms > 0 ? (bytes * 8) / ms : 0),
          completed: e.x_yoxla_completed === true,
          ...span,
          attempt: attemptOf(e),
          failure: failureOf(e.failure),
        },
      ];
    });
  }
  const reads = new Map<string, Json[]>();
  for (const e of events) {
    if (e.operation !== 'read' || e.proto === 'udp' || depthOf(e) > 0 || tagsOf(e).includes('fetch_body=false')) continue;
    const address = str(e.address);
    if (!address) continue;
    const list = reads.get(address);
    if (list) list.push(e);
    else reads.set(address, [e]);
  }
  const requestAt = new Map<string, Json>();
  for (const r of requests) {
    const address = str(r.address);
    if (address && !requestAt.has(address)) requestAt.set(address, r);
  }
  return [...reads].flatMap(([address, list]) => {
    const request = requestAt.get(address) ?? (requests.length === 1 ? requests[0] : undefined);
    const url = request && isObject(request.request) ? str(request.request.url) : null;
    const bytes = list.reduce((sum, e) => sum + Math.max(0, num(e.num_bytes) ?? 0), 0);
    if (!url || bytes === 0) return [];
    const spans = list.map((e) => at.span(e));
    const t0 = spans.reduce((m, s) => Math.min(m, s.t0), Infinity);
    const t1 = spans.reduce((m, s) => Math.max(m, s.t1), -Infinity);
    const ms = t1 - t0;
    const failure = list.map((e) => failureOf(e.failure)).find((f) => f !== null) ?? null;
    return [
      { step: 'throughput' as const, url, ip: splitAddress(address)?.ip ?? null, role: 'target' as const, bytes, ms, kbps: ms > 0 ? (bytes * 8) / ms : 0, completed: failure === null, t0, t1, attempt: 0, failure },
    ];
  });
}

// ---- df-006 TLS handshake --------------------------------------------------------------------

function splitAddress(address: string): { ip: string; port: number } | null {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  return m ? { ip: m[1] as string, port: Number(m[2]) } : null;
}

function summarizeCert(der: Buffer): CertSummary | null {
  try {
    const cert = new X509Certificate(der);
    const san = (cert.subjectAltName ?? '')
      .split(/,\s*/)
      .filter((s) => s.startsWith('DNS:') || s.startsWith('IP Address:'))
      .map((s) => s.replace(/^(DNS|IP Address):/, ''));
    return {
      subject: cert.subject.replace(/\n/g, ', '),
      issuer: cert.issuer.replace(/\n/g, ', '),
      validFrom: new Date(cert.validFrom).toISOString(),
      validTo: new Date(cert.validTo).toISOString(),
      fingerprint256: cert.fingerprint256,
      san,
    };
  } catch {
    return null;
  }
}

function chainOf(h: Json): CertSummary[] {
  // Yoxla's own export keeps summaries (it has no DER bytes); OONI keeps DER.
  if (Array.isArray(h.x_yoxla_certificates)) return h.x_yoxla_certificates as CertSummary[];
  return arr(h.peer_certificates).flatMap((c) => {
    const data = str(c.data);
    if (!data || (c.format !== undefined && c.format !== 'base64')) return [];
    const summary = summarizeCert(Buffer.from(data, 'base64'));
    return summary ? [summary] : [];
  });
}

/**
 * 0.4.x handshakes carry no `address`: the handshake ran on the connection that was opened for
 * it, so the latest successful connect before it (else the first connect) names the address.
 * Handshakes to other names are the redirect chain's and say nothing about the input's host.
 */
function tlsObservations(handshakes: Json[], connects: Json[], host: string | null, purpose: TlsObservation['purpose'], at: Clock): TlsObservation[] {
  return handshakes.flatMap((h) => {
    const serverName = str(h.server_name) ?? host ?? '';
    // 0.5.x and Yoxla's export tag the redirect depth; 0.4.x does not, so there the name tells.
    // 0.5.x and Yoxla's export tag the redirect depth; 0.4.x does not, so there the name tells.
    // A later hop to the same host (http -> https is the usual redirect) is still about the
    // input's host; `host` is null for the SNI test, which has no hops.
    const tagged = tagsOf(h).some((t) => t.startsWith('depth='));
    const sameHost = host !== null && serverName === host;
    if (tagged ? depthOf(h) > 0 && !sameHost : host !== null && !sameHost) return [];
    // A handshake that skipped verification proves nothing about the certificate, and the
    // analysis would read its unverified chain as interception: leave it out.
    if (h.no_tls_verify === true) return [];
    const span = at.span(h);
    let endpoint = splitAddress(str(h.address) ?? '');
    if (!endpoint) {
      const started = num(h.t0) ?? num(h.t) ?? Infinity;
      const before = connects.filter((c) => isObject(c.status) && c.status.success === true && (num(c.t) ?? 0) <= started);
      const pick = before.at(-1) ?? connects[0];
      endpoint = pick && str(pick.ip) && num(pick.port) !== null ? { ip: pick.ip as string, port: pick.port as number } : { ip: '', port: 443 };
    }
    const failure = failureOf(h.failure);
    return [
      {
        step: 'tls' as const,
        ...endpoint,
        serverName,
        purpose,
        tlsVersion: str(h.tls_version) || null,
        cipher: str(h.cipher_suite) || null,
        chain: chainOf(h),
        // OONI always verifies (no_tls_verify false): a handshake without failure validated.
        verified: failure === null ? true : classifiesAsCertificate(failure) ? false : null,
        ...span,
        attempt: attemptOf(h),
        failure,
      },
    ];
  });
}

const classifiesAsCertificate = (failure: string | null): boolean =>
  failure !== null && /^ssl_(unknown_authority|invalid_certificate|invalid_hostname)/.test(failure);

// ---- df-001 HTTP -----------------------------------------------------------------------------

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function bodyBytes(body: unknown): Buffer | null {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (isObject(body) && body.format === 'base64' && typeof body.data === 'string') return Buffer.from(body.data, 'base64');
  return null;
}

/** A Yoxla export's timing of a response, kept only where there was a response. */
const optionalMs = <K extends string>(key: K, ms: number | null, status: number | null): Partial<Record<K, number>> =>
  ms !== null && ms >= 0 && status !== null ? ({ [key]: ms } as Record<K, number>) : {};

/** OONI lists requests last hop first; Yoxla's observations are in the order they happened. */
function httpObservations(requests: Json[], at: Clock): HttpObservation[] {
  return [...requests].reverse().flatMap((r) => {
    const request = isObject(r.request) ? r.request : {};
    const url = str(request.url);
    if (!url) return [];
    const response = isObject(r.response) ? r.response : {};
    const failure = failureOf(r.failure);
    const code = num(response.code);
    // OONI writes a failed request's code as 0; Yoxla's own export keeps the status of a response
    // whose body was cut by time (marked by its body timing), so a crawling page reads as one.
    const bodyMs = num(response.x_yoxla_body_ms);
    const status = code !== null && code > 0 && (failure === null || bodyMs !== null) ? code : null;
    const headers: Record<string, string> = {};
    if (isObject(response.headers)) for (const [k, v] of Object.entries(response.headers)) if (typeof v === 'string') headers[k] = v;
    const body = bodyBytes(response.body);
    const location = headerValue(headers, 'location');
    let redirectTo: string | null = null;
    if (status !== null && status >= 300 && status < 400 && location) {
      try {
        redirectTo = new URL(location, url).href;
      } catch {
        redirectTo = null;
      }
    }
    const address = splitAddress(str(r.address) ?? '');
    return [
      {
        step: 'http' as const,
        url,
        ip: address?.ip ?? null,
        status,
        headers,
        bodyLength: num(response.x_yoxla_body_length) ?? (body ? body.length : status === null ? null : 0),
        bodyTruncated: response.body_is_truncated === true,
        ...optionalMs('bodyMs', bodyMs, status),
        ...optionalMs('requestMs', num(response.x_yoxla_request_ms), status),
        bodySha256: str(response.x_yoxla_body_sha256) ?? (body ? createHash('sha256').update(body).digest('hex') : null),
        title: str(response.x_yoxla_title) ?? (body ? extractTitle(body, headerValue(headers, 'content-type')) : null),
        redirectTo,
        ...at.span(r),
        attempt: attemptOf(r),
        failure,
      },
    ];
  });
}

/**
 * LTE follows a redirect to another host with the steps of a new hop (DNS, TCP, TLS tagged
 * `depth=N`) and writes a request only when those succeed. When the chain stopped there, the
 * hop that failed is added as the chain's last, with the failure of its first failing step, so
 * the verdict is about the last hop reached and not about the redirect that led to it.
 */
function redirectHopFailure(tk: Json, requests: Json[], at: Clock): HttpObservation[] {
  const last = requests[0];
  if (!last || failureOf(last.failure) !== null) return [];
  const from = isObject(last.request) ? str(last.request.url) : null;
  const response = isObject(last.response) ? last.response : {};
  const code = num(response.code) ?? 0;
  const headers = isObject(response.headers) ? (response.headers as Record<string, unknown>) : {};
  const locationKey = Object.keys(headers).find((k) => k.toLowerCase() === 'location');
  const location = locationKey === undefined ? null : str(headers[locationKey]);
  if (!from || code < 300 || code >= 400 || !location) return [];
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    return [];
  }
  if (next.hostname === new URL(from).hostname) return [];
  if (requests.some((r) => isObject(r.request) && str(r.request.url) === next.href)) return [];
  const host = next.hostname;
  const port = next.port ? Number(next.port) : next.protocol === 'https:' ? 443 : 80;
  const later = (entry: Json) => depthOf(entry) > 0;
  const lookups = [...arr(tk.queries), ...[tk.x_do53, tk.x_doh].flatMap((side) => (isObject(side) ? arr(side.queries) : []))].filter(
    (q) => later(q) && str(q.hostname) === host && OS_ENGINES.has(str(q.engine) ?? ''),
  );
  const addresses = new Set(lookups.flatMap((q) => arr(q.answers).map((a) => str(a.ipv4) ?? str(a.ipv6) ?? '')).filter((a) => a !== ''));
  const connects = arr(tk.tcp_connect).filter((c) => later(c) && num(c.port) === port && (addresses.size === 0 || addresses.has(str(c.ip) ?? '')));
  const handshakes = arr(tk.tls_handshakes).filter((h) => later(h) && str(h.server_name) === host);
  const failedAll = (entries: Json[], failure: (e: Json) => string | null): string | null => {
    if (entries.length === 0) return null;
    const failures = entries.map(failure);
    if (failures.some((f) => f === null)) return null;
    return failures.find((f) => f === 'dns_nxdomain_error' || f === 'generic_timeout_error') ?? failures[0] ?? null;
  };
  const connectFailure = (c: Json) => {
    const status = isObject(c.status) ? c.status : {};
    return failureOf(status.failure) ?? (status.success === false ? 'unknown_failure' : null);
  };
  const steps: [Json[], string | null][] = [
    [lookups, failedAll(lookups, (q) => (arr(q.answers).length > 0 ? null : (failureOf(q.failure) ?? 'dns_no_answer')))],
    [connects, failedAll(connects, connectFailure)],
    [handshakes, failedAll(handshakes, (h) => failureOf(h.failure))],
  ];
  const failing = steps.find(([, failure]) => failure !== null);
  if (!failing) return [];
  const [entries, failure] = failing;
  const where = entries.at(-1) as Json;
  const address = str(where.ip) ?? splitAddress(str(where.address) ?? '')?.ip ?? null;
  return [httpHopWithoutResponse({ url: next.href, ip: address, ...at.span(where), attempt: attemptOf(last), failure })];
}

// ---- the verdict ----------------------------------------------------------------------------

/**
 * Yoxla's result for an imported measurement: the same `analyze` as for Yoxla's own runs. Without
 * a re-check one failing try may decide (`requireRecheck: false`), and the notes say so; a missing
 * SNI test is noted by the analysis itself (`sni-test-missing`), and without a control that
 * succeeded nothing is called blocked.
 */
export function importedResult(m: ImportedMeasurement): Result {
  const verdict = analyze({
    target: { input: m.input, host: m.host, kind: 'web' },
    observations: m.observations,
    control: m.control,
    controlFailure: m.controlFailure,
    // Yoxla's own export says what its connectivity check found; otherwise the probe reached
    // OONI's test helper only when the control came back.
    connectivity: m.connectivity ?? (m.control ? 'ok' : 'unknown'),
    requireRecheck: m.hasRecheck,
  });
  const notes = m.hasRecheck ? verdict.evidence.notes : [...verdict.evidence.notes, 'ooni-import-no-recheck'];
  const times = m.observations.flatMap((o) => [o.t0, o.t1]);
  return {
    input: m.input,
    host: m.host,
    kind: 'web',
    status: verdict.status,
    method: verdict.method,
    durationMs: times.length ? times.reduce((a, b) => Math.max(a, b), -Infinity) - times.reduce((a, b) => Math.min(a, b), Infinity) : 0,
    observations: m.observations,
    control: m.control,
    controlFailure: m.controlFailure,
    evidence: { ...verdict.evidence, notes },
    explanationKey: verdict.explanationKey,
  };
}

// ---- fetching by link or id (production only) ------------------------------------------------

export type FetchLike = (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** The measurement uid in an OONI Explorer link (`https://explorer.ooni.org/m/<uid>`) or a bare uid; null otherwise. */
export function measurementUidOf(arg: string): string | null {
  const link = /^https:\/\/explorer\.ooni\.org\/(?:[a-z-]+\/)?m(?:easurement)?\/([A-Za-z0-9_-]+)/.exec(arg);
  if (link) return link[1] as string;
  return /^\d{8}\d*T\d{6}Z_[A-Za-z0-9_]+$/.test(arg) ? arg : null;
}

export const OONI_API = 'https://api.ooni.io/api/v1/measurement_meta';

/** One measurement from OONI's API; `fetch` is injected so tests never touch the network. */
export async function fetchMeasurement(uid: string, fetch: FetchLike): Promise<ImportedMeasurement[]> {
  const url = `${OONI_API}?measurement_uid=${encodeURIComponent(uid)}&full=true`;
  let text: string;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new ImportError(`${uid}: OONI API answered HTTP ${res.status}`);
    text = await res.text();
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${uid}: cannot fetch from OONI API (${(err as Error).message})`);
  }
  return parseMeasurements(text, uid);
}
