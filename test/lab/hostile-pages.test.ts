// Issue 19, findings 1 and 4, reproduced in the lab: pages, headers and redirects that echo the
// person's public IP (in every form an attacker may write it) and redirects into the person's own
// network. Every output of the run (run file, HTML, CSV, OONI JSONL, the app's exports, the upload
// body) must be free of the IP unless the person asked to keep it, and no local address is fetched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homedir, tmpdir } from 'node:os';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runLabScenario } from '../../main/lab/run-lab.ts';
import { LOCAL_REDIRECT_FAILURE } from '../../main/contract/observations.ts';
import type { Run } from '../../main/contract/run.ts';
import { exportMeasurements, makeRedactor, privateRun, serializeRun, toJsonl, writeReports } from '../../main/report/index.ts';
import { renderExport } from '../../main/bridge/export.ts';
import { uploadRun } from '../../main/bridge/upload.ts';
import { startCollector } from '../support/ooni-collector.ts';
import { scenario } from './lab-support.ts';

const IP = '198.51.100.7';
/** Written out by hand, not computed by the code under test: dotted, dashed, integer, hex, reversed, zero-padded, mapped. */
const IP_FORMS = ['198.51.100.7', '198-51-100-7', '3325256711', 'c6336407', '7.100.51.198', '7-100-51-198', '198.051.100.007', '::ffff:c633:6407'];
const HOME = homedir();

const hostile = scenario({
  network: { publicIp: IP, asn: 'AS29049', cc: 'AZ' },
  sites: {
    'echo.example.az': {
      http: true,
      page: {
        status: 302,
        title: 'You are {{publicIp}}',
        headers: {
          'x-your-ip': '{{publicIp}}',
          'x-dashed': 'host-198-51-100-7.dyn.example.net',
          'x-int': 'id=3325256711',
          'x-hex': '0xC6336407',
          'x-ptr': '7.100.51.198.in-addr.arpa',
          'x-padded': '198.051.100.007',
          'x-mapped': '::FFFF:C633:6407',
          'x-home': `${HOME}/Documents/secret.txt`,
        },
        location: 'http://echo2.example.az/welcome?you={{publicIp}}',
      },
    },
    'echo2.example.az': { http: true, page: { title: 'Welcome {{publicIp}} (7-100-51-198)' } },
    'router.example.az': { http: true, page: { status: 302, location: 'http://192.168.1.1/login.html' } },
    'loopback.example.az': { http: true, page: { status: 301, location: 'http://127.0.0.1:8080/' } },
    'metadata.example.az': { http: true, page: { status: 302, location: 'http://169.254.169.254/latest/meta-data/' } },
    'fine.example.az': { http: true, page: { status: 302, location: 'http://echo2.example.az/' } },
  },
});

function assertNoIdentifier(text: string, where: string): void {
  const lower = text.toLowerCase();
  for (const form of IP_FORMS) assert.ok(!lower.includes(form), `${where} holds the IP as ${form}`);
  if (HOME.length > 1) assert.ok(!text.includes(`${HOME}/`), `${where} holds the home folder`);
}

test('an IP echoed by a page, its headers and its redirect is scrubbed, in every form, from every output', async () => {
  const run = await runLabScenario(hostile);
  const echo = run.results.find((r) => r.host === 'echo.example.az');
  const hop = echo?.observations.find((o) => o.step === 'http');
  assert.ok(hop && hop.step === 'http' && hop.status === 302, 'the page was measured');
  assert.match(hop.title ?? '', /\[scrubbed\]/, 'the title was seen, and scrubbed as it was recorded');
  assert.equal(run.network.ip, undefined);
  assertNoIdentifier(serializeRun(run), 'the run as recorded');

  const dir = await mkdtemp(join(tmpdir(), 'yoxla-hostile-'));
  try {
    const written = await writeReports(run, { html: join(dir, 'r.html'), csv: join(dir, 'r.csv'), ooni: join(dir, 'r.jsonl'), lang: 'en', includeIp: false, chromium: null });
    assert.equal(written.failed, false, written.messages.join('\n'));
    for (const name of ['r.html', 'r.csv', 'r.jsonl']) assertNoIdentifier(await readFile(join(dir, name), 'utf8'), name);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  for (const format of ['json', 'html', 'csv', 'ooni'] as const) {
    for (const includeIp of [false, true]) {
      const bytes = await renderExport(run, { format, lang: 'az', includeIp }, { printPdf: async () => new Uint8Array(), now: () => new Date() });
      assertNoIdentifier(String(bytes), `the app's ${format} export (includeIp ${includeIp})`);
    }
  }
});

test('with --include-ip the IP stays where it was asked for, and still leaves every OONI and upload body', async () => {
  const run = await runLabScenario(hostile, { includeIp: true });
  assert.equal(run.network.ip, IP);
  const echo = run.results.find((r) => r.host === 'echo.example.az');
  const hop = echo?.observations.find((o) => o.step === 'http');
  assert.equal(hop?.step === 'http' ? hop.title : null, `You are ${IP}`, 'kept where the person asked');
  assertNoIdentifier(serializeRun(privateRun(run, { includeIp: false }).run), 'the run shown without --include-ip');
  const ooni = toJsonl(exportMeasurements(privateRun(run, { includeIp: true }).run, makeRedactor({ publicIp: run.network.ip })).measurements);
  assertNoIdentifier(ooni, 'the OONI export');

  const collector = await startCollector({ forbidden: IP_FORMS });
  try {
    let asked = 0;
    const sent = await uploadRun(run, { collector: collector.url, backoffMs: 1 }, async () => (asked += 1) > 0);
    assert.equal(asked, 1, 'the native confirmation was asked once');
    assert.ok(sent.uploaded.length > 0);
    assert.deepEqual(collector.problems, []);
  } finally {
    await collector.close();
  }
});

function lastHttp(run: Run, host: string) {
  const hops = run.results.find((r) => r.host === host)?.observations.filter((o) => o.step === 'http') ?? [];
  return { hops, last: hops.at(-1) };
}

test('a redirect into the person own network is recorded, never fetched, and explained as such', async () => {
  const run = await runLabScenario(hostile);
  for (const [host, url, ip] of [
    ['router.example.az', 'http://192.168.1.1/login.html', '192.168.1.1'],
    ['loopback.example.az', 'http://127.0.0.1:8080/', '127.0.0.1'],
    ['metadata.example.az', 'http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
  ] as const) {
    const result = run.results.find((r) => r.host === host);
    assert.equal(result?.status, 'inconclusive', host);
    assert.equal(result?.explanationKey, 'verdict.inconclusive.local-redirect', host);
    const { hops, last } = lastHttp(run, host);
    assert.ok(last && last.step === 'http');
    assert.equal(last.url, url);
    assert.equal(last.failure, LOCAL_REDIRECT_FAILURE);
    // Nothing was fetched from the local address: no status, no title, no headers, no body.
    for (const h of hops.filter((o) => o.step === 'http' && o.ip === ip)) {
      assert.ok(h.step === 'http' && h.status === null && h.title === null && Object.keys(h.headers).length === 0 && h.bodyLength === null, host);
    }
  }
  // A redirect to another host of the lab's internet is followed as before.
  const fine = run.results.find((r) => r.host === 'fine.example.az');
  assert.equal(fine?.status, 'accessible');
  assert.equal(lastHttp(run, 'fine.example.az').last?.step === 'http' && lastHttp(run, 'fine.example.az').last?.url, 'http://echo2.example.az/');
});
