// Folds the raw observations of one target into one outcome per pipeline step (dns, tcp, tls,
// http), across attempts. The verdict rules reason about these outcomes, never about raw arrays.
import ipaddr from 'ipaddr.js';
import { parseTcpConnect } from '../targets/input.ts';
import type {
  DnsObservation,
  DnsRole,
  HttpObservation,
  Observation,
  TcpObservation,
  TlsObservation,
} from '../contract/observations.ts';

export type PipelineStep = 'dns' | 'tcp' | 'tls' | 'http';

export interface StepOutcome {
  step: PipelineStep;
  /** Distinct attempt numbers that recorded this step, ascending. Empty: the step did not run. */
  attempts: number[];
  /** Some attempt succeeded. */
  ok: boolean;
  /** An attempt failed entirely and a later attempt succeeded. */
  recovered: boolean;
  /**
   * The failure that decides the method: a silent timeout if any attempt timed out, else the
   * latest failing attempt's. Random resets are the common noise of a poor connection and cannot
   * make a silent drop; a censor that resets does so on every attempt.
   */
  failure: string | null;
  /** Every attempt failed, and (when a re-check is required) there were at least two. */
  consistent: boolean;
  /** Not every failing attempt failed the same way. */
  varied: boolean;
}

/** A DNS reply that carries no usable address is a failure even when the resolver said NOERROR. */
export function dnsFailure(o: DnsObservation): string | null {
  if (o.rcode === 'NXDOMAIN' || classify(o.failure) === 'nxdomain') return 'dns_nxdomain_error';
  if (o.failure !== null) return o.failure;
  if (o.answers.length > 0) return null;
  // No rcode means no reply at all: for a censor that is the same as a timeout.
  if (o.rcode === null) return 'generic_timeout_error';
  if (o.rcode === 'NOERROR') return 'dns_no_answer';
  if (o.rcode === 'SERVFAIL') return 'dns_server_failure';
  if (o.rcode === 'REFUSED') return 'dns_refused_error';
  return `dns_${o.rcode.toLowerCase()}_error`;
}

/** A handshake whose certificate did not validate is a failure even if the engine left failure null. */
export function tlsFailure(o: TlsObservation): string | null {
  if (o.failure !== null) return o.failure;
  return o.verified === true ? null : 'ssl_invalid_certificate';
}

/** An HTTP attempt succeeds when its last hop got a response. */
export function httpFailure(o: HttpObservation): string | null {
  if (o.failure !== null) return o.failure;
  return o.status === null ? 'unknown_failure' : null;
}

/**
 * Per attempt, the step succeeded if any of its observations succeeded (one working address is
 * enough), else it failed with the first failure recorded in that attempt.
 */
export function summarize<T extends { attempt: number }>(
  step: PipelineStep,
  items: readonly T[],
  failureOf: (item: T) => string | null,
  requireRecheck: boolean,
): StepOutcome {
  const byAttempt = new Map<number, string | null>();
  for (const item of items) {
    const failure = failureOf(item);
    if (!byAttempt.has(item.attempt)) byAttempt.set(item.attempt, failure);
    else if (failure === null) byAttempt.set(item.attempt, null);
  }
  const attempts = [...byAttempt.keys()].sort((a, b) => a - b);
  const results = attempts.map((a) => byAttempt.get(a) ?? null);
  const ok = results.some((f) => f === null);
  const firstOk = results.findIndex((f) => f === null);
  const recovered = firstOk > 0 && results.slice(0, firstOk).some((f) => f !== null);
  const failures = results.filter((f): f is string => f !== null);
  const enough = requireRecheck ? attempts.length >= 2 : attempts.length >= 1;
  return {
    step,
    attempts,
    ok,
    recovered,
    failure: ok ? null : (failures.find((f) => f === 'generic_timeout_error') ?? failures.at(-1) ?? null),
    consistent: !ok && enough,
    varied: new Set(failures).size > 1,
  };
}

/** The final hop of each attempt, in attempt order. Hops are recorded in the order they happened. */
export function finalHops(http: readonly HttpObservation[]): HttpObservation[] {
  const last = new Map<number, HttpObservation>();
  for (const hop of http) last.set(hop.attempt, hop);
  return [...last.entries()].sort((a, b) => a[0] - b[0]).map(([, hop]) => hop);
}

export interface Steps {
  /**
   * The person's own lookups, the ones their apps see: role `os`, or the network's resolver when
   * no `os` lookup was recorded (runs and OONI files from before roles).
   */
  systemDns: DnsObservation[];
  /** Role of `systemDns`; null when no lookup of the person's own was recorded. */
  personalRole: Exclude<DnsRole, 'doh'> | null;
  /** The network's resolver asked directly, when the person's own lookups are the operating system's. */
  networkDns: DnsObservation[];
  dohDns: DnsObservation[];
  /** Steps at the addresses the person's own lookup gave (every address when it gave none or was not recorded). */
  tcp: TcpObservation[];
  tlsMeasure: TlsObservation[];
  sniTest: TlsObservation[];
  http: HttpObservation[];
  /**
   * Steps at addresses only another lookup gave (the engine connects to the union of every
   * role's answers): evidence of whether the site itself works, never the person's path.
   */
  elsewhere: { tcp: TcpObservation[]; tls: TlsObservation[]; http: HttpObservation[] };
  outcomes: Record<PipelineStep, StepOutcome>;
}

