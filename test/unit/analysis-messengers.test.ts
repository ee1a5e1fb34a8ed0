// Messenger verdicts by OONI's rules (whatsapp, telegram, signal, facebook_messenger) over
// Yoxla's per-endpoint verdicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { MESSENGER_KEYS, summariseMessengers, type MessengerSummary } from '../../main/analysis/messengers.ts';
import { ResultSchema, type Result } from '../../main/contract/run.ts';
import type { Method, Status } from '../../main/contract/verdict.ts';
import { resolveSets } from '../../main/targets/sets.ts';

type Step = 'dns' | 'tcp' | 'tls' | 'http' | null;

const FAILURE: Partial<Record<Method, string>> = {
  'dns.nxdomain': 'dns_nxdomain_error',
  'tcp.timeout': 'generic_timeout_error',
  'tcp.reset': 'connection_refused',
  'tls.sni-drop': 'generic_timeout_error',
  'tls.sni-reset': 'connection_reset',
  'http.reset': 'connection_reset',
};
const STEP: Partial<Record<Method, Step>> = {
  'dns.nxdomain': 'dns',
  'dns.tampered': 'dns',
  'tcp.timeout': 'tcp',
  'tcp.reset': 'tcp',
  'tls.sni-drop': 'tls',
  'tls.sni-reset': 'tls',
  'http.reset': 'http',
};

/** A recorded result, as the runner writes it, for one input of the bundled messengers set. */
const bundled = new Map(resolveSets('messengers').map((t) => [t.input, t]));

function result(input: string, status: Status, method: Method | null = null, step?: Step): Result {
  const target = bundled.get(input);
  assert.ok(target, `${input} is not in the messengers set`);
  const failingStep = step !== undefined ? step : method ? (STEP[method] ?? null) : status === 'accessible' ? null : 'tcp';
  return ResultSchema.parse({
    input,
    host: target.host,
    kind: target.kind,
    set: 'messengers',
    app: target.app,
    status,
    method,
    durationMs: 10,
    observations: [],
    control: null,
    controlFailure: null,
    evidence: {
      code: 'recorded',
      failingStep,
      failure: method ? (FAILURE[method] ?? null) : status === 'accessible' ? null : 'generic_timeout_error',
      control: null,
      repeated: true,
      sniTest: 'not-run',
      notes: [],
    },
    explanationKey: status === 'blocked' && method ? `verdict.blocked.${method}` : `verdict.${status}`,
  });
}

const messengerInputs = [...bundled.keys()];
const chat = messengerInputs.filter((i) => /^tcpconnect:\/\/e\d+\.whatsapp\.net:/.test(i));
const dcs = messengerInputs.filter((i) => /^http:\/\/\d/.test(i));
const signalBackends = ['cdsi', 'chat', 'sfu.voip', 'storage'].map((h) => `https://${h}.signal.org/`);
const facebook = messengerInputs.filter((i) => /facebook\.com|fbcdn\.net/.test(i) && i.startsWith('tcpconnect://'));
const ok = (inputs: string[]) => inputs.map((i) => result(i, 'accessible'));

function only<N extends MessengerSummary['testName']>(summaries: MessengerSummary[], testName: N): Extract<MessengerSummary, { testName: N }> {
  const found = summaries.filter((s): s is Extract<MessengerSummary, { testName: N }> => s.testName === testName);
  assert.equal(found.length, 1, `one ${testName} summary`);
  return found[0] as Extract<MessengerSummary, { testName: N }>;
}

const whatsappWorking = () => [...ok(chat), result('https://v.whatsapp.net/v2/register', 'accessible'), result('https://web.whatsapp.com/', 'accessible')];

test('the bundled set has 32 WhatsApp chat inputs, 12 Telegram DC inputs, 4 Signal backends and 6 Facebook connects', () => {
  assert.deepEqual([chat.length, dcs.length, facebook.length], [32, 12, 6]);
  for (const i of signalBackends) assert.ok(messengerInputs.includes(i), i);
});

