// `yoxla explain`, called directly with a fake Io (the lead wires it into bin/yoxla.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandExplain } from '../../main/commands/explain.ts';
import { UsageError } from '../../main/commands/usage-error.ts';
import { RunSchema } from '../../main/contract/run.ts';
import { controlFailed, nxdomain, tiktokSniDrop } from '../support/ooni-measurements.ts';
import { conditionCases } from '../support/ooni-conditions.ts';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), isTTY: false }, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'yoxla-explain-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** commandExplain's exit code, the way cli.ts turns a UsageError into exit 2 with one line. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, out, err } = fakeIo();
  let code: number;
  try {
    code = await commandExplain(args, io, { fetch: () => Promise.reject(new Error('no network in tests')) });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err.push(`yoxla: ${e.message}\n`);
    code = 2;
  }
  return { code, out: out.join(''), err: err.join('') };
}

test('explains a JSONL of measurements in English, next to OONI words, and writes the run JSON and HTML', async () => {
  const jsonl = file('az.jsonl', [tiktokSniDrop(), nxdomain(), controlFailed()].map((m) => JSON.stringify(m)).join('\n') + '\n');
  const json = join(dir, 'run.json');
  const html = join(dir, 'report.html');
  const r = await run([jsonl, '--json', json, '--html', html]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /https:\/\/www\.tiktok\.com\//);
  assert.match(r.out, /AS28787 AZ \(Baktelekom\), 2022-09-14 10:00:00 UTC/);
  assert.match(r.out, /tls\.sni-drop/);
  assert.match(r.out, /blocking="http-failure" accessible=false/);
  assert.match(r.out, /dns\.nxdomain/);
  assert.match(r.out, /harmless-name test/i, 'the missing SNI test is said');
  assert.match(r.out, /no re-check/);
  const saved = RunSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
  assert.equal(saved.mode, 'import');
  assert.equal(saved.network.asn, 'AS28787');
  assert.deepEqual(saved.results.map((x) => [x.input, x.status, x.method]), [
    ['https://www.tiktok.com/', 'blocked', 'tls.sni-drop'],
    ['https://news.example/', 'blocked', 'dns.nxdomain'],
    ['https://www.tiktok.com/', 'inconclusive', null],
  ]);
  assert.match(readFileSync(html, 'utf8'), /www\.tiktok\.com/);
});

test('Azerbaijani explanation', async () => {
  const r = await run([file('t.json', JSON.stringify(tiktokSniDrop())), '--lang', 'az']);
  assert.equal(r.code, 0);
  assert.match(r.out, /Şəbəkə/);
  assert.match(r.out, /tls\.sni-drop/);
});

test('a JSONL with a broken line: exit 2, one line naming the line', async () => {
  const r = await run([file('broken.jsonl', `${JSON.stringify(tiktokSniDrop())}\n{"test_keys":\n`)]);
  assert.equal(r.code, 2);
  assert.match(r.err, /broken\.jsonl:2: not valid JSON/);
  assert.equal(r.err.trim().split('\n').length, 1);
  assert.equal(r.out, '');
});

test('a JSON file that is not an OONI measurement: exit 2', async () => {
  const r = await run([file('run.json', JSON.stringify({ schema: 'yoxla.run/1', results: [] }))]);
  assert.equal(r.code, 2);
  assert.match(r.err, /run\.json: not an OONI web_connectivity measurement/);
  assert.equal(r.err.trim().split('\n').length, 1);
});

test('a missing file and bad flags: exit 2', async () => {
  assert.equal((await run([join(dir, 'nope.json')])).code, 2);
  assert.equal((await run([])).code, 2);
  assert.equal((await run(['--lang', 'fr', join(dir, 't.json')])).code, 2);
});

test('an OONI measurement of a TLS reset is named tls.sni-reset, in English and in Azerbaijani', async () => {
  const reset = conditionCases().find((c) => c.method === 'tls.sni-reset' && c.measurement.input === 'https://www.tiktok.com/');
  assert.ok(reset);
  const path = file('tls-reset.json', JSON.stringify(reset.measurement));
  const en = await run([path, '--lang', 'en']);
  assert.equal(en.code, 0, en.err);
  assert.match(en.out, /Blocked · tls\.sni-reset/);
  assert.match(en.out, /cut the connection as soon as it saw the site's name/);
  const az = await run([path, '--lang', 'az']);
  assert.equal(az.code, 0, az.err);
  assert.match(az.out, /Bloklanıb · tls\.sni-reset/);
  assert.match(az.out, /saytın adını görən kimi bağlantını kəsdi/);
});

test("Yoxla's own export of a run with messengers: the messenger tests are skipped with a line, the web ones explained", async () => {
  const whatsapp = { ...nxdomain(), test_name: 'whatsapp', test_version: '0.11.0', input: null };
  const path = file('mixed.jsonl', `${JSON.stringify(whatsapp)}\n${JSON.stringify(nxdomain())}\n`);
  const r = await run([path]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /https:\/\/news\.example\//);
  assert.match(r.err, /Skipped 1 OONI measurement of another test \(whatsapp\)/);
  const only = await run([file('only-whatsapp.jsonl', `${JSON.stringify(whatsapp)}\n`)]);
  assert.equal(only.code, 2);
  assert.match(only.err, /no web_connectivity measurement to explain/);
});
