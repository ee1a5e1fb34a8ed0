// Folds the raw observations of one target into one outcome per pipeline step (dns, tcp, tls,
// http), across attempts. The verdict rules reason about these outcomes, never about raw arrays.
import { parseTcpConnect } from '../targets/input.ts';
import type {
  DnsObservation,
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
  if (o.rcode === 'NXDOMAIN') return 'dns_nxdomain_error';
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
  systemDns: DnsObservation[];
  dohDns: DnsObservation[];
  tcp: TcpObservation[];
  tlsMeasure: TlsObservation[];
  sniTest: TlsObservation[];
  http: HttpObservation[];
  outcomes: Record<PipelineStep, StepOutcome>;
}

export function splitSteps(observations: readonly Observation[], requireRecheck: boolean): Steps {
  const systemDns: DnsObservation[] = [];
  const dohDns: DnsObservation[] = [];
  const tcp: TcpObservation[] = [];
  const tlsMeasure: TlsObservation[] = [];
  const sniTest: TlsObservation[] = [];
  const http: HttpObservation[] = [];
  for (const o of observations) {
    if (o.step === 'dns') (o.resolver === 'system' ? systemDns : dohDns).push(o);
    else if (o.step === 'tcp') tcp.push(o);
    else if (o.step === 'tls') (o.purpose === 'measure' ? tlsMeasure : sniTest).push(o);
    else if (o.step === 'http') http.push(o);
  }
  return {
    systemDns,
    dohDns,
    tcp,
    tlsMeasure,
    sniTest,
    http,
    outcomes: {
      dns: summarize('dns', systemDns, dnsFailure, requireRecheck),
      tcp: summarize('tcp', tcp, (o) => o.failure, requireRecheck),
      tls: summarize('tls', tlsMeasure, tlsFailure, requireRecheck),
      http: summarize('http', finalHops(http), httpFailure, requireRecheck),
    },
  };
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
  switch (failure) {
    case 'generic_timeout_error':
      return 'timeout';
    case 'connection_reset':
    case 'eof_error':
      return 'reset';
    case 'connection_refused':
      return 'refused';
    case 'ssl_unknown_authority':
    case 'ssl_invalid_certificate':
    case 'ssl_invalid_hostname':
      return 'certificate';
    case 'dns_nxdomain_error':
      return 'nxdomain';
    default:
      return 'other';
  }
}
