// A run as OONI measurements (JSONL, one document a line, base data format 0.2.0): each web target
// as a `web_connectivity` measurement, each messenger as OONI's test of that name. Yoxla's richer
// verdict travels in `annotations`; OONI's own keys say only what OONI's words can say.
import type { Result, Run } from '../contract/run.ts';
import type { Observation } from '../contract/observations.ts';
import type { Method } from '../contract/verdict.ts';
import { compareHttp, dnsConsistency, messengerTestOf, summariseMessengers, type MessengerSummary, type MessengerTestName } from '../analysis/index.ts';
import { finalHops, inputShape, splitSteps, unique } from '../analysis/steps.ts';
import ipaddr from 'ipaddr.js';
import { SOFTWARE_VERSION } from '../version.ts';
import { redactDeep, type Redactor } from './redact.ts';
import {
  measurementRuntime,
  measurementStart,
  ooniDnsPlacement,
  ooniQueries,
  ooniRequests,
  ooniNetworkEvents,
  ooniTcpConnect,
  ooniTime,
  ooniTlsHandshakes,
} from './ooni-format.ts';
import { safeJson } from '../util/shown-text.ts';

export const DATA_FORMAT_VERSION = '0.2.0';
export const WEB_CONNECTIVITY_VERSION = '0.5.28';
/** probe-cli's test versions for the messenger tests whose keys Yoxla writes. */
export const MESSENGER_TEST_VERSIONS: Record<MessengerTestName, string> = {
  whatsapp: '0.11.0',
  telegram: '0.3.0',
  signal: '0.2.3',
  facebook_messenger: '0.2.0',
};
/** OONI's stand-ins when a value is unknown or withheld (probe-cli internal/model). */
export const OONI_PROBE_IP = '127.0.0.1';
export const OONI_UNKNOWN_RESOLVER_IP = '127.0.0.2';

export type OoniBlocking = false | 'dns' | 'tcp_ip' | 'http-failure' | 'http-diff' | null;

export interface OoniMeasurement {
  annotations: Record<string, string>;
  data_format_version: string;
  input: string | null;
  measurement_start_time: string;
  probe_asn: string;
  probe_cc: string;
  probe_ip: string;
  probe_network_name: string;
  report_id: string;
  resolver_asn: string;
  resolver_ip: string;
  resolver_network_name: string;
  software_name: string;
  software_version: string;
  test_keys: Record<string, unknown>;
  test_name: string;
  test_runtime: number;
  test_start_time: string;
  test_version: string;
}

/** OONI's blocking word for each of Yoxla's methods (there is no TLS word: an SNI block is an HTTP failure). */
const BLOCKING_OF_METHOD: Record<Method, OoniBlocking> = {
  'dns.nxdomain': 'dns',
  'dns.tampered': 'dns',
  'dns.timeout': 'dns',
  'tcp.timeout': 'tcp_ip',
  'tcp.reset': 'tcp_ip',
  'tls.sni-drop': 'http-failure',
  'tls.sni-reset': 'http-failure',
  'tls.mitm': 'http-failure',
  'http.blockpage': 'http-diff',
  'http.reset': 'http-failure',
  // web_connectivity does not measure speed: for OONI the site is accessible.
  throttled: false,
};

/** `accessible` and `blocking` as ts-017 defines them, from Yoxla's verdict. */
export function ooniVerdict(result: Pick<Result, 'status' | 'method'>): { accessible: boolean | null; blocking: OoniBlocking } {
  switch (result.status) {
    case 'accessible':
      return { accessible: true, blocking: false };
    case 'down':
      // OONI's "website down": nothing blocks it, and it cannot be reached.
      return { accessible: false, blocking: false };
    case 'inconclusive':
      return { accessible: null, blocking: null };
    case 'blocked': {
      const blocking = result.method ? BLOCKING_OF_METHOD[result.method] : null;
      return { accessible: blocking === false, blocking };
    }
  }
}

/** ts-017 `dns_consistency`: Yoxla's richer judgement folded into OONI's two words (null: unknown). */
export function ooniDnsConsistency(result: Pick<Result, 'input' | 'observations' | 'control'>): 'consistent' | 'inconsistent' | null {
  const steps = splitSteps(result.observations, true);
  const control = result.control;
  if (steps.systemDns.length === 0) return null;
  const probeFailed = !steps.outcomes.dns.ok;
  const controlFailed = control ? control.dns.failure !== null || (control.dns.addrs ?? []).length === 0 : null;
  if (probeFailed) return controlFailed === null ? null : controlFailed ? 'consistent' : 'inconsistent';
  const judged = dnsConsistency({
    system: unique(steps.systemDns.flatMap((o) => o.answers)),
    doh: unique(steps.dohDns.flatMap((o) => o.answers)),
    control,
    port: inputShape(result.input, steps).port,
  });
  return judged.verdict === 'consistent' ? 'consistent' : judged.verdict === 'unknown' ? null : 'inconsistent';
}

