// report:export of a real lab run in every format: saved where the person chose, in the chosen
// language, private by default (the public IP is in the run but in no export unless asked again,
// and never in the OONI file), a closed dialog is `canceled`, an unwritable place is `io`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Run } from '../../main/contract/run.ts';
import type { ReportFormat } from '../../main/contract/bridge.ts';
import { findChromium, printPdf as printWithChromium } from '../../main/report/pdf.ts';
import { createTestService, type TestService } from '../support/bridge-harness.ts';
import { assertSelfContained } from '../support/html-checks.ts';
import { startCollector } from '../support/ooni-collector.ts';

const PUBLIC_IP = '198.51.100.7';
const SCENARIO = JSON.stringify({
  schema: 'yoxla.lab/1',
  name: 'export-test',
  network: { asn: 'AS29049', cc: 'AZ', publicIp: PUBLIC_IP },
  sites: { 'www.tiktok.com': {}, 'www.bbc.com': {} },
  censor: [{ host: 'tiktok.com', subdomains: true, at: 'sni', do: 'drop' }],
});

const chromium = findChromium();
const printed: string[] = [];
let saveAnswer: string | null | undefined;

async function withRun(fn: (t: TestService, historyId: string, run: Run) => Promise<void>): Promise<void> {
  const t = await createTestService({
    // includeIp at run time: the run keeps the IP, so the exports have something to leave out.
    settings: { consentAccepted: true, includeIp: true },
    printPdf: async (html) => {
      printed.push(html);
      return chromium ? printWithChromium(html, chromium) : new TextEncoder().encode('%PDF-1.4 stand-in (no Chromium here)');
    },
    chooseSavePath: async (name) => (saveAnswer === undefined ? join(t.exportDir, name) : saveAnswer),
  });
  try {
    const start = await t.service.invoke('run:start', { mode: 'lab', scenarioText: SCENARIO });
    assert.ok(start.ok);
    const end = await t.waitForEvent((e) => e.type === 'finished' || e.type === 'failed');
    assert.equal(end.type, 'finished', JSON.stringify(end));
    if (end.type !== 'finished') return;
    assert.equal(end.run.network.ip, PUBLIC_IP, 'the run itself kept the IP, as asked');
    await fn(t, end.historyId, end.run);
  } finally {
    saveAnswer = undefined;
    await t.close();
  }
}

const EXT: Record<ReportFormat, string> = { html: 'html', pdf: 'pdf', json: 'json', ooni: 'jsonl', csv: 'csv' };

