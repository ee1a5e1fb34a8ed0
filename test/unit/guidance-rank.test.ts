// Guidance for concrete verdicts: what comes first, and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guidanceFor, type GuidanceInput } from '../../main/guidance/index.ts';
import type { StrategyResult } from '../../main/contract/strategies.ts';

const base: GuidanceInput = {
  input: 'https://www.tiktok.com/',
  status: 'blocked',
  method: 'tls.sni-drop',
  explanationKey: 'verdict.blocked.tls.sni-drop',
  connectivity: 'ok',
  vpn: 'off',
};
const tried = (outcome: StrategyResult['outcome']): StrategyResult => ({ outcome, code: 'x', failure: null, observations: [], durationMs: 1 });
const ids = (input: GuidanceInput) => guidanceFor(input).map((o) => o.id);

test('SNI filtering: a VPN, Tor, Psiphon and Outline; encrypted DNS is not offered untested', () => {
  assert.deepEqual(ids(base), ['vpn', 'tor', 'psiphon', 'outline']);
  const options = guidanceFor(base);
  assert.deepEqual(options.map((o) => o.rank), [1, 2, 3, 4]);
  assert.ok(options.every((o) => o.effectiveness === 'usually' && o.circumvents));
});

test('DNS blocking: encrypted DNS first (it works and it is the safest)', () => {
  const options = guidanceFor({ ...base, input: 'https://azadliq.org/', method: 'dns.nxdomain', explanationKey: 'verdict.blocked.dns.nxdomain' });
  assert.equal(options[0]?.id, 'encrypted-dns');
  assert.equal(options[0]?.safety, 'low-risk');
  assert.ok(options.some((o) => o.id === 'vpn'));
});

test('a strategy that worked on this network comes first, with what was tried', () => {
  const options = guidanceFor({ ...base, strategies: { doh: tried('fails'), 'tcp-split': tried('works'), 'tls-record-split': tried('fails') } });
  assert.equal(options[0]?.id, 'dpi-tool');
  assert.equal(options[0]?.effectiveness, 'worked-here');
  assert.equal(options[0]?.safety, 'take-care');
  assert.deepEqual(options[0]?.tested, [
    { strategy: 'tcp-split', outcome: 'works', code: 'x' },
    { strategy: 'tls-record-split', outcome: 'fails', code: 'x' },
  ]);
  // Encrypted DNS was tried and failed: said so, last.
  assert.equal(options.at(-1)?.id, 'encrypted-dns');
  assert.equal(options.at(-1)?.effectiveness, 'failed-here');
});

test('encrypted DNS that worked here outranks a tool that worked too, because it is safer', () => {
  const options = guidanceFor({
    ...base,
    method: 'dns.tampered',
    explanationKey: 'verdict.blocked.dns.tampered',
    strategies: { doh: tried('works'), 'tcp-split': tried('works') },
  });
  assert.deepEqual(options.slice(0, 2).map((o) => [o.id, o.effectiveness]), [
    ['encrypted-dns', 'worked-here'],
    ['dpi-tool', 'worked-here'],
  ]);
});

test('the honest case: nothing but a VPN gets through', () => {
  const options = guidanceFor({
    ...base,
    strategies: { doh: tried('fails'), 'tcp-split': tried('fails'), 'tls-record-split': tried('fails'), vpn: tried('works') },
  });
  assert.equal(options[0]?.id, 'vpn');
  assert.equal(options[0]?.effectiveness, 'worked-here');
  assert.deepEqual(options.filter((o) => o.effectiveness === 'failed-here').map((o) => o.id), ['encrypted-dns', 'dpi-tool']);
});

test('not-applicable strategies leave the expectation as it was', () => {
  const options = guidanceFor({ ...base, strategies: { 'host-case': tried('not-applicable') } });
  assert.deepEqual(options.map((o) => o.id), ['vpn', 'tor', 'psiphon', 'outline']);
});

test('a block page on plain HTTP: try https:// first; on https:// it is not offered', () => {
  const blockpage = { ...base, method: 'http.blockpage' as const, explanationKey: 'verdict.blocked.http.blockpage' };
  assert.equal(ids({ ...blockpage, input: 'http://meydan.tv/' })[0], 'try-https');
  assert.ok(!ids(blockpage).includes('try-https'));
});

test('certificate interception: protect yourself first, then an encrypted tunnel', () => {
  assert.deepEqual(ids({ ...base, method: 'tls.mitm', explanationKey: 'verdict.blocked.tls.mitm' }), ['protect-yourself', 'vpn', 'tor', 'psiphon', 'outline']);
});