test('whatsapp: every chat endpoint failing is blocked, with the hostnames; registration ok; web blocked', () => {
  const results = [
    ...chat.map((i) => result(i, 'blocked', 'tcp.reset')),
    result('https://v.whatsapp.net/v2/register', 'accessible'),
    result('https://web.whatsapp.com/', 'blocked', 'tls.sni-reset'),
  ];
  const s = only(summariseMessengers(results), 'whatsapp');
  assert.equal(s.app, 'whatsapp');
  assert.equal(s.status, 'blocked');
  assert.equal(s.method, 'tcp.reset');
  assert.equal(s.explanationKey, 'messengers.whatsapp.blocked.endpoints');
  assert.deepEqual(s.testKeys, {
    whatsapp_endpoints_status: 'blocked',
    whatsapp_endpoints_blocked: Array.from({ length: 16 }, (_, n) => `e${n + 1}.whatsapp.net`),
    registration_server_status: 'ok',
    registration_server_failure: null,
    whatsapp_web_status: 'blocked',
    whatsapp_web_failure: 'connection_reset',
  });
});

test('whatsapp: one chat endpoint that connects is enough; a hostname is blocked only when both ports fail', () => {
  const results = [
    ...chat.map((i) => (i === 'tcpconnect://e7.whatsapp.net:5222' ? result(i, 'accessible') : result(i, 'blocked', 'tcp.timeout'))),
    result('https://v.whatsapp.net/v2/register', 'accessible'),
    result('https://web.whatsapp.com/', 'accessible'),
  ];
  const s = only(summariseMessengers(results), 'whatsapp');
  assert.equal(s.testKeys.whatsapp_endpoints_status, 'ok');
  assert.equal(s.testKeys.whatsapp_endpoints_blocked.length, 15);
  assert.ok(!s.testKeys.whatsapp_endpoints_blocked.includes('e7.whatsapp.net'));
  assert.deepEqual([s.status, s.method, s.explanationKey], ['accessible', null, 'messengers.whatsapp.accessible']);
});

test('whatsapp: a blocked registration server alone makes the app blocked with its own explanation', () => {
  const results = whatsappWorking().map((r) => (r.host === 'v.whatsapp.net' ? result(r.input, 'blocked', 'tls.sni-drop') : r));
  const s = only(summariseMessengers(results), 'whatsapp');
  assert.deepEqual([s.status, s.method, s.explanationKey], ['blocked', 'tls.sni-drop', 'messengers.whatsapp.blocked.registration']);
  assert.equal(s.testKeys.registration_server_status, 'blocked');
  assert.equal(s.testKeys.registration_server_failure, 'generic_timeout_error');
});

test('whatsapp: 31 chat endpoints blocked and one inconclusive is inconclusive, never blocked', () => {
  const results = whatsappWorking().map((r) =>
    r.input === 'tcpconnect://e16.whatsapp.net:5222' ? result(r.input, 'inconclusive') : chat.includes(r.input) ? result(r.input, 'blocked', 'tcp.reset') : r,
  );
  const s = only(summariseMessengers(results), 'whatsapp');
  assert.equal(s.testKeys.whatsapp_endpoints_status, null);
  assert.deepEqual([s.status, s.method, s.explanationKey], ['inconclusive', null, 'messengers.whatsapp.inconclusive']);
  // e16 has one port blocked and one unknown: not counted blocked either.
  assert.ok(!s.testKeys.whatsapp_endpoints_blocked.includes('e16.whatsapp.net'));
});

test('telegram: every data centre failing at TCP is tcp and http blocking; any data centre answering clears both', () => {
  const blocked = [...dcs.map((i) => result(i, 'blocked', 'tcp.timeout')), result('https://web.telegram.org/', 'accessible')];
  const s = only(summariseMessengers(blocked), 'telegram');
  assert.deepEqual(s.testKeys, { telegram_tcp_blocking: true, telegram_http_blocking: true, telegram_web_status: 'ok', telegram_web_failure: null });
  assert.deepEqual([s.status, s.method, s.explanationKey], ['blocked', 'tcp.timeout', 'messengers.telegram.blocked.tcp']);

  const oneAnswers = blocked.map((r) => (r.input === 'http://95.161.76.100:443/' ? result(r.input, 'accessible') : r));
  const t = only(summariseMessengers(oneAnswers), 'telegram');
  assert.deepEqual([t.testKeys.telegram_tcp_blocking, t.testKeys.telegram_http_blocking], [false, false]);
  assert.deepEqual([t.status, t.explanationKey], ['accessible', 'messengers.telegram.accessible']);
});

