// The VPN comparison on recorded results: every verdict word and every geo-fence signature, with
// and without a control (production runs `yoxla vpn` without one unless the user agrees).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, type AnalysisInput } from '../../main/analysis/web.ts';
import type { Observation } from '../../main/contract/observations.ts';
import type { Result } from '../../main/contract/run.ts';
import { VpnImpactSchema } from '../../main/contract/run.ts';
import { compareVpn, compareVpnDetailed } from '../../main/vpn/compare.ts';
import { HOST, HTTPS_INPUT, control, controlDown, dns, doh, http, httpsOk, input, sniTest, tcp, tls } from '../support/observations.ts';

/** A result as the runner records it, from observations judged by the real analysis. */
function result(observations: Observation[], o: Partial<AnalysisInput> = {}, host = HOST): Result {
  const analysisInput = input(observations, { target: { input: `https://${host}/`, host, kind: 'local-service' }, ...o });
  const verdict = analyze(analysisInput);
  return {
    input: analysisInput.target.input,
    host,
    kind: 'local-service',
    status: verdict.status,
    method: verdict.method,
    durationMs: 100,
    observations,
    control: analysisInput.control,
    controlFailure: analysisInput.controlFailure,
    evidence: verdict.evidence,
    explanationKey: verdict.explanationKey,
  };
}

const ok = () => result(httpsOk());
const refused = (status: number, title = 'Access denied') =>
  result([...httpsOk().slice(0, 3), http({ status, title, bodyLength: 400 })]);
/** TLS dropped or reset on both tries; the harmless name works (what an SNI filter does). */
const tlsFails = (failure: string, o: Partial<AnalysisInput> = {}) =>
  result(
    [dns(), doh(), tcp(), tls({ failure }), sniTest(true), tcp({ attempt: 1 }), tls({ failure, attempt: 1 }), sniTest(true, { attempt: 1 })],
    o,
  );
const tcpFails = (failure: string, o: Partial<AnalysisInput> = {}) => result([dns(), doh(), tcp({ failure }), tcp({ failure, attempt: 1 })], o);
const noControl = { control: null, controlFailure: 'no-consent' } as const;

const one = (domestic: Result, vpn: Result) => {
  const impacts = compareVpn([domestic], [vpn]);
  assert.equal(impacts.length, 1);
  VpnImpactSchema.parse(impacts[0]);
  return impacts[0] as NonNullable<(typeof impacts)[0]>;
};

test('works-both: the same page both ways', () => {
  const i = one(ok(), ok());
  assert.deepEqual([i.domestic, i.vpn, i.verdict], ['accessible', 'accessible', 'works-both']);
  assert.equal(i.evidence?.vpn.httpStatus, 200);
});

test('breaks-with-vpn: HTTP 403, 451 and 429 only via the foreign path are geo-fence signatures', () => {
  for (const [status, signature] of [
    [403, 'http-403'],
    [451, 'http-451'],
    [429, 'http-429'],
    [503, 'http-error'],
  ] as const) {
    // The control is abroad too and got the same refusal: the analysis calls that "accessible".
    const foreignControl = control({ http_request: { body_length: 400, failure: null, title: 'Access denied', headers: {}, status_code: status } });
    const vpn = result([...httpsOk().slice(0, 3), http({ status, title: 'Access denied', bodyLength: 400 })], { control: foreignControl });
    const i = one(ok(), vpn);
    assert.equal(i.verdict, 'breaks-with-vpn', String(status));
    assert.equal(i.evidence?.vpn.status, 'accessible');
    assert.equal(i.vpn, 'blocked', 'for the user it is a refusal');
    assert.equal(i.evidence?.vpn.signature, signature);
    assert.equal(i.evidence?.domestic.signature, null);
    // Against a control that saw the page, the analysis calls the verified page the site's own
    // choice (accessible, with a note): same VPN verdict here.
    const differs = one(ok(), refused(status));
    assert.equal(differs.evidence?.vpn.status, 'accessible');
    assert.equal(differs.verdict, 'breaks-with-vpn');
    assert.equal(differs.evidence?.vpn.signature, signature);
  }
});

test('breaks-with-vpn: a captcha or refusal page only via the VPN, even with status 200', () => {
  const captcha = one(ok(), refused(200, 'Just a moment...'));
  assert.equal(captcha.verdict, 'breaks-with-vpn');
  assert.equal(captcha.evidence?.vpn.signature, 'captcha');
  const fence = one(ok(), refused(200, 'Bu xidmət yalnız Azərbaycanda: giriş qadağandır'));
  assert.equal(fence.evidence?.vpn.signature, 'blockpage');
  // The same title on both paths is the site's own name, not a refusal.
  const same = one(refused(200, 'Forbidden City Tours'), refused(200, 'Forbidden City Tours'));
  assert.equal(same.verdict, 'works-both');
});