test('throttling: a VPN usually helps; Tor and Psiphon only sometimes (they are slow themselves)', () => {
  const options = guidanceFor({ ...base, method: 'throttled', explanationKey: 'verdict.blocked.throttled' });
  assert.deepEqual(options.map((o) => [o.id, o.effectiveness]), [
    ['vpn', 'usually'],
    ['outline', 'usually'],
    ['tor', 'sometimes'],
    ['psiphon', 'sometimes'],
  ]);
});

test('blocked with the VPN already on: the VPN option says to check the VPN, not to get one', () => {
  const vpn = guidanceFor({ ...base, vpn: 'on' }).find((o) => o.id === 'vpn');
  assert.equal(vpn?.howKey, 'guidance.option.vpn.howWhenOn');
  assert.equal(guidanceFor(base).find((o) => o.id === 'vpn')?.howKey, 'guidance.option.vpn.how');
});

test('down for everyone: wait; no way around a block is offered', () => {
  assert.deepEqual(ids({ ...base, status: 'down', method: null, explanationKey: 'verdict.down' }), ['wait']);
});

test('works: nothing to do', () => {
  assert.deepEqual(ids({ ...base, status: 'accessible', method: null, explanationKey: 'verdict.accessible' }), []);
});

test('offline and Wi-Fi login page say so, even next to a verdict that says blocked', () => {
  assert.deepEqual(ids({ ...base, connectivity: 'offline' }), ['check-connection']);
  assert.deepEqual(ids({ ...base, connectivity: 'captive-portal' }), ['wifi-login']);
  const unclear = { ...base, status: 'inconclusive' as const, method: null };
  assert.deepEqual(ids({ ...unclear, explanationKey: 'verdict.inconclusive.offline' }), ['check-connection']);
  assert.deepEqual(ids({ ...unclear, explanationKey: 'verdict.inconclusive.captive-portal' }), ['wifi-login']);
});

test('unclear results: run again, allow the comparison, or try another network', () => {
  const unclear = { ...base, status: 'inconclusive' as const, method: null };
  assert.deepEqual(ids({ ...unclear, explanationKey: 'verdict.inconclusive.no-control' }), ['allow-control', 'rerun']);
  assert.deepEqual(ids({ ...unclear, explanationKey: 'verdict.inconclusive.transient' }), ['rerun']);
  assert.deepEqual(ids({ ...unclear, explanationKey: 'verdict.inconclusive.http-timeout' }), ['rerun', 'other-network', 'vpn']);
  assert.deepEqual(ids({ ...unclear, explanationKey: 'verdict.inconclusive.unexplained' }), ['rerun', 'other-network']);
});

test('a local service that breaks with the VPN: split tunnelling, which keeps the VPN on for the rest', () => {
  const bank = { ...base, input: 'https://kapitalbank.az/', status: 'accessible' as const, method: null, explanationKey: 'verdict.accessible', vpn: 'on' as const };
  const options = guidanceFor({ ...bank, vpnVerdict: 'breaks-with-vpn' });
  assert.deepEqual(options.map((o) => [o.id, o.vpnEffect]), [['split-tunnel', 'leaves-one-service-outside']]);
  assert.deepEqual(ids({ ...bank, vpnVerdict: 'fails-both' }), ['wait']);
  assert.deepEqual(ids({ ...bank, vpnVerdict: 'works-both' }), []);
});

test('blocked without the VPN, working with it: the VPN first (kept on, when it is on), the other ways around after', () => {
  assert.deepEqual(guidanceFor({ ...base, vpnVerdict: 'blocked-without-vpn' })[0]?.id, 'vpn');
  assert.deepEqual(guidanceFor({ ...base, vpnVerdict: 'blocked-without-vpn' })[0]?.effectiveness, 'worked-here');
  const options = guidanceFor({ ...base, vpn: 'on', vpnVerdict: 'blocked-without-vpn' });
  assert.deepEqual(options.map((o) => [o.id, o.effectiveness]), [
    ['keep-in-vpn', 'worked-here'],
    ['tor', 'usually'],
    ['psiphon', 'usually'],
    ['outline', 'usually'],
  ]);
  // Blocked and failing through the VPN too: a VPN is not offered again.
  assert.deepEqual(ids({ ...base, vpnVerdict: 'fails-both' }), ['tor', 'psiphon', 'outline']);
});
