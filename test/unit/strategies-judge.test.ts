// How a strategy's own observations become works / fails / not-applicable: by the same analysis
// as the normal check, against the blocked result's control; and which strategies apply to which
// target, without a single packet sent for those that do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Observation } from '../../main/contract/observations.ts';
import type { Result } from '../../main/contract/run.ts';
import { StrategiesSchema, STRATEGY_NAMES } from '../../main/contract/strategies.ts';
import { EVIDENCE_CODES, judge, verdictFor } from '../../main/strategies/judge.ts';
import { loadLocale } from '../../main/i18n.ts';
import { strategiesThatWork, tryStrategies } from '../../main/strategies/index.ts';
import { mixCase, requestHeadLength, rewriteHostHeader } from '../../main/strategies/host-case.ts';
import { deriveTimeouts } from '../../main/engine/timeouts.ts';
import type { Network } from '../../main/engine/network.ts';
import { analyze } from '../../main/analysis/index.ts';
import * as o from '../support/observations.ts';

/** The blocked result a strategy is tried on: an SNI drop seen twice, with a control that got through. */
function blockedResult(over: Partial<Result> = {}): Result {
  const observations: Observation[] = [
    o.dns(),
    o.tcp(),
    o.tls({ failure: 'generic_timeout_error' }),
    o.tls({ failure: 'generic_timeout_error', attempt: 1 }),
    o.sniTest(true),
  ];
  const verdict = analyze(o.input(observations));
  assert.equal(verdict.method, 'tls.sni-drop');
  return {
    input: o.HTTPS_INPUT,
    host: o.HOST,
    kind: 'web',
    ...verdict,
    durationMs: 1,
    observations,
    control: o.control(),
    controlFailure: null,
    ...over,
  };
}

test('the origin reached with a valid certificate and the real page: works', () => {
  const result = blockedResult();
  const seen = o.httpsOk();
  const outcome = judge(result, verdictFor(result, seen, 'ok'), seen, 12);
  assert.deepEqual(outcome, { outcome: 'works', code: 'reached-origin', failure: null, observations: seen, durationMs: 12 });
});

test('the same drop again: fails, same-failure, with the OONI failure string', () => {
  const result = blockedResult();
  const seen = [o.dns(), o.tcp(), o.tls({ failure: 'generic_timeout_error' }), o.tls({ failure: 'generic_timeout_error', attempt: 1 }), o.sniTest(true)];
  const outcome = judge(result, verdictFor(result, seen, 'ok'), seen, 1);
  assert.equal(outcome.outcome, 'fails');
  assert.equal(outcome.code, 'same-failure');
  assert.equal(outcome.failure, 'generic_timeout_error');
});

test('a handshake that completes with the wrong certificate is no success', () => {
  const result = blockedResult();
  const mitm = o.tls({ verified: false, failure: 'ssl_unknown_authority', chain: [o.cert({ issuer: 'CN=ISP' })] });
  const seen = [o.dns(), o.tcp(), mitm, { ...mitm, attempt: 1 }, o.sniTest(true)];
  const outcome = judge(result, verdictFor(result, seen, 'ok'), seen, 1);
  assert.equal(outcome.outcome, 'fails');
  assert.equal(outcome.code, 'other-failure');
  assert.equal(outcome.failure, 'ssl_unknown_authority');
});

test("the strategy's own lookup failing: fails, dns-failed", () => {
  const result = blockedResult();
  const seen = [o.dnsFail('connection_reset'), o.dnsFail('connection_reset', 1)];
  const outcome = judge(result, verdictFor(result, seen, 'ok'), seen, 1);
  assert.equal(outcome.code, 'dns-failed');
  assert.equal(outcome.failure, 'connection_reset');
});

test('a page that arrives but is the blockpage again: fails (plain HTTP)', () => {
  const result = blockedResult({ input: o.HTTP_INPUT, control: o.httpControl(), method: 'http.blockpage' });
  const seen = [o.dns(), o.tcp({ port: 80 }), o.blockpage(), o.blockpage({ attempt: 1 })];
  const outcome = judge(result, verdictFor(result, seen, 'ok'), seen, 1);
  assert.equal(outcome.outcome, 'fails');
  assert.equal(outcome.code, 'same-failure');
});

test('a single unrepeated failure is unclear, not a verdict', () => {
  const result = blockedResult();
  const seen = [o.dns(), o.tcp(), o.tls(), o.http({ failure: 'generic_timeout_error' })];
  const outcome = judge(result, verdictFor(result, seen, 'ok'), seen, 1);
  assert.equal(outcome.outcome, 'fails');
  assert.equal(outcome.code, 'unclear');
});

