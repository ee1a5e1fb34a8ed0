// Yoxla observations in OONI's data formats (ooni/spec data-formats df-001, df-002, df-005,
// df-006). One function per format, each a pure mapping of recorded observations, so the exporter
// and a future importer share the same field-by-field correspondence.
import type { CertSummary, Control, DnsObservation, HttpObservation, Observation, TcpObservation, ThroughputObservation, TlsObservation } from '../contract/observations.ts';
import { dnsFailure, endpointKey, tlsFailure } from '../analysis/steps.ts';
import { maxOf, minOf } from '../util/arrays.ts';

/** OONI's time layout ("2006-01-02 15:04:05", UTC, no zone suffix). */
export function ooniTime(at: number | string | Date): string {
  return new Date(at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

/** Seconds since the measurement started, as OONI's `t0`/`t` (millisecond precision). */
export function relativeSeconds(ms: number, startMs: number): number {
  return Math.max(0, ms - startMs) / 1000;
}

/** Extra tags Yoxla adds: which try this was (0 = first, 1 = the re-check on a fresh connection). */
const attemptTag = (attempt: number): string => `yoxla_attempt=${attempt}`;

// ---- df-002 DNS ------------------------------------------------------------------------------

export interface OoniAnswer {
  answer_type: 'A' | 'AAAA';
  ipv4?: string;
  ipv6?: string;
  ttl: null;
}

export interface OoniQuery {
  answers: OoniAnswer[] | null;
  engine: string;
  failure: string | null;
  hostname: string;
  query_type: 'A' | 'AAAA' | 'ANY';
  rcode?: number;
  resolver_address: string;
  resolver_hostname: null;
  resolver_port: null;
  t0: number;
  t: number;
  tags: string[];
}

const RCODES: Record<string, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

const answerOf = (a: string): OoniAnswer => (a.includes(':') ? { answer_type: 'AAAA', ipv6: a, ttl: null } : { answer_type: 'A', ipv4: a, ttl: null });

/**
 * Each lookup as OONI's engines write it, by role:
 * - `os`: as ooniprobe writes its getaddrinfo lookup, one query of type `ANY` per attempt,
 *   engine `getaddrinfo`, every address in its answers, tagged `classic` (what OONI's DNS
 *   analysis reads);
 * - `network`: OONI's `udp` engine, one query per type (A, AAAA);
 * - `doh`: extension E004, engine `doh`, one query per type.
 */
export function ooniQueries(observations: readonly Observation[], startMs: number): OoniQuery[] {
  const dns = observations.filter((o): o is DnsObservation => o.step === 'dns');
  return dns.flatMap((o) => (o.resolver === 'os' ? [osQuery(o, startMs)] : perTypeQueries(o, startMs)));
}

/**
 * Where LTE puts each role: the person's own lookups in `queries` (the `os` role; the network's
 * resolver in runs from before roles, which have no `os` lookup), the network's resolver in
 * `x_do53` and DoH in `x_doh`.
 */
export function ooniDnsPlacement(observations: readonly Observation[], startMs: number): { queries: OoniQuery[]; x_do53: Record<string, unknown>; x_doh: Record<string, unknown> } {
  const dns = observations.filter((o): o is DnsObservation => o.step === 'dns');
  const hasOs = dns.some((o) => o.resolver === 'os');
  const own = dns.filter((o) => o.resolver === 'os' || (!hasOs && o.resolver === 'network'));
  const network = hasOs ? dns.filter((o) => o.resolver === 'network') : [];
  const doh = dns.filter((o) => o.resolver === 'doh');
  return {
    queries: ooniQueries(own, startMs),
    x_do53: { network_events: [], queries: ooniQueries(network, startMs) },
    x_doh: { network_events: [], queries: ooniQueries(doh, startMs), requests: [], tcp_connect: [], tls_handshakes: [] },
  };
}

function osQuery(o: DnsObservation, startMs: number): OoniQuery {
  const failure = dnsFailure(o);
  return {
    answers: failure === null ? o.answers.map(answerOf) : null,
    engine: 'getaddrinfo',
    failure,
    hostname: o.query,
    query_type: 'ANY',
    resolver_address: '',
    resolver_hostname: null,
    resolver_port: null,
    t0: relativeSeconds(o.t0, startMs),
    t: relativeSeconds(o.t1, startMs),
    tags: ['classic', 'depth=0', attemptTag(o.attempt)],
  };
}

/** Yoxla asks A and AAAA and records them as one observation; OONI's `udp` and `doh` engines record one query per type. */
function perTypeQueries(o: DnsObservation, startMs: number): OoniQuery[] {
  return (['A', 'AAAA'] as const).map((type): OoniQuery => {
    const v6 = type === 'AAAA';
    const addrs = o.answers.filter((a) => a.includes(':') === v6);
    const failure = dnsFailure(o) ?? (addrs.length === 0 ? 'dns_no_answer' : null);
    return {
      answers: failure === null ? addrs.map(answerOf) : null,
      engine: o.resolver === 'doh' ? 'doh' : 'udp',
      failure,
      hostname: o.query,
      query_type: type,
      ...(o.rcode !== null && o.rcode in RCODES ? { rcode: RCODES[o.rcode] } : {}),
      resolver_address: o.server,
      resolver_hostname: null,
      resolver_port: null,
      t0: relativeSeconds(o.t0, startMs),
      t: relativeSeconds(o.t1, startMs),
      tags: [...(o.resolver === 'network' ? ['classic'] : []), 'depth=0', attemptTag(o.attempt)],
    };
  });
}

// ---- df-005 TCP connect ----------------------------------------------------------------------

export interface OoniTcpConnect {
  ip: string;
  port: number;
  status: { blocked: boolean | null; failure: string | null; success: boolean };
  t0: number;
  t: number;
  tags: string[];
}

/** `blocked` (web_connectivity's addition): the probe failed where the control connected. */
export function ooniTcpConnect(observations: readonly Observation[], control: Control | null, startMs: number): OoniTcpConnect[] {
  return observations
    .filter((o): o is TcpObservation => o.step === 'tcp')
    .map((o) => {
      const seen = control?.tcp_connect[endpointKey(o.ip, o.port)];
      return {
        ip: o.ip,
        port: o.port,
        status: {
          blocked: seen === undefined ? null : o.failure !== null && seen.status,
          failure: o.failure,
          success: o.failure === null,
        },
        t0: relativeSeconds(o.t0, startMs),
        t: relativeSeconds(o.t1, startMs),
        tags: ['classic', 'depth=0', attemptTag(o.attempt)],
      };
    });
}

// ---- df-006 TLS handshake --------------------------------------------------------------------

export interface OoniTlsHandshake {
  network: 'tcp';
  address: string;
  cipher_suite: string;
  failure: string | null;
  negotiated_protocol: string;
  no_tls_verify: boolean;
  peer_certificates: { data: string; format: 'base64' }[];
  server_name: string;
  t0: number;
  t: number;
  tags: string[];
  tls_version: string;
  /** The engine keeps a summary of each certificate, not its DER bytes: OONI's list stays empty. */
  x_yoxla_certificates: CertSummary[];
}

export function ooniTlsHandshake(o: TlsObservation, startMs: number): OoniTlsHandshake {
  return {
    network: 'tcp',
    address: endpointKey(o.ip, o.port),
    cipher_suite: o.cipher ?? '',
    // A chain that did not validate is a failure for OONI too (it always verifies).
    failure: tlsFailure(o),
    negotiated_protocol: '',
    no_tls_verify: false,
    peer_certificates: [],
    server_name: o.serverName,
    t0: relativeSeconds(o.t0, startMs),
    t: relativeSeconds(o.t1, startMs),
    tags: [...(o.purpose === 'measure' ? ['classic', 'fetch_body=true'] : ['yoxla_sni_test']), 'depth=0', attemptTag(o.attempt)],
    tls_version: o.tlsVersion ?? '',
    x_yoxla_certificates: o.chain,
  };
}

/**
 * Handshakes with the real server name. The harmless-name test (same address, `example.com`) goes
 * elsewhere: in `tls_handshakes` OONI's analysis would read its success as the site's.
 */
export function ooniTlsHandshakes(observations: readonly Observation[], startMs: number, purpose: TlsObservation['purpose'] = 'measure'): OoniTlsHandshake[] {
  return observations
    .filter((o): o is TlsObservation => o.step === 'tls' && o.purpose === purpose)
    .map((o) => ooniTlsHandshake(o, startMs));
}

// ---- df-001 HTTP -----------------------------------------------------------------------------

export interface OoniRequest {
  network: 'tcp';
  address?: string;
  failure: string | null;
  request: {
    body: string;
    body_is_truncated: boolean;
    headers: Record<string, string>;
    headers_list: [string, string][];
    method: string;
    tor: { exit_ip: null; exit_name: null; is_tor: false };
    x_transport: 'tcp';
    url: string;
  };
  response: {
    /** Yoxla keeps the body's length, hash and title, not the body: null, with the three in x_ keys. */
    body: null;
    body_is_truncated: boolean;
    code: number;
    headers: Record<string, string>;
    headers_list: [string, string][];
    x_yoxla_body_length: number | null;
    x_yoxla_body_sha256: string | null;
    x_yoxla_title: string | null;
  };
  t0: number;
  t: number;
  tags: string[];
}

function portOf(url: string): number {
  try {
    const u = new URL(url);
    return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  } catch {
    return 443;
  }
}

export function ooniRequest(o: HttpObservation, startMs: number): OoniRequest {
  const headers = Object.entries(o.headers);
  return {
    network: 'tcp',
    ...(o.ip ? { address: endpointKey(o.ip, portOf(o.url)) } : {}),
    failure: o.failure ?? (o.status === null ? 'unknown_failure' : null),
    request: {
      body: '',
      body_is_truncated: false,
      headers: {},
      headers_list: [],
      method: 'GET',
      tor: { exit_ip: null, exit_name: null, is_tor: false },
      x_transport: 'tcp',
      url: o.url,
    },
    response: {
      body: null,
      body_is_truncated: o.bodyTruncated,
      code: o.status ?? 0,
      headers: Object.fromEntries(headers),
      headers_list: headers,
      x_yoxla_body_length: o.bodyLength,
      ...(o.bodyMs !== undefined ? { x_yoxla_body_ms: o.bodyMs } : {}),
      ...(o.requestMs !== undefined ? { x_yoxla_request_ms: o.requestMs } : {}),
      x_yoxla_body_sha256: o.bodySha256,
      x_yoxla_title: o.title,
    },
    t0: relativeSeconds(o.t0, startMs),
    t: relativeSeconds(o.t1, startMs),
    tags: ['classic', 'depth=0', attemptTag(o.attempt)],
  };
}

/** OONI lists requests newest first: the final response leads, the first redirect comes last. */
export function ooniRequests(observations: readonly Observation[], startMs: number): OoniRequest[] {
  return observations
    .filter((o): o is HttpObservation => o.step === 'http')
    .map((o, index) => ({ o, index }))
    .sort((a, b) => b.o.t0 - a.o.t0 || b.index - a.index)
    .map(({ o }) => ooniRequest(o, startMs));
}

// ---- df-008 network events ----------------------------------------------------------------

export interface OoniNetworkEvent {
  address?: string;
  failure: string | null;
  num_bytes: number;
  operation: 'read';
  proto: 'tcp';
  t0: number;
  t: number;
  tags: string[];
  /** Yoxla's download as one summarised read: the asset, how long it ran, and whether it finished. */
  x_yoxla_url: string;
  x_yoxla_ms: number;
  x_yoxla_kbps: number;
  x_yoxla_completed: boolean;
}

/**
 * web_connectivity has no speed test; Yoxla's downloads travel as network events (one summarised
 * `read` per download, tagged with its role), so OONI tools see the bytes and times and Yoxla's
 * own import can judge throttling again.
 */
export function ooniNetworkEvents(observations: readonly Observation[], startMs: number): OoniNetworkEvent[] {
  return observations
    .filter((o): o is ThroughputObservation => o.step === 'throughput')
    .map((o) => ({
      ...(o.ip ? { address: endpointKey(o.ip, portOf(o.url)) } : {}),
      failure: o.failure,
      num_bytes: o.bytes,
      operation: 'read' as const,
      proto: 'tcp' as const,
      t0: relativeSeconds(o.t0, startMs),
      t: relativeSeconds(o.t1, startMs),
      tags: ['depth=0', `yoxla_throughput=${o.role}`, attemptTag(o.attempt)],
      x_yoxla_url: o.url,
      x_yoxla_ms: o.ms,
      x_yoxla_kbps: o.kbps,
      x_yoxla_completed: o.completed,
    }));
}

/** When the measurement started: its first step, or the fallback when nothing was recorded. */
export function measurementStart(observations: readonly Observation[], fallbackMs: number): number {
  return observations.length === 0 ? fallbackMs : minOf(observations.map((o) => o.t0), fallbackMs);
}

/** How long the recorded steps took, first start to last end, in seconds. */
export function measurementRuntime(observations: readonly Observation[], startMs: number, fallbackMs: number): number {
  if (observations.length === 0) return fallbackMs / 1000;
  return relativeSeconds(maxOf(observations.map((o) => o.t1), startMs), startMs);
}