/** The failure OONI's HTTP step would report: the first failing step from TCP on (an SNI drop is an HTTP failure). */
export function httpExperimentFailure(observations: readonly Observation[]): string | null {
  const { outcomes } = splitSteps(observations, true);
  for (const step of ['tcp', 'tls', 'http'] as const) {
    const o = outcomes[step];
    if (o.attempts.length > 0 && !o.ok) return o.failure;
  }
  return null;
}

export function webConnectivityTestKeys(result: Result, startMs: number): Record<string, unknown> {
  const steps = splitSteps(result.observations, true);
  const control = result.control;
  const lastResponse = finalHops(steps.http)
    .filter((h) => h.failure === null && h.status !== null)
    .at(-1);
  const cmp = lastResponse && control ? compareHttp(lastResponse, control.http_request) : null;
  const dnsOutcome = steps.outcomes.dns;
  return {
    agent: 'redirect',
    retries: null,
    socksproxy: null,
    ...ooniDnsPlacement(result.observations, startMs),
    dns_experiment_failure: dnsOutcome.attempts.length > 0 && !dnsOutcome.ok ? dnsOutcome.failure : null,
    dns_consistency: ooniDnsConsistency(result),
    control_failure: control ? null : (result.controlFailure ?? 'unknown_failure'),
    control,
    tcp_connect: ooniTcpConnect(result.observations, control, startMs),
    tls_handshakes: ooniTlsHandshakes(result.observations, startMs),
    requests: ooniRequests(result.observations, startMs),
    network_events: ooniNetworkEvents(result.observations, startMs),
    http_experiment_failure: httpExperimentFailure(result.observations),
    body_length_match: cmp?.bodyLengthMatch ?? null,
    body_proportion: cmp?.bodyProportion ?? null,
    status_code_match: cmp?.statusCodeMatch ?? null,
    headers_match: cmp?.headersMatch ?? null,
    title_match: cmp?.titleMatch ?? null,
    ...ooniVerdict(result),
    x_yoxla_sni_test: ooniTlsHandshakes(result.observations, startMs, 'sni-test'),
  };
}

// ---- the envelope ----------------------------------------------------------------------------

/** The configured resolver's address when it is a public one; a local stub says nothing, so OONI's "unknown". */
export function resolverIp(run: Run): string {
  for (const r of run.results) {
    for (const o of r.observations) {
      if (o.step !== 'dns' || o.resolver !== 'network') continue;
      const host = o.server.replace(/^\[/, '').replace(/\]?:\d+$/, '');
      if (ipaddr.isValid(host) && ipaddr.process(host).range() === 'unicast') return host;
      return OONI_UNKNOWN_RESOLVER_IP;
    }
  }
  return OONI_UNKNOWN_RESOLVER_IP;
}

interface Envelope {
  testName: string;
  testVersion: string;
  input: string | null;
  startMs: number;
  runtimeS: number;
  annotations: Record<string, string>;
  testKeys: Record<string, unknown>;
}

function runAnnotations(run: Run): Record<string, string> {
  return {
    engine_name: 'yoxla',
    engine_version: run.software?.version ?? SOFTWARE_VERSION,
    yoxla_analysis_version: SOFTWARE_VERSION,
    // What produced the evidence (main/version.ts), when the run recorded it.
    ...(run.software?.engine ? { yoxla_engine_version: run.software.engine } : {}),
    ...(run.software?.targetLists
      ? { yoxla_target_lists: Object.entries(run.software.targetLists).map(([list, date]) => `${list}:${date}`).join(',') }
      : {}),
    yoxla_mode: run.mode ?? 'unknown',
    ...(run.scenario ? { yoxla_scenario: run.scenario } : {}),
    yoxla_vpn: run.network.vpn,
    // What the connectivity check found (offline, captive portal): OONI has no key for it, and
    // without it a portal's page would read back as the site itself.
    yoxla_connectivity: run.network.connectivity,
  };
}