/** A network that must not be used: a strategy that does not apply sends nothing. */
const untouchable: Network = {
  name: 'untouchable',
  resolvers: [{ ip: '127.0.0.53', port: 53 }],
  dial: () => Promise.reject(new Error('dialled')),
  dnsExchange: () => Promise.reject(new Error('asked')),
};
const deps = { net: untouchable, timeouts: deriveTimeouts(100) };

test('which strategies apply: splits only to HTTPS, host-case only to plain HTTP, tunnels only when configured', async () => {
  const https = await tryStrategies(blockedResult(), { ...deps, only: ['host-case', 'vpn', 'tor', 'doh'] });
  assert.equal(https['host-case']?.code, 'not-plain-http');
  assert.equal(https.vpn?.code, 'no-tunnel-configured');
  assert.equal(https.tor?.code, 'no-tunnel-configured');
  assert.equal(https.doh?.code, 'no-doh-resolver');
  assert.equal(https['tcp-split'], undefined, 'not asked for');

  const plain = await tryStrategies(blockedResult({ input: o.HTTP_INPUT }), { ...deps, only: ['tcp-split', 'tls-record-split'] });
  assert.equal(plain['tcp-split']?.code, 'not-tls');
  assert.equal(plain['tls-record-split']?.code, 'not-tls');

  const connect = await tryStrategies(blockedResult({ input: 'tcpconnect://e1.whatsapp.net:5222', kind: 'messenger' }), {
    ...deps,
    only: ['tcp-split', 'host-case'],
  });
  assert.equal(connect['tcp-split']?.code, 'not-tls');
  assert.equal(connect['host-case']?.code, 'not-plain-http');

  const literal = await tryStrategies(blockedResult({ input: 'https://149.154.167.51/', host: '149.154.167.51' }), {
    ...deps,
    net: { ...untouchable, doh: { url: 'https://dns.example/dns-query', bootstrap: ['127.0.0.1'] } },
    only: ['doh', 'tcp-split', 'tls-record-split'],
  });
  for (const name of ['doh', 'tcp-split', 'tls-record-split'] as const) assert.equal(literal[name]?.code, 'address-literal', name);

  for (const outcome of [https, plain, connect, literal]) {
    StrategiesSchema.parse(outcome);
    for (const r of Object.values(outcome)) assert.equal(r?.outcome, 'not-applicable');
  }
});

test('only blocked results are tried', async () => {
  for (const status of ['accessible', 'down', 'inconclusive'] as const) {
    assert.deepEqual(await tryStrategies(blockedResult({ status }), deps), {});
  }
});

test('strategiesThatWork lists what worked, in the fixed order', () => {
  const works = { outcome: 'works' as const, code: 'reached-origin', failure: null, observations: [], durationMs: 0 };
  const fails = { ...works, outcome: 'fails' as const, code: 'same-failure' };
  assert.deepEqual(strategiesThatWork({ vpn: works, doh: fails, 'tls-record-split': works }), ['tls-record-split', 'vpn']);
  assert.deepEqual(strategiesThatWork(undefined), []);
});

test('host-case rewrites only the Host value, keeping the port and every other byte', () => {
  const head = Buffer.from('GET / HTTP/1.1\r\nhost: www.meydan.tv:8080\r\nuser-agent: Host: x\r\n\r\n');
  assert.equal(rewriteHostHeader(head).toString(), 'GET / HTTP/1.1\r\nhost: WwW.mEyDaN.tV:8080\r\nuser-agent: Host: x\r\n\r\n');
  assert.equal(requestHeadLength(head), head.length);
  assert.equal(requestHeadLength(Buffer.from('GET / HTTP/1.1\r\nhost: a')), 'wait');
  assert.equal(requestHeadLength(Buffer.from([0x16, 0x03, 0x01])), 'not-http');
  assert.equal(mixCase('meydan.tv'), 'MeYdAn.Tv');
});

test('every strategy, outcome and evidence code has its text in both languages', () => {
  for (const lang of ['en', 'az'] as const) {
    const tree = loadLocale(lang) as { strategy: Record<string, Record<string, unknown>> };
    for (const name of STRATEGY_NAMES) {
      assert.equal(typeof tree.strategy.name?.[name], 'string', `${lang} name.${name}`);
      assert.equal(typeof tree.strategy.about?.[name], 'string', `${lang} about.${name}`);
    }
    for (const outcome of ['works', 'fails', 'not-applicable']) assert.equal(typeof tree.strategy.outcome?.[outcome], 'string', `${lang} outcome.${outcome}`);
    for (const code of EVIDENCE_CODES) assert.equal(typeof tree.strategy.evidence?.[code], 'string', `${lang} evidence.${code}`);
  }
});
