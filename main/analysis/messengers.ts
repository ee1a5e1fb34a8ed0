// Messenger verdicts as OONI's whatsapp, telegram, signal and facebook_messenger tests define
// blocking (ooni/probe-cli internal/experiment/{whatsapp,telegram,signal,fbmessenger}), computed
// from Yoxla's per-endpoint verdicts instead of raw connect failures. Pure: re-run on saved runs.
//
// Each test is a few parts (WhatsApp: chat endpoints, registration, web client), and each part
// follows OONI's rule: some need every endpoint to fail (WhatsApp's chat servers, Telegram's
// data centres: one that works is enough for the app), some fail if any endpoint fails (Signal's
// backends: the app needs all of them). Yoxla's verdict per endpoint replaces OONI's "it failed":
//   - only an endpoint Yoxla calls `blocked` counts as blocked, so a `blocked` summary always
//     rests on a control that got through where the probe did not;
//   - an `inconclusive` endpoint (no control, offline, a failure that did not repeat) can make a
//     part inconclusive but never blocked: "every chat server failed" is unknown while one of
//     them is unknown;
//   - a `down` endpoint fails for everyone: it is not censorship, and OONI's keys are left null.
// testKeys carry OONI's key names; their values are OONI's words where Yoxla can say them
// ("ok"/"blocked", true/false) and null where it cannot (inconclusive, down, not measured).
import type { Result } from '../contract/run.ts';
import type { Method, Status } from '../contract/verdict.ts';
import { METHODS } from '../contract/verdict-words.ts';

export type MessengerTestName = 'whatsapp' | 'telegram' | 'signal' | 'facebook_messenger';

/** What the summary needs of a result (a Result has all of it). */
export type MessengerEndpointResult = Pick<Result, 'input' | 'host' | 'app' | 'status' | 'method'> & {
  evidence: Pick<Result['evidence'], 'failingStep' | 'failure'>;
};

type OoniStatus = 'ok' | 'blocked' | null;

export interface WhatsappTestKeys {
  whatsapp_endpoints_status: OoniStatus;
  /** Chat hostnames on which every port measured is blocked. */
  whatsapp_endpoints_blocked: string[];
  registration_server_status: OoniStatus;
  registration_server_failure: string | null;
  whatsapp_web_status: OoniStatus;
  whatsapp_web_failure: string | null;
}

export interface TelegramTestKeys {
  telegram_tcp_blocking: boolean | null;
  telegram_http_blocking: boolean | null;
  telegram_web_status: OoniStatus;
  telegram_web_failure: string | null;
}

export interface SignalTestKeys {
  signal_backend_status: OoniStatus;
  signal_backend_failure: string | null;
}

export type FacebookMessengerTestKeys = {
  facebook_dns_blocking: boolean | null;
  facebook_tcp_blocking: boolean | null;
} & { [key: `facebook_${string}_dns_consistent` | `facebook_${string}_reachable`]: boolean | null };

interface SummaryBase {
  /** The app id of the bundled sets (`whatsapp`, `telegram`, `signal`, `facebook-messenger`). */
  app: string;
  status: Status;
  /** The commonest method among the blocked endpoints of the blocked parts (ties: earlier in METHODS). */
  method: Method | null;
  /** `messengers.<testName>.<status>`, or `messengers.<testName>.blocked.<part>` in locales/{en,az}/messengers.json. */
  explanationKey: string;
}

export type MessengerSummary =
  | (SummaryBase & { testName: 'whatsapp'; testKeys: WhatsappTestKeys })
  | (SummaryBase & { testName: 'telegram'; testKeys: TelegramTestKeys })
  | (SummaryBase & { testName: 'signal'; testKeys: SignalTestKeys })
  | (SummaryBase & { testName: 'facebook_messenger'; testKeys: FacebookMessengerTestKeys });

// ---- OONI's endpoints (probe-cli, as in main/targets/data/messengers.json) --------------------

const WHATSAPP_CHAT = /^e\d+\.whatsapp\.net$/;
const WHATSAPP_REGISTRATION = 'v.whatsapp.net';
const WHATSAPP_WEB = 'web.whatsapp.com';
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;
const TELEGRAM_WEB = 'web.telegram.org';
const SIGNAL_BACKENDS = new Set(['cdsi.signal.org', 'chat.signal.org', 'sfu.voip.signal.org', 'storage.signal.org']);
/** OONI's name for each endpoint inside its keys (ts-019). */
const FACEBOOK_ENDPOINTS: Record<string, string> = {
  'stun.fbsbx.com': 'stun',
  'b-api.facebook.com': 'b_api',
  'b-graph.facebook.com': 'b_graph',
  'edge-mqtt.facebook.com': 'edge',
  'external.xx.fbcdn.net': 'external_cdn',
  'scontent.xx.fbcdn.net': 'scontent_cdn',
  'star.c10r.facebook.com': 'star',
};
/** OONI only looks STUN up in DNS: it is a UDP service. */
const FACEBOOK_DNS_ONLY = 'stun.fbsbx.com';

