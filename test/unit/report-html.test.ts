// The HTML report: self-contained (no script, nothing fetched), everything recorded escaped, the
// facts a watchdog needs present, in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../../main/report/html.ts';
import { privateRun } from '../../main/report/index.ts';
import { PUBLIC_IP, sampleRun } from '../support/report-fixtures.ts';
import { assertSelfContained } from '../support/html-checks.ts';

const SHA = 'a'.repeat(64);
const identity = { hostname: 'amina-laptop', username: 'amina', homeDir: '/home/amina' };

test('self-contained: no script, no external reference of any kind', () => {
  for (const lang of ['en', 'az'] as const) assertSelfContained(renderHtml(sampleRun(), { lang, runSha256: SHA }));
});

test('recorded values are escaped: a hostile page title stays text', () => {
  const html = renderHtml(sampleRun(), { lang: 'en', runSha256: SHA });
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
});

test('what a watchdog needs: when, network, verdicts, methods, evidence, method, version, hash', () => {
  const html = renderHtml(sampleRun(), { lang: 'en', runSha256: SHA, generatedAt: '2026-11-24T08:00:00.000Z' });
  for (const text of [
    '2026-11-23 10:00 UTC',
    'AS29049 · Delta Telecom',
    'Azerbaijan (AZ)',
    'TLS SNI filtering (dropped)',
    'tls.sni-drop',
    'generic_timeout_error',
    'dns_nxdomain_error',
    'CN=Azerbaijan Filter CA',
    'Block page',
    'Down for everyone',
    'Unclear',
    'How Yoxla measures',
    SHA,
    'measured with Yoxla 0.1.0',
    'yoxla.run/1',
    'worked: only the real site name is blocked (SNI filtering)',
  ]) {
    assert.ok(html.includes(text), `missing: ${text}`);
  }
  // The app summary, from the existing sentences.
  assert.match(html, /TikTok may only partly work/);
  assert.match(html, /1 of 2/);
  // The overview links to each target's evidence.
  assert.match(html, /href="#t-2"/);
  assert.match(html, /id="t-2"/);
});

test('Azerbaijani report', () => {
  const html = renderHtml(sampleRun(), { lang: 'az', runSha256: SHA });
  assert.match(html, /<html lang="az">/);
  assert.match(html, /Senzura ölçməsi hesabatı/);
  assert.match(html, /Azərbaycan \(AZ\)/);
  assert.match(html, /23\.11\.2026, 10:00 UTC/);
  assert.match(html, /Bloklanıb/);
  assert.match(html, /Yoxla necə ölçür/);
});

test('the IP appears only when the run holds it and it is asked for, and then the first page says so', () => {
  const run = sampleRun({ network: { ...sampleRun().network, ip: PUBLIC_IP } });
  const hidden = renderHtml(privateRun(run, { includeIp: false, identity }).run, { lang: 'en', runSha256: SHA });
  assert.ok(!hidden.includes(PUBLIC_IP));
  const shown = renderHtml(privateRun(run, { includeIp: true, identity }).run, { lang: 'en', runSha256: SHA });
  const banner = shown.indexOf('This report contains an IP address.');
  assert.ok(banner > 0 && banner < shown.indexOf('id="summary"'), 'the warning comes before the results');
  assert.ok(shown.includes(PUBLIC_IP));
});

test('lab runs, interrupted runs, no connection and an unknown network are flagged', () => {
  const html = renderHtml(
    sampleRun({ mode: 'lab', scenario: 'az-2022-tiktok', interrupted: true, network: { ...sampleRun().network, asn: 'AS0', cc: 'ZZ', connectivity: 'offline' } }),
    { lang: 'en', runSha256: SHA },
  );
  assert.match(html, /Lab run: .*az-2022-tiktok/);
  assert.match(html, /stopped before the end/);
  assert.match(html, /no internet connection during the check/);
  assert.match(html, /could not be identified/);
});

test('print styles: A4 pages, page numbers, the run hash in every page footer', () => {
  const html = renderHtml(sampleRun(), { lang: 'en', runSha256: SHA });
  assert.match(html, /@page\{size:A4/);
  assert.match(html, /counter\(page\)/);
  assert.match(html, new RegExp(`@bottom-left\\{content:"Yoxla · AS29049 · [^"]*SHA-256 ${SHA.slice(0, 16)}`));
  assert.match(html, /@media print/);
});

test('the VPN comparison shows when the run has one', () => {
  const html = renderHtml(
    sampleRun({ network: { ...sampleRun().network, vpn: 'on' }, vpnImpact: [{ host: 'kapitalbank.az', domestic: 'accessible', vpn: 'blocked', verdict: 'breaks-with-vpn' }] }),
    { lang: 'en', runSha256: SHA },
  );
  assert.match(html, /With and without a VPN/);
  assert.match(html, /kapitalbank\.az/);
  assert.match(html, /breaks with the VPN on/);
  assert.match(html, /on \(the check ran through a VPN\)/);
});
