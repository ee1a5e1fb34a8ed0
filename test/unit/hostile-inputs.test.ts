/* eslint-disable no-control-regex -- matching control characters is what these expressions are for */
// Issue 19: each finding reproduced with the crafted input that broke it, and checked fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRedactor, SCRUBBED, type LocalIdentity } from '../../main/report/redact.ts';
import { cssString, renderHtml, REPORT_CSP } from '../../main/report/html.ts';
import { renderMergeHtml } from '../../main/report/merge-html.ts';
import { cellOf, type MergeModel } from '../../main/report/merge.ts';
import { csvCell, renderCsv } from '../../main/report/csv.ts';
import { esc } from '../../main/report/format.ts';
import { exportMeasurements, writeReports } from '../../main/report/index.ts';
import { parseRun, RunFileError } from '../../main/report/run-json.ts';
import { importedRun } from '../../main/commands/explain.ts';
import { importedResult, parseMeasurements } from '../../main/report/ooni-import.ts';
import { hostsToExclude, renderComparison } from '../../main/vpn/render.ts';
import { printableHost, quoteWord } from '../../main/vpn/shell-words.ts';
import { parsePlainTextList, ListError, MAX_LIST_ENTRIES } from '../../main/targets/import/plain-text.ts';
import { importList, readListFile } from '../../main/targets/import/index.ts';
import { ScenarioSchema } from '../../main/lab/scenario.ts';
import { uploadRun } from '../../main/bridge/upload.ts';
import { confirmUpload } from '../../main/app/dialogs.ts';
import { main } from '../../main/cli.ts';
import { translator } from '../../main/i18n.ts';
import { isNonPublicAddress } from '../../main/engine/network.ts';
import type { Run, VpnImpact } from '../../main/contract/run.ts';
import { sampleRun } from '../support/report-fixtures.ts';
import * as o from '../support/observations.ts';
import { startCollector } from '../support/ooni-collector.ts';

const identity: LocalIdentity = { hostname: 'amina-laptop', username: 'amina', homeDir: '/home/amina' };

// ---- 1. every form of the IP -------------------------------------------------------------------

test('finding 1: the IP goes in its dashed, integer, hex, reversed and expanded IPv6 forms too', () => {
  const redact = makeRedactor({ publicIp: '198.51.100.7', identity });
  for (const form of ['198-51-100-7', '3325256711', 'C6336407', '0xc6336407', '7.100.51.198.in-addr.arpa', 'ip-198-051-100-007', '198.051.100.007', '::ffff:c633:6407']) {
    assert.ok(redact(`seen as ${form} here`).includes(SCRUBBED), form);
  }
  assert.equal(redact('3325256712 and 198-51-100-70 and c63364070 stay'), '3325256712 and 198-51-100-70 and c63364070 stay');
  const v6 = makeRedactor({ publicIp: '2001:db8:1::7', identity });
  for (const form of ['2001:db8:1::7', '2001:DB8:1:0:0:0:0:7', '2001:0db8:0001:0000:0000:0000:0000:0007', '2001-db8-1--7.ipv6-literal.net', '2001%3Adb8%3A1%3A%3A7', '7.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa']) {
    assert.ok(v6(`x ${form} y`).includes(SCRUBBED), form);
  }
});

// ---- 2. CSS injection, CSP, contract -----------------------------------------------------------

test('finding 2: a crafted asn or startedAt is refused by the run contract, with the field named', () => {
  const bad = (patch: (run: Record<string, unknown>) => void) => {
    const run = JSON.parse(JSON.stringify(sampleRun())) as Record<string, unknown>;
    patch(run);
    return () => parseRun(JSON.stringify(run), 'run.json');
  };
  assert.throws(bad((r) => ((r.network as Record<string, unknown>).asn = 'AS1\f}body{background:url(//evil.example/x)}')), (e: Error) => e instanceof RunFileError && /network\.asn/.test(e.message));
  assert.throws(bad((r) => (r.startedAt = '2026\f}@import url(//evil.example/)')), (e: Error) => e instanceof RunFileError && /startedAt/.test(e.message));
  assert.throws(bad((r) => ((r.network as Record<string, unknown>).cc = '<b>')), RunFileError);
  assert.throws(bad((r) => ((r.network as Record<string, unknown>).ip = '"><img src=//x>')), RunFileError);
});