const TESTS: readonly { app: string; testName: MessengerTestName }[] = [
  { app: 'whatsapp', testName: 'whatsapp' },
  { app: 'telegram', testName: 'telegram' },
  { app: 'signal', testName: 'signal' },
  { app: 'facebook-messenger', testName: 'facebook_messenger' },
];

/** The blocked-part words of each test, most serious first: the first blocked one names the explanation. */
const BLOCKED_PARTS: Record<MessengerTestName, readonly string[]> = {
  whatsapp: ['endpoints', 'registration', 'web'],
  telegram: ['tcp', 'http', 'web'],
  signal: ['backend'],
  facebook_messenger: ['dns', 'tcp'],
};

/** Every locale key a summary can name (locales/{en,az}/messengers.json must hold each). */
export const MESSENGER_KEYS: readonly string[] = TESTS.flatMap(({ testName }) => [
  ...(['accessible', 'down', 'inconclusive'] as const).map((s) => `messengers.${testName}.${s}`),
  ...BLOCKED_PARTS[testName].map((part) => `messengers.${testName}.blocked.${part}`),
]);

// ---- parts ------------------------------------------------------------------------------------

type PartState = 'ok' | 'blocked' | 'down' | 'inconclusive' | 'missing';

interface Part {
  state: PartState;
  /** The endpoints whose verdicts decided the state (for the failure string and the method). */
  results: MessengerEndpointResult[];
}

const stateOf = (r: MessengerEndpointResult): PartState => (r.status === 'accessible' ? 'ok' : r.status);

/** One working endpoint is enough (WhatsApp's chat servers, Telegram's data centres). */
function anyWorks(states: readonly PartState[]): PartState {
  if (states.length === 0) return 'missing';
  for (const s of ['ok', 'inconclusive', 'blocked'] as const) if (states.includes(s)) return s;
  return 'down';
}

/** Every endpoint is needed (Signal's backends, Facebook's endpoints, a single URL). */
function allNeeded(states: readonly PartState[]): PartState {
  const measured = states.filter((s) => s !== 'missing');
  if (measured.length === 0) return 'missing';
  for (const s of ['blocked', 'inconclusive', 'down'] as const) if (measured.includes(s)) return s;
  return 'ok';
}

function needed(results: MessengerEndpointResult[]): Part {
  return { state: allNeeded(results.map(stateOf)), results };
}

const ooniStatus = (state: PartState): OoniStatus => (state === 'ok' ? 'ok' : state === 'blocked' ? 'blocked' : null);
const ooniBlocking = (state: PartState): boolean | null => (state === 'ok' ? false : state === 'blocked' ? true : null);

/** The failure OONI would store for a failed part: the first blocked (else down) endpoint's. */
function failureOf(part: Part): string | null {
  if (part.state !== 'blocked' && part.state !== 'down') return null;
  const first = part.results.find((r) => r.status === part.state);
  return first?.evidence.failure ?? null;
}

// ---- the four tests ---------------------------------------------------------------------------

interface Judged<K> {
  testKeys: K;
  /** Named parts in BLOCKED_PARTS order. */
  parts: Record<string, Part>;
  /** The part without which nothing can be said about the app working (its chat channel). */
  core: string;
}