/** Canonical text of an address, so 2001:DB8::1 and 2001:db8:0::1 compare equal. */
export function canonicalIp(ip: string): string {
  return ipaddr.isValid(ip) ? ipaddr.process(ip).toString() : ip.toLowerCase();
}

export function splitSteps(observations: readonly Observation[], requireRecheck: boolean): Steps {
  const dnsByRole: Record<DnsRole, DnsObservation[]> = { os: [], network: [], doh: [] };
  const tcpAll: TcpObservation[] = [];
  const tlsAll: TlsObservation[] = [];
  const sniAll: TlsObservation[] = [];
  const httpAll: HttpObservation[] = [];
  for (const o of observations) {
    // Observations that never went through the schema may still say `system` (before roles): the network's resolver.
    if (o.step === 'dns') dnsByRole[o.resolver === 'os' || o.resolver === 'doh' ? o.resolver : 'network'].push(o);
    else if (o.step === 'tcp') tcpAll.push(o);
    else if (o.step === 'tls') (o.purpose === 'measure' ? tlsAll : sniAll).push(o);
    else if (o.step === 'http') httpAll.push(o);
  }
  const personalRole = dnsByRole.os.length > 0 ? 'os' : dnsByRole.network.length > 0 ? 'network' : null;
  const systemDns = personalRole === null ? [] : dnsByRole[personalRole];
  const networkDns = personalRole === 'os' ? dnsByRole.network : [];

  // Only the person's own answers are their path; with no lookup recorded, every step is.
  const own = new Set(systemDns.flatMap((d) => d.answers).map(canonicalIp));
  const isOwn = (ip: string | null) => personalRole === null || ip === null || own.has(canonicalIp(ip));
  const [tcp, tcpElsewhere] = partition(tcpAll, (o) => isOwn(o.ip));
  const [tlsMeasure, tlsElsewhere] = partition(tlsAll, (o) => isOwn(o.ip));
  const sniTest = sniAll.filter((o) => isOwn(o.ip));
  // A try belongs where its first hop went; later hops of a redirect go wherever it leads.
  const firstHop = new Map<number, HttpObservation>();
  for (const hop of httpAll) if (!firstHop.has(hop.attempt)) firstHop.set(hop.attempt, hop);
  const [http, httpElsewhere] = partition(httpAll, (o) => isOwn(firstHop.get(o.attempt)?.ip ?? null));
  return {
    systemDns,
    personalRole,
    networkDns,
    dohDns: dnsByRole.doh,
    tcp,
    tlsMeasure,
    sniTest,
    http,
    elsewhere: { tcp: tcpElsewhere, tls: tlsElsewhere, http: httpElsewhere },
    outcomes: {
      dns: summarize('dns', systemDns, dnsFailure, requireRecheck),
      tcp: summarize('tcp', tcp, (o) => o.failure, requireRecheck),
      tls: summarize('tls', tlsMeasure, tlsFailure, requireRecheck),
      http: summarize('http', finalHops(http), httpFailure, requireRecheck),
    },
  };
}

function partition<T>(items: readonly T[], keep: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (keep(item) ? yes : no).push(item);
  return [yes, no];
}

/** What the input asks to be measured: the steps that belong to it and the port it is reached on. */
export interface InputShape {
  /** `tcpconnect://HOST:PORT` (OONI's whatsapp and facebook_messenger endpoints): DNS and TCP are the whole test. */
  tcpOnly: boolean;
  https: boolean;
  port: number;
}

export function inputShape(input: string, steps: Steps): InputShape {
  const tcp = parseTcpConnect(input);
  if (tcp) return { tcpOnly: true, https: false, port: tcp.port };
  let url: URL | null = null;
  try {
    url = new URL(input);
  } catch {
    // Imported data may carry an input that is not a URL: the observations tell what was done.
  }
  if (!url) return { tcpOnly: false, https: steps.tlsMeasure.length > 0, port: steps.tcp[0]?.port ?? 443 };
  const https = url.protocol === 'https:';
  return { tcpOnly: false, https, port: url.port ? Number(url.port) : https ? 443 : 80 };
}

/** Unique values, first-seen order (keeps the verdict independent of anything but the input). */
export function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** OONI's `ip:port` endpoint key, with brackets for IPv6. */
export function endpointKey(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Broad failure classes the rules map to method words. */
export type FailureClass = 'timeout' | 'reset' | 'refused' | 'certificate' | 'nxdomain' | 'other';

export function classify(failure: string | null): FailureClass {
  // Every engine OONI shipped, and its test helper, spell some of these their own way:
  // ooniprobe-python and measurement-kit (`*_error` forms), oohelperd (`dns_name_error`).
  switch (failure) {
    case 'generic_timeout_error':
    case 'tcp_timed_out_error':
    case 'deferred_timeout_error':
    case 'response_never_received':
      return 'timeout';
    case 'connection_reset':
    case 'connection_reset_error':
    case 'connection_lost_error':
    case 'connection_done':
    case 'eof_error':
      return 'reset';
    case 'connection_refused':
    case 'connection_refused_error':
      return 'refused';
    case 'ssl_unknown_authority':
    case 'ssl_invalid_certificate':
    case 'ssl_invalid_hostname':
      return 'certificate';
    case 'dns_nxdomain_error':
    case 'dns_name_error':
      return 'nxdomain';
    default:
      return 'other';
  }
}