test('finding 2: CSS strings are escaped by allow-list (form feed included) and every report has a no-network CSP', () => {
  const footer = cssString('AS1\f}body{background:url(//evil.example/x)}</style><x "\'\\');
  // Inside the quotes: no raw character that could end the string, the rule or the element, and every backslash starts a six-digit escape.
  assert.doesNotMatch(footer.slice(1, -1), /[\f{}<>"';]|\\(?![0-9a-f]{6})/);
  assert.match(footer, /^"AS1 \\00007dbody\\00007bbackground:url\(\/\/evil\.example\/x\)\\00007d\\00003c\/style\\00003e\\00003cx \\000022\\000027\\00005c"$/);
  assert.equal(cssString('Yoxla · AS29049 · 2026-11-23 10:00 UTC'), '"Yoxla · AS29049 · 2026-11-23 10:00 UTC"');
  for (const html of [renderHtml(sampleRun(), { lang: 'en', runSha256: 'a'.repeat(64) }), renderMergeHtml(emptyModel(), { lang: 'az' })]) {
    const head = html.slice(0, html.indexOf('<style>'));
    assert.ok(head.includes(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP.replace(/'/g, '&#39;')}">`), 'CSP before any style');
    assert.match(REPORT_CSP, /default-src 'none'/);
    assert.doesNotMatch(REPORT_CSP, /https?:|\*/);
  }
});

test('finding 2: an OONI probe_asn or probe_cc that is not one becomes the unknown network', async () => {
  const fixture = JSON.parse(await readFile('test/fixtures/ooni/spec-ts-017-example.json', 'utf8')) as Record<string, unknown>;
  fixture.probe_asn = 'AS1\f}body{background:url(//evil.example/x)}';
  fixture.probe_cc = 'A"Z';
  const measurements = parseMeasurements(JSON.stringify(fixture), 'crafted.json');
  const run = importedRun(measurements, measurements.map(importedResult));
  assert.equal(run.network.asn, 'AS0');
  assert.equal(run.network.cc, 'ZZ');
  assert.doesNotMatch(renderHtml(run, { lang: 'en', runSha256: '0'.repeat(64) }), /evil\.example/);
});

// ---- 3. shell commands -------------------------------------------------------------------------

test('finding 3: only real host names reach the suggested split-tunnel command, quoted for the shell', () => {
  const impacts: VpnImpact[] = [{ host: 'kapitalbank.az', domestic: 'accessible', vpn: 'blocked', verdict: 'breaks-with-vpn' }];
  const redirect = o.http({ url: 'https://kapitalbank.az/', status: 302, redirectTo: 'https://x$(touch${IFS}pwned);`id`{a,b}.kapitalbank.az/' });
  const results = [{ ...sampleRun().results[0]!, host: 'kapitalbank.az', observations: [redirect] }];
  assert.deepEqual(hostsToExclude(impacts, results), ['kapitalbank.az']);
  const text = renderComparison({ impacts, undecided: [] }, results, translator('en'), 'posix');
  assert.match(text, /yoxla split-tunnel --wireguard YOUR\.conf --exclude kapitalbank\.az\n/);
  assert.doesNotMatch(text, /\$\(|`|\{a,b\}/);
  assert.equal(printableHost('x$(id).kapitalbank.az'), null);
  assert.equal(printableHost('XN--80AK6AA92E.COM.'), 'xn--80ak6aa92e.com');
  assert.equal(printableHost('[2001:db8::1]'), '2001:db8::1');
  assert.equal(quoteWord("it's; rm -rf ~", 'posix'), `'it'\\''s; rm -rf ~'`);
  assert.equal(quoteWord("it's $(x)", 'powershell'), `'it''s $(x)'`);
  assert.equal(quoteWord('2001:db8::1', 'powershell'), `'2001:db8::1'`);
  assert.equal(quoteWord('kapitalbank.az', 'powershell'), 'kapitalbank.az');
});

// ---- 4. lists ------------------------------------------------------------------------------------

test('finding 4: lists refuse user:password@, port 0 and disguised IPv4 forms, naming the line', () => {
  for (const bad of ['http://user:secret@example.az/', 'https://@example.az/', 'https://example.az:0/', 'http://0x7f.1/', '127.1', 'http://2130706433/', 'http://0177.0.0.1/', 'tcpconnect://0x7f.1:443', 'tcpconnect://a:b@example.az:443']) {
    assert.throws(() => parsePlainTextList(`# list\nexample.az\n${bad}\n`, 'list.txt'), (e: Error) => e instanceof ListError && e.message.startsWith('list.txt:3: '), bad);
  }
  assert.equal(parsePlainTextList('https://192.0.2.1/\nhttps://example.az:8443/x\n', 'ok.txt').length, 2);
  assert.ok(isNonPublicAddress('192.168.1.1') && isNonPublicAddress('::ffff:10.0.0.1') && isNonPublicAddress('64:ff9b::a9fe:a9fe') && isNonPublicAddress('fe80::1'));
  assert.ok(!isNonPublicAddress('8.8.8.8') && !isNonPublicAddress('2a00:1450::1'));
});

// ---- 6. low ----------------------------------------------------------------------------------------

const CONTROL_ATTACKS = '\u001b]52;c;ZWNobyBwd25lZA==\u0007\u001bc\u009b2J\u202egnp.exe\u2066x\u2069\r\u0000';
const forbidden = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

test('finding 6: terminal escapes and bidi overrides are stripped from CLI output, HTML and CSV', async () => {
  const evil = sampleRun();
  evil.results[0] = { ...evil.results[0]!, host: `www.example.az${CONTROL_ATTACKS}` };
  assert.doesNotMatch(esc(CONTROL_ATTACKS), forbidden);
  assert.doesNotMatch(csvCell(CONTROL_ATTACKS), forbidden);
  assert.doesNotMatch(renderHtml(evil, { lang: 'en', runSha256: '0'.repeat(64) }), forbidden);
  assert.doesNotMatch(renderCsv(evil, 'en').replace(/\r\n/g, ''), forbidden);
  const dir = await mkdtemp(join(tmpdir(), 'yoxla-ctl-'));
  try {
    await writeFile(join(dir, 'run.json'), JSON.stringify(evil));
    let out = '';
    const code = await main(['report', join(dir, 'run.json')], { stdout: (t) => void (out += t), stderr: (t) => void (out += t), isTTY: false });
    assert.equal(code, 0);
    assert.match(out, /www\.example\.az/);
    assert.doesNotMatch(out, forbidden);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('found by the property: a crafted app name cannot break out of the summary sentences (it made i18next loop)', () => {
  const run = sampleRun();
  run.results[0] = { ...run.results[0]!, app: "\u202egnp.exe\u202c 8'f6J,/^(W\"}) $t(x, {\"a\": 1}) {{app}}" };
  const html = renderHtml(run, { lang: 'en', runSha256: '0'.repeat(64) });
  assert.match(html, /gnp\.exe 8f6JW/);
});

function emptyModel(networks: MergeModel['networks'] = []): MergeModel {
  return { schema: 'yoxla.merge/1', runs: [], networks, targets: [], duplicates: 0, skipped: 0 } as unknown as MergeModel;
}

test('finding 6: merge with an asn of __proto__ or constructor does not crash', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'yoxla-merge-'));
  try {
    const files = [];
    for (const asn of ['__proto__', 'constructor', 'AS29049']) {
      const run = JSON.parse(JSON.stringify(sampleRun())) as Run;
      run.network.asn = asn;
      files.push(join(dir, `${asn}.json`));
      await writeFile(files.at(-1) as string, JSON.stringify(run));
    }
    let err = '';
    const code = await main(['merge', ...files, '--html', join(dir, 'm.html'), '--json', join(dir, 'm.json')], { stdout: () => undefined, stderr: (t) => void (err += t), isTTY: false });
    assert.equal(code, 0, err);
    assert.match(err, /__proto__\.json.*network\.asn/);
    // Below the contract too: a model keyed by such names renders, and "constructor" is no inherited cell.
    const model = emptyModel([{ asn: 'constructor', cc: 'ZZ', runs: 1, counts: { accessible: 0, blocked: 0, down: 0, inconclusive: 0 } }]);
    model.targets.push({ input: 'https://a.az/', host: 'a.az', label: 'a.az', differ: false, cells: {} });
    assert.equal(cellOf(model.targets[0]!, 'constructor'), undefined);
    assert.match(renderMergeHtml(model, { lang: 'en' }), /a\.az/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('finding 6: huge timestamps are refused on reading; 200k observations render; no output is written when one cannot be made', async () => {
  const run = JSON.parse(JSON.stringify(sampleRun())) as Run;
  (run.results[0]!.observations[0] as { t0: number }).t0 = 1e300;
  assert.throws(() => parseRun(JSON.stringify(run), 'huge.json'), (e: Error) => e instanceof RunFileError && /t0/.test(e.message) && !e.message.includes('\n'));

  const big = sampleRun();
  const dns = big.results[0]!.observations[0]!;
  big.results[0] = { ...big.results[0]!, observations: Array.from({ length: 200_001 }, () => dns) };
  assert.ok(renderCsv(big, 'en').length > 0);
  assert.ok(exportMeasurements(big, (t) => t).measurements.length > 0);

  const dir = await mkdtemp(join(tmpdir(), 'yoxla-atomic-'));
  try {
    const written = await writeReports(run, { html: join(dir, 'r.html'), csv: join(dir, 'r.csv'), ooni: join(dir, 'r.jsonl'), lang: 'en', includeIp: false, chromium: null });
    assert.equal(written.failed, true);
    assert.deepEqual(await readdir(dir), [], 'nothing written when one output cannot be made');
    assert.ok(written.messages.every((m) => !m.includes('\n') && !/at .*\.ts:\d+/.test(m)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('finding 6: a huge list is refused with a clear error, and a huge bad line is echoed cut short', async () => {
  const many = Array.from({ length: 1_000_000 }, (_, i) => `site${i}.example.az`).join('\n');
  assert.throws(() => parsePlainTextList(many, 'big.txt'), (e: Error) => e instanceof ListError && e.message.includes(`more than ${MAX_LIST_ENTRIES}`));
  const dir = await mkdtemp(join(tmpdir(), 'yoxla-list-'));
  try {
    const path = join(dir, 'huge.txt');
    await writeFile(path, `${'x'.repeat(9 * 1024 * 1024)}\n`);
    await assert.rejects(readListFile(path), (e: Error) => e instanceof ListError && /larger than 8 MB/.test(e.message));
    await assert.rejects(importList(path), (e: Error) => e instanceof ListError && /larger than 8 MB/.test(e.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const badLine = `http://${'é'.repeat(5_000_000)}`;
  assert.throws(() => parsePlainTextList(`${badLine}\n`, 'l.txt'), (e: Error) => e instanceof ListError && e.message.length < 300 && e.message.startsWith('l.txt:1: '));
});

test('finding 6: scenario numbers are bounded (kbps 1e-300 is refused)', () => {
  const parse = (censor: unknown[]) => ScenarioSchema.safeParse({ schema: 'yoxla.lab/1', name: 't', censor });
  assert.equal(parse([{ host: 'a.az', at: 'throughput', kbps: 1e-300 }]).success, false);
  assert.equal(parse([{ host: 'a.az', at: 'throughput', kbps: 1e300 }]).success, false);
  assert.equal(parse([{ host: 'a.az', at: 'throughput', kbps: 64 }]).success, true);
});

test('finding 6: the app sends nothing without the main process own native yes', async () => {
  const collector = await startCollector();
  const run = { ...sampleRun(), mode: 'check' } as Run;
  try {
    for (const confirm of [undefined, async () => false]) {
      await assert.rejects(uploadRun(run, { collector: collector.url, backoffMs: 1 }, confirm), (e: Error & { code?: string }) => e.code === 'upload-declined');
    }
    assert.equal(collector.requests, 0);
  } finally {
    await collector.close();
  }
  // The dialog itself: native, Cancel by default, yes only for the first button.
  const asked: Array<Record<string, unknown>> = [];
  const electron = { dialog: { showMessageBox: async (options: Record<string, unknown>) => (asked.push(options), { response: 1 }) } };
  const context = { window: () => null, text: () => translator('en') };
  assert.equal(await confirmUpload(electron as never, context, { count: 3, collector: 'https://c.example/' }), false);
  assert.equal(asked[0]?.defaultId, 1);
  assert.equal(asked[0]?.cancelId, 1);
  assert.match(String(asked[0]?.message), /Send 3 measurements to https:\/\/c\.example\//);
});