test('telegram: data centres reached but cut at HTTP are http blocking only; a blocked web client alone is web', () => {
  const http = [...dcs.map((i) => result(i, 'blocked', 'http.reset')), result('https://web.telegram.org/', 'accessible')];
  const s = only(summariseMessengers(http), 'telegram');
  assert.deepEqual([s.testKeys.telegram_tcp_blocking, s.testKeys.telegram_http_blocking], [false, true]);
  assert.deepEqual([s.status, s.method, s.explanationKey], ['blocked', 'http.reset', 'messengers.telegram.blocked.http']);

  const web = [...ok(dcs), result('https://web.telegram.org/', 'blocked', 'tls.sni-drop')];
  const w = only(summariseMessengers(web), 'telegram');
  assert.deepEqual(w.testKeys, { telegram_tcp_blocking: false, telegram_http_blocking: false, telegram_web_status: 'blocked', telegram_web_failure: 'generic_timeout_error' });
  assert.deepEqual([w.status, w.method, w.explanationKey], ['blocked', 'tls.sni-drop', 'messengers.telegram.blocked.web']);
});

test('telegram: data centres down for everyone are down; some unknown and none working is inconclusive', () => {
  const down = only(summariseMessengers([...dcs.map((i) => result(i, 'down')), result('https://web.telegram.org/', 'accessible')]), 'telegram');
  assert.deepEqual([down.status, down.testKeys.telegram_tcp_blocking, down.testKeys.telegram_http_blocking], ['down', null, null]);
  const unknown = [...dcs.map((i, n) => (n === 0 ? result(i, 'inconclusive') : result(i, 'blocked', 'tcp.timeout'))), result('https://web.telegram.org/', 'accessible')];
  const u = only(summariseMessengers(unknown), 'telegram');
  assert.deepEqual([u.status, u.method, u.testKeys.telegram_tcp_blocking], ['inconclusive', null, null]);
});

test('signal: any backend blocked blocks it; unknown or down backends, with none blocked, are inconclusive or down', () => {
  const oneBlocked = signalBackends.map((i) => (i.includes('storage') ? result(i, 'blocked', 'tls.sni-reset') : result(i, 'accessible')));
  const s = only(summariseMessengers(oneBlocked), 'signal');
  assert.deepEqual(s.testKeys, { signal_backend_status: 'blocked', signal_backend_failure: 'connection_reset' });
  assert.deepEqual([s.status, s.method, s.explanationKey], ['blocked', 'tls.sni-reset', 'messengers.signal.blocked.backend']);
  assert.equal(only(summariseMessengers(ok(signalBackends)), 'signal').status, 'accessible');
  assert.deepEqual(only(summariseMessengers(ok(signalBackends)), 'signal').testKeys, { signal_backend_status: 'ok', signal_backend_failure: null });
  const unknown = signalBackends.map((i, n) => (n === 1 ? result(i, 'inconclusive') : result(i, 'accessible')));
  assert.deepEqual(only(summariseMessengers(unknown), 'signal').testKeys.signal_backend_status, null);
  assert.equal(only(summariseMessengers(unknown), 'signal').status, 'inconclusive');
  const down = signalBackends.map((i, n) => (n === 2 ? result(i, 'down') : result(i, 'accessible')));
  assert.equal(only(summariseMessengers(down), 'signal').status, 'down');
});

test('facebook_messenger: a dns.* verdict is DNS blocking, a tcp.* one TCP blocking, per endpoint as OONI names them', () => {
  const results = [
    result('https://stun.fbsbx.com/', 'accessible'),
    ...facebook.map((i) =>
      i.includes('b-api') ? result(i, 'blocked', 'dns.nxdomain') : i.includes('edge-mqtt') ? result(i, 'blocked', 'tcp.timeout') : result(i, 'accessible'),
    ),
  ];
  const s = only(summariseMessengers(results), 'facebook_messenger');
  assert.equal(s.app, 'facebook-messenger');
  assert.deepEqual(s.testKeys, {
    facebook_dns_blocking: true,
    facebook_tcp_blocking: true,
    facebook_stun_dns_consistent: true,
    facebook_b_api_dns_consistent: false,
    facebook_b_api_reachable: null,
    facebook_b_graph_dns_consistent: true,
    facebook_b_graph_reachable: true,
    facebook_edge_dns_consistent: true,
    facebook_edge_reachable: false,
    facebook_external_cdn_dns_consistent: true,
    facebook_external_cdn_reachable: true,
    facebook_scontent_cdn_dns_consistent: true,
    facebook_scontent_cdn_reachable: true,
    facebook_star_dns_consistent: true,
    facebook_star_reachable: true,
  });
  // One of each: the tie goes to the method listed first (dns before tcp), and DNS names the explanation.
  assert.deepEqual([s.status, s.method, s.explanationKey], ['blocked', 'dns.nxdomain', 'messengers.facebook_messenger.blocked.dns']);
});