test('every format is saved where chosen, names the export after the run, and leaves the IP out by default', async () => {
  await withRun(async (t, historyId) => {
    for (const format of ['html', 'pdf', 'json', 'ooni', 'csv'] as const) {
      const answer = await t.service.invoke('report:export', { historyId, format, lang: 'en' });
      assert.ok(answer.ok, `${format}: ${JSON.stringify(answer)}`);
      assert.equal(answer.value.kind, 'saved');
      if (answer.value.kind !== 'saved') continue;
      assert.equal(answer.value.path, join(t.exportDir, `yoxla-${historyId}.${EXT[format]}`));
      const bytes = await readFile(answer.value.path);
      assert.equal(bytes.length, answer.value.bytes);
      assert.ok(bytes.length > 0);
      if (format === 'pdf') {
        assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
        assert.ok(!(printed.at(-1) ?? '').includes(PUBLIC_IP), 'the HTML sent to the printer has no IP');
        continue;
      }
      const content = bytes.toString('utf8');
      assert.ok(!content.includes(PUBLIC_IP), `${format} holds the IP`);
      assert.match(content, /tiktok/);
    }
    const json = JSON.parse(await readFile(join(t.exportDir, `yoxla-${historyId}.json`), 'utf8'));
    assert.equal(json.schema, 'yoxla.run/1');
    assert.equal(json.network.ip, undefined);
    const html = await readFile(join(t.exportDir, `yoxla-${historyId}.html`), 'utf8');
    assertSelfContained(html);
    assert.match(html, /<html lang="en"/);
    const ooni = (await readFile(join(t.exportDir, `yoxla-${historyId}.jsonl`), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(ooni.length >= 2 && ooni.every((m) => m.test_name === 'web_connectivity'));
  });
});

test('the IP appears only when asked again at export time, and never in the OONI file; the language is the one chosen', async () => {
  await withRun(async (t, historyId) => {
    for (const format of ['html', 'json', 'csv', 'ooni'] as const) {
      const answer = await t.service.invoke('report:export', { historyId, format, lang: 'az', includeIp: true });
      assert.ok(answer.ok && answer.value.kind === 'saved');
      const content = await readFile(answer.value.kind === 'saved' ? answer.value.path : '', 'utf8');
      if (format === 'ooni') assert.ok(!content.includes(PUBLIC_IP), 'OONI publishes what it gets: never the IP');
      else if (format !== 'csv') assert.ok(content.includes(PUBLIC_IP), `${format} leaves out an IP that was asked for`);
    }
    const html = await readFile(join(t.exportDir, `yoxla-${historyId}.html`), 'utf8');
    assert.match(html, /<html lang="az"/);
    const en = await t.service.invoke('report:export', { historyId, format: 'csv', lang: 'en' });
    assert.ok(en.ok && en.value.kind === 'saved');
    const enCsv = await readFile(en.value.kind === 'saved' ? en.value.path : '', 'utf8');
    const azCsv = await t.service.invoke('report:export', { historyId, format: 'csv', lang: 'az' });
    assert.ok(azCsv.ok && azCsv.value.kind === 'saved');
    assert.notEqual((await readFile(azCsv.value.kind === 'saved' ? azCsv.value.path : '', 'utf8')).split('\n')[0], enCsv.split('\n')[0], 'the header is in the chosen language');
  });
});

test('a closed save dialog is `canceled` and writes nothing; a place that cannot be written is `io`', async () => {
  await withRun(async (t, historyId) => {
    saveAnswer = null;
    const before = printed.length;
    assert.deepEqual(await t.service.invoke('report:export', { historyId, format: 'pdf', lang: 'en' }), { ok: true, value: { kind: 'canceled' } });
    assert.equal(printed.length, before, 'nothing was printed for a canceled export');
    saveAnswer = join(t.exportDir, 'report.html', 'cannot', 'be', 'here.html');
    await import('node:fs/promises').then((fs) => fs.writeFile(join(t.exportDir, 'report.html'), 'a file, not a folder'));
    const failed = await t.service.invoke('report:export', { historyId, format: 'html', lang: 'en' });
    assert.equal(!failed.ok && failed.error.code, 'io');
  });
});

test('report:upload: only with the consent of Settings and a confirmation, private, and lab runs never to OONI itself', async () => {
  const collector = await startCollector({ forbidden: [PUBLIC_IP] });
  const t = await createTestService({
    settings: { consentAccepted: true, includeIp: true },
    printPdf: async () => new Uint8Array(),
    upload: { collector: collector.url, backoffMs: 1 },
  });
  try {
    const start = await t.service.invoke('run:start', { mode: 'lab', scenarioText: SCENARIO });
    assert.ok(start.ok);
    const end = await t.waitForEvent((e) => e.type === 'finished' || e.type === 'failed');
    assert.ok(end.type === 'finished');
    // No standing consent yet: refused, nothing sent.
    const refused = await t.service.invoke('report:upload', { historyId: end.historyId, confirmed: true });
    assert.ok(!refused.ok && refused.error.code === 'consent-required', JSON.stringify(refused));
    assert.equal(collector.requests, 0);
    // A confirmation is part of the request itself.
    const unconfirmed = await t.service.invoke('report:upload', { historyId: end.historyId });
    assert.ok(!unconfirmed.ok && unconfirmed.error.code === 'bad-request');

    assert.ok((await t.service.invoke('settings:set', { uploadConsent: true })).ok);
    const sent = await t.service.invoke('report:upload', { historyId: end.historyId, confirmed: true });
    assert.ok(sent.ok, JSON.stringify(sent));
    assert.equal(sent.value.collector, collector.url);
    assert.equal(sent.value.uploaded.length, 2, 'one web_connectivity measurement per site');
    assert.deepEqual(collector.problems, [], 'valid OONI measurements, and the public IP in none of them');
    assert.ok([...collector.reports.values()].every((r) => r.closed));
  } finally {
    await t.close();
    await collector.close();
  }

  // With OONI's own collector (none given), a lab run is refused before anything is sent.
  const { uploadRun } = await import('../../main/bridge/upload.ts');
  const labRun = { schema: 'yoxla.run/1', startedAt: '2026-11-23T10:00:00Z', finishedAt: '2026-11-23T10:00:01Z', mode: 'lab', interrupted: false, network: { asn: 'AS29049', cc: 'AZ', vpn: 'off', rttMs: 100, connectivity: 'ok', connectivityEvidence: [] }, results: [], vpnImpact: [] } as const;
  const fetched: string[] = [];
  await assert.rejects(
    uploadRun(structuredClone(labRun) as unknown as Run, { fetch: (async (url: string) => (fetched.push(url), new Response('{}'))) as unknown as typeof fetch }),
    (err: Error & { code?: string }) => err.code === 'upload-refused' && err.message === 'lab-to-ooni',
  );
  assert.deepEqual(fetched, []);
});