function whatsapp(results: MessengerEndpointResult[]): Judged<WhatsappTestKeys> {
  const chat = results.filter((r) => WHATSAPP_CHAT.test(r.host));
  // A hostname is blocked only when both its ports fail; the part only when every hostname does.
  const hosts = [...new Set(chat.map((r) => r.host))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const perHost = hosts.map((host) => ({ host, state: anyWorks(chat.filter((r) => r.host === host).map(stateOf)) }));
  const endpoints: Part = { state: anyWorks(perHost.map((h) => h.state)), results: chat };
  const registration = needed(results.filter((r) => r.host === WHATSAPP_REGISTRATION));
  const web = needed(results.filter((r) => r.host === WHATSAPP_WEB));
  return {
    testKeys: {
      whatsapp_endpoints_status: ooniStatus(endpoints.state),
      whatsapp_endpoints_blocked: perHost.filter((h) => h.state === 'blocked').map((h) => h.host),
      registration_server_status: ooniStatus(registration.state),
      registration_server_failure: failureOf(registration),
      whatsapp_web_status: ooniStatus(web.state),
      whatsapp_web_failure: failureOf(web),
    },
    parts: { endpoints, registration, web },
    core: 'endpoints',
  };
}

function telegram(results: MessengerEndpointResult[]): Judged<TelegramTestKeys> {
  const dcs = results.filter((r) => IPV4.test(r.host));
  const state = anyWorks(dcs.map(stateOf));
  // OONI keeps tcp_blocking only while no data centre got further than the TCP connect.
  const failedAt = dcs.filter((r) => r.status === 'blocked').map((r) => r.evidence.failingStep);
  const tcpBlocking = state === 'blocked' ? failedAt.every((step) => step === 'dns' || step === 'tcp') : ooniBlocking(state);
  const web = needed(results.filter((r) => r.host === TELEGRAM_WEB));
  // The data centres are one part, named after how far the blocked ones got.
  const dcPart = state === 'blocked' && tcpBlocking === false ? 'http' : 'tcp';
  return {
    testKeys: {
      telegram_tcp_blocking: tcpBlocking,
      telegram_http_blocking: ooniBlocking(state),
      telegram_web_status: ooniStatus(web.state),
      telegram_web_failure: failureOf(web),
    },
    parts: { [dcPart]: { state, results: dcs }, web },
    core: dcPart,
  };
}

function signal(results: MessengerEndpointResult[]): Judged<SignalTestKeys> {
  const backend = needed(results.filter((r) => SIGNAL_BACKENDS.has(r.host)));
  return {
    testKeys: { signal_backend_status: ooniStatus(backend.state), signal_backend_failure: failureOf(backend) },
    parts: { backend },
    core: 'backend',
  };
}

/**
 * OONI calls an endpoint's DNS inconsistent when an answer is outside Facebook's AS32934. Yoxla
 * has no ASN table in the analysis and uses its own dns.* verdicts instead (answers compared with
 * the control and DoH), which also spares a Facebook cache inside a local ISP from being called
 * DNS blocking.
 */
function facebookMessenger(results: MessengerEndpointResult[]): Judged<FacebookMessengerTestKeys> {
  const dns: { state: PartState; result: MessengerEndpointResult }[] = [];
  const tcp: { state: PartState; result: MessengerEndpointResult }[] = [];
  const testKeys: FacebookMessengerTestKeys = { facebook_dns_blocking: null, facebook_tcp_blocking: null };
  for (const [host, name] of Object.entries(FACEBOOK_ENDPOINTS)) {
    testKeys[`facebook_${name}_dns_consistent`] = null;
    if (host !== FACEBOOK_DNS_ONLY) testKeys[`facebook_${name}_reachable`] = null;
    for (const r of results.filter((x) => x.host === host)) {
      // Past DNS (failing later, or working): the lookup itself was fine.
      const pastDns = r.status === 'accessible' || (r.evidence.failingStep !== null && r.evidence.failingStep !== 'dns');
      const dnsState: PartState = pastDns ? 'ok' : r.status === 'blocked' && !r.method?.startsWith('dns.') ? 'inconclusive' : stateOf(r);
      dns.push({ state: dnsState, result: r });
      testKeys[`facebook_${name}_dns_consistent`] = ooniBlocking(dnsState) === null ? null : dnsState === 'ok';
      // As in OONI, only an endpoint whose DNS was consistent is connected to.
      if (host === FACEBOOK_DNS_ONLY || dnsState !== 'ok') continue;
      tcp.push({ state: stateOf(r), result: r });
      testKeys[`facebook_${name}_reachable`] = ooniBlocking(stateOf(r)) === null ? null : stateOf(r) === 'ok';
    }
  }
  const dnsPart: Part = { state: allNeeded(dns.map((d) => d.state)), results: dns.filter((d) => d.state === 'blocked').map((d) => d.result) };
  // Endpoints whose DNS was not known to be fine leave the connect unknown too.
  const tcpStates = [...tcp.map((t) => t.state), ...dns.filter((d) => d.result.host !== FACEBOOK_DNS_ONLY && d.state === 'inconclusive').map(() => 'inconclusive' as const)];
  const tcpPart: Part = { state: allNeeded(tcpStates), results: tcp.map((t) => t.result) };
  testKeys.facebook_dns_blocking = ooniBlocking(dnsPart.state);
  testKeys.facebook_tcp_blocking = ooniBlocking(tcpPart.state);
  const hasTcpEndpoints = results.some((r) => r.host in FACEBOOK_ENDPOINTS && r.host !== FACEBOOK_DNS_ONLY);
  return { testKeys, parts: { dns: dnsPart, tcp: hasTcpEndpoints ? tcpPart : { state: 'missing', results: [] } }, core: 'tcp' };
}

// ---- putting it together ----------------------------------------------------------------------

function dominantMethod(results: readonly MessengerEndpointResult[]): Method | null {
  const counts = new Map<Method, number>();
  for (const r of results) if (r.status === 'blocked' && r.method) counts.set(r.method, (counts.get(r.method) ?? 0) + 1);
  let best: Method | null = null;
  for (const m of METHODS) if ((counts.get(m) ?? 0) > (best === null ? 0 : (counts.get(best) ?? 0))) best = m;
  return best;
}

function verdictOf<K>(testName: MessengerTestName, judged: Judged<K>): Pick<SummaryBase, 'status' | 'method' | 'explanationKey'> {
  const parts = BLOCKED_PARTS[testName].map((name) => ({ name, part: judged.parts[name] ?? { state: 'missing' as const, results: [] } }));
  const blocked = parts.filter((p) => p.part.state === 'blocked');
  const first = blocked[0];
  if (first) {
    return {
      status: 'blocked',
      method: dominantMethod(blocked.flatMap((p) => p.part.results)),
      explanationKey: `messengers.${testName}.blocked.${first.name}`,
    };
  }
  const states = parts.map((p) => p.part.state);
  // Without its chat channel measured nothing says the app works, whatever else was fine.
  const coreMissing = judged.parts[judged.core]?.state === 'missing';
  const status: Status = states.includes('inconclusive') || coreMissing ? 'inconclusive' : states.includes('down') ? 'down' : 'accessible';
  return { status, method: null, explanationKey: `messengers.${testName}.${status}` };
}

const isOoniEndpoint: Record<MessengerTestName, (r: MessengerEndpointResult) => boolean> = {
  whatsapp: (r) => WHATSAPP_CHAT.test(r.host) || r.host === WHATSAPP_REGISTRATION || r.host === WHATSAPP_WEB,
  telegram: (r) => IPV4.test(r.host) || r.host === TELEGRAM_WEB,
  signal: (r) => SIGNAL_BACKENDS.has(r.host),
  facebook_messenger: (r) => r.host in FACEBOOK_ENDPOINTS,
};

/** The OONI messenger test whose rules judge this result, or null (not one of OONI's endpoints). */
export function messengerTestOf(result: Pick<MessengerEndpointResult, 'app' | 'host'>): MessengerTestName | null {
  const test = TESTS.find((t) => t.app === result.app);
  return test && isOoniEndpoint[test.testName](result as MessengerEndpointResult) ? test.testName : null;
}

/**
 * One summary per messenger with at least one of OONI's endpoints among the results, in the order
 * whatsapp, telegram, signal, facebook_messenger. Results are grouped by their `app`; an app's
 * other endpoints (media CDNs, web sites) are outside OONI's rules and left to the app summary.
 */
export function summariseMessengers(results: readonly MessengerEndpointResult[]): MessengerSummary[] {
  const summaries: MessengerSummary[] = [];
  for (const { app, testName } of TESTS) {
    const own = results.filter((r) => r.app === app && isOoniEndpoint[testName](r));
    if (own.length === 0) continue;
    switch (testName) {
      case 'whatsapp': {
        const judged = whatsapp(own);
        summaries.push({ app, testName, testKeys: judged.testKeys, ...verdictOf(testName, judged) });
        break;
      }
      case 'telegram': {
        const judged = telegram(own);
        summaries.push({ app, testName, testKeys: judged.testKeys, ...verdictOf(testName, judged) });
        break;
      }
      case 'signal': {
        const judged = signal(own);
        summaries.push({ app, testName, testKeys: judged.testKeys, ...verdictOf(testName, judged) });
        break;
      }
      case 'facebook_messenger': {
        const judged = facebookMessenger(own);
        summaries.push({ app, testName, testKeys: judged.testKeys, ...verdictOf(testName, judged) });
        break;
      }
    }
  }
  return summaries;
}