test('facebook_messenger: STUN counts only for DNS; a connect failure is TCP blocking; all fine is accessible', () => {
  const stunTls = [result('https://stun.fbsbx.com/', 'blocked', 'tls.sni-drop'), ...ok(facebook)];
  const s = only(summariseMessengers(stunTls), 'facebook_messenger');
  assert.deepEqual([s.testKeys.facebook_dns_blocking, s.testKeys.facebook_tcp_blocking, s.status], [false, false, 'accessible']);
  const tcp = [result('https://stun.fbsbx.com/', 'accessible'), ...facebook.map((i, n) => (n === 0 ? result(i, 'blocked', 'tcp.reset') : result(i, 'accessible')))];
  const t = only(summariseMessengers(tcp), 'facebook_messenger');
  assert.deepEqual([t.testKeys.facebook_dns_blocking, t.testKeys.facebook_tcp_blocking], [false, true]);
  assert.deepEqual([t.status, t.method, t.explanationKey], ['blocked', 'tcp.reset', 'messengers.facebook_messenger.blocked.tcp']);
  const unknown = [result('https://stun.fbsbx.com/', 'accessible'), ...facebook.map((i, n) => (n === 0 ? result(i, 'inconclusive', null, null) : result(i, 'accessible')))];
  const u = only(summariseMessengers(unknown), 'facebook_messenger');
  assert.deepEqual([u.testKeys.facebook_dns_blocking, u.testKeys.facebook_tcp_blocking, u.status], [null, null, 'inconclusive']);
});

test('an offline run makes every messenger inconclusive, never blocked', () => {
  const results = messengerInputs.map((i) => result(i, 'inconclusive', null, null));
  const summaries = summariseMessengers(results);
  assert.deepEqual(summaries.map((s) => [s.testName, s.status, s.method]), [
    ['whatsapp', 'inconclusive', null],
    ['telegram', 'inconclusive', null],
    ['signal', 'inconclusive', null],
    ['facebook_messenger', 'inconclusive', null],
  ]);
});

test("an app's endpoints outside OONI's tests, or without its chat channel, do not make a working verdict", () => {
  assert.deepEqual(summariseMessengers([result('https://mmg.whatsapp.net/robots.txt', 'blocked', 'tls.sni-drop'), result('https://telegram.org/', 'accessible')]), []);
  // WhatsApp Web alone (e.g. from the social set): blocked when it is, but never "WhatsApp works".
  const webOnly = only(summariseMessengers([result('https://web.whatsapp.com/', 'accessible')]), 'whatsapp');
  assert.deepEqual([webOnly.status, webOnly.testKeys.whatsapp_endpoints_status], ['inconclusive', null]);
  const webBlocked = only(summariseMessengers([result('https://web.whatsapp.com/', 'blocked', 'tls.sni-drop')]), 'whatsapp');
  assert.equal(webBlocked.status, 'blocked');
});

test('every explanation key exists in English and Azerbaijani', () => {
  for (const lang of ['en', 'az']) {
    const tree = JSON.parse(readFileSync(`locales/${lang}/messengers.json`, 'utf8')) as Record<string, unknown>;
    for (const key of MESSENGER_KEYS) {
      const text = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], tree);
      assert.equal(typeof text, 'string', `${lang}: ${key}`);
    }
  }
});

test('property: a summary is blocked only if one of its endpoints is; its key is a known one', () => {
  const statuses: Status[] = ['accessible', 'blocked', 'down', 'inconclusive'];
  const all = [...chat, 'https://v.whatsapp.net/v2/register', 'https://web.whatsapp.com/', ...dcs, 'https://web.telegram.org/', ...signalBackends, 'https://stun.fbsbx.com/', ...facebook];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...statuses), { minLength: all.length, maxLength: all.length }), (drawn) => {
      const results = all.map((input, n) => {
        const status = drawn[n] as Status;
        const method: Method | null = status === 'blocked' ? (input.startsWith('tcpconnect') ? 'tcp.timeout' : 'tls.sni-drop') : null;
        return result(input, status, method);
      });
      for (const s of summariseMessengers(results)) {
        assert.ok(MESSENGER_KEYS.includes(s.explanationKey), s.explanationKey);
        const own = results.filter((r) => r.app === s.app);
        if (s.status === 'blocked') assert.ok(own.some((r) => r.status === 'blocked'));
        if (!own.some((r) => r.status === 'blocked')) assert.notEqual(s.status, 'blocked');
        assert.equal(s.method === null, s.status !== 'blocked');
      }
    }),
    { numRuns: 200 },
  );
});