function envelope(run: Run, e: Envelope): OoniMeasurement {
  return {
    annotations: { ...runAnnotations(run), ...e.annotations },
    data_format_version: DATA_FORMAT_VERSION,
    input: e.input,
    measurement_start_time: ooniTime(e.startMs),
    probe_asn: run.network.asn,
    probe_cc: run.network.cc,
    // Never the real address, whatever the run holds (OONI publishes every measurement).
    probe_ip: OONI_PROBE_IP,
    probe_network_name: run.network.name ?? '',
    report_id: '',
    resolver_asn: 'AS0',
    resolver_ip: resolverIp(run),
    resolver_network_name: '',
    software_name: 'yoxla',
    software_version: run.software?.version ?? SOFTWARE_VERSION,
    test_keys: e.testKeys,
    test_name: e.testName,
    test_runtime: e.runtimeS,
    test_start_time: ooniTime(run.startedAt),
    test_version: e.testVersion,
  };
}

function resultAnnotations(result: Pick<Result, 'status' | 'method' | 'evidence' | 'explanationKey' | 'app'>): Record<string, string> {
  return {
    yoxla_status: result.status,
    yoxla_method: result.method ?? '',
    yoxla_evidence: result.evidence.code,
    yoxla_explanation: result.explanationKey,
    ...(result.app ? { yoxla_app: result.app } : {}),
  };
}

export function webConnectivityMeasurement(run: Run, result: Result): OoniMeasurement {
  const startMs = measurementStart(result.observations, Date.parse(run.startedAt));
  return envelope(run, {
    testName: 'web_connectivity',
    testVersion: WEB_CONNECTIVITY_VERSION,
    input: result.input,
    startMs,
    runtimeS: measurementRuntime(result.observations, startMs, result.durationMs),
    annotations: resultAnnotations(result),
    testKeys: webConnectivityTestKeys(result, startMs),
  });
}

export function messengerMeasurement(run: Run, summary: MessengerSummary, results: readonly Result[]): OoniMeasurement {
  const observations = results.flatMap((r) => r.observations);
  const startMs = measurementStart(observations, Date.parse(run.startedAt));
  return envelope(run, {
    testName: summary.testName,
    testVersion: MESSENGER_TEST_VERSIONS[summary.testName],
    input: null,
    startMs,
    runtimeS: measurementRuntime(observations, startMs, 0),
    annotations: {
      yoxla_status: summary.status,
      yoxla_method: summary.method ?? '',
      yoxla_evidence: summary.explanationKey,
      yoxla_app: summary.app,
    },
    testKeys: {
      agent: 'redirect',
      failed_operation: null,
      failure: null,
      queries: results.flatMap((r) => ooniQueries(r.observations, startMs)),
      tcp_connect: results.flatMap((r) => ooniTcpConnect(r.observations, r.control, startMs)),
      tls_handshakes: results.flatMap((r) => ooniTlsHandshakes(r.observations, startMs)),
      requests: results.flatMap((r) => ooniRequests(r.observations, startMs)),
      ...(summary.testName === 'whatsapp' ? { whatsapp_endpoints_dns_inconsistent: [] } : {}),
      ...summary.testKeys,
    },
  });
}

export interface OoniExport {
  measurements: OoniMeasurement[];
  /** Inputs with no OONI test to carry them (a bare TCP connect outside OONI's messenger tests). */
  skipped: string[];
}

const isWebInput = (input: string): boolean => /^https?:\/\//i.test(input);

/** Every measurement of a run, redacted; messengers first in OONI's order, then web targets in run order. */
export function exportMeasurements(run: Run, redact: Redactor): OoniExport {
  const measurements: OoniMeasurement[] = [];
  const inMessengerTest = new Set<Result>();
  for (const summary of summariseMessengers(run.results)) {
    const results = run.results.filter((r) => r.app === summary.app && messengerTestOf(r) === summary.testName);
    results.forEach((r) => inMessengerTest.add(r));
    measurements.push(messengerMeasurement(run, summary, results));
  }
  const skipped: string[] = [];
  for (const result of run.results) {
    if (inMessengerTest.has(result)) continue;
    if (isWebInput(result.input)) measurements.push(webConnectivityMeasurement(run, result));
    else skipped.push(result.input);
  }
  return { measurements: measurements.map((m) => redactDeep(m, redact)), skipped: skipped.map(redact) };
}

export function toJsonl(measurements: readonly OoniMeasurement[]): string {
  return measurements.map((m) => `${safeJson(m)}\n`).join('');
}