test('breaks-with-vpn: resets, timeouts and TLS failures only via the VPN', () => {
  const cases = [
    [tcpFails('connection_reset'), 'connection-reset'],
    [tcpFails('generic_timeout_error'), 'timeout'],
    [tcpFails('connection_refused'), 'connection-refused'],
    [tlsFails('connection_reset'), 'connection-reset'],
    [tlsFails('generic_timeout_error'), 'timeout'],
    [tlsFails('ssl_failed_handshake'), 'tls-failure'],
    // The control is abroad too, so the analysis calls a fence that stops both "down".
    [tcpFails('generic_timeout_error', { control: controlDown() }), 'timeout'],
  ] as const;
  for (const [vpn, signature] of cases) {
    const i = one(ok(), vpn);
    assert.equal(i.verdict, 'breaks-with-vpn', signature);
    assert.equal(i.evidence?.vpn.signature, signature);
    assert.equal(i.evidence?.vpn.failure, vpn.evidence.failure);
  }
});

test('without a control the failure still counts once it repeated on a fresh connection', () => {
  const vpn = tlsFails('connection_reset', noControl);
  assert.equal(vpn.status, 'inconclusive', 'the analysis may not say blocked without a control');
  const i = one(result(httpsOk(), noControl), vpn);
  assert.equal(i.verdict, 'breaks-with-vpn');
  assert.equal(i.vpn, 'inconclusive');
  assert.equal(i.evidence?.vpn.signature, 'connection-reset');
  assert.equal(one(result(httpsOk(), noControl), refused(403)).verdict, 'breaks-with-vpn');
});

test('a failure that did not repeat decides nothing: the host is left undecided', () => {
  const once = result([dns(), doh(), tcp({ failure: 'connection_reset' }), ...httpsOk(1).slice(1)], noControl);
  const onceFailed = result([dns(), doh(), tcp({ failure: 'connection_reset' })], noControl);
  assert.equal(one(ok(), once).verdict, 'works-both', 'recovered on the re-check');
  const { impacts, undecided } = compareVpnDetailed([ok()], [onceFailed]);
  assert.deepEqual(impacts, []);
  assert.deepEqual(undecided, [{ host: HOST, path: 'vpn', reason: 'failure-not-repeated' }]);
});

test('blocked-without-vpn: censored at home (SNI reset, DNS), fine through the VPN', () => {
  const sni = one(tlsFails('connection_reset'), ok());
  assert.deepEqual([sni.domestic, sni.vpn, sni.verdict], ['blocked', 'accessible', 'blocked-without-vpn']);
  assert.equal(sni.evidence?.domestic.signature, 'censored');
  assert.equal(sni.evidence?.domestic.method, 'tls.sni-reset');
  const nx = result([dns({ answers: [], rcode: 'NXDOMAIN', failure: 'dns_nxdomain_error' }), dns({ answers: [], rcode: 'NXDOMAIN', failure: 'dns_nxdomain_error', attempt: 1 })]);
  assert.equal(one(nx, ok()).verdict, 'blocked-without-vpn');
});

test('fails-both: down for everyone, or refused abroad and censored at home', () => {
  const down = () => tcpFails('connection_refused', { control: controlDown() });
  const i = one(down(), down());
  assert.deepEqual([i.domestic, i.vpn, i.verdict], ['down', 'down', 'fails-both']);
  assert.equal(i.evidence?.vpn.signature, 'down');
  assert.equal(one(tlsFails('generic_timeout_error'), refused(403)).verdict, 'fails-both');
  // A site answering 403 to everyone works for nobody.
  assert.equal(one(refused(403), refused(403)).verdict, 'fails-both');
});

test('no working path (offline, captive portal) on either side: undecided, never a verdict', () => {
  const offline = result([], { connectivity: 'offline' });
  const { impacts, undecided } = compareVpnDetailed([offline], [ok()]);
  assert.deepEqual(impacts, []);
  assert.deepEqual(undecided, [{ host: HOST, path: 'domestic', reason: 'connectivity-offline' }]);
});

test('hosts measured on one path only are undecided; several inputs per host combine (any failure fails)', () => {
  const other = result(httpsOk(), {}, 'bank.example');
  const { impacts, undecided } = compareVpnDetailed([ok(), other], [ok()]);
  assert.deepEqual(impacts.map((i) => i.host), [HOST]);
  assert.deepEqual(undecided, [{ host: 'bank.example', path: 'vpn', reason: 'not-measured' }]);

  const api: Result = { ...refused(403), input: `https://${HOST}/api/` };
  const web = ok();
  const both = compareVpn([web, { ...ok(), input: api.input }], [ok(), api]);
  assert.equal(both[0]?.verdict, 'breaks-with-vpn');
});

test('order follows the domestic run; a control that saw the site down does not matter to a 200 both ways', () => {
  const a = result(httpsOk(), {}, 'a.example');
  const b = result(httpsOk(), { control: control({ http_request: { body_length: -1, failure: 'connection_reset', title: '', headers: {}, status_code: -1 } }) }, 'b.example');
  assert.deepEqual(compareVpn([b, a], [a, b]).map((i) => [i.host, i.verdict]), [
    ['b.example', 'works-both'],
    ['a.example', 'works-both'],
  ]);
  assert.equal(HTTPS_INPUT, `https://${HOST}/`);
});
