// Merging participants' runs: targets × networks, where providers differ, identical runs once,
// broken files named and left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeRuns } from '../../main/report/merge.ts';
import { renderMergeHtml, renderMergeTable } from '../../main/report/merge-html.ts';
import { serializeRun } from '../../main/report/index.ts';
import type { Result, Run } from '../../main/contract/run.ts';
import { sampleRun } from '../support/report-fixtures.ts';
import { assertSelfContained } from '../support/html-checks.ts';

const file = (name: string, run: Run) => ({ name, text: serializeRun(run) });

function azercell(): Run {
  const run = sampleRun({ startedAt: '2026-11-23T11:00:00.000Z', network: { asn: 'AS31721', cc: 'AZ', name: 'Azercell', vpn: 'off', rttMs: 80, connectivity: 'ok', connectivityEvidence: [] } });
  // On this network TikTok's web host works: take the working result's observations for it.
  const works = run.results[0] as Result;
  run.results[1] = { ...works, input: 'https://www.tiktok.com/', host: 'www.tiktok.com' };
  return run;
}

test('targets × networks, with the targets where providers differ', () => {
  const { model, errors, duplicates } = mergeRuns([file('delta.json', sampleRun()), file('azercell.json', azercell())]);
  assert.deepEqual(errors, []);
  assert.deepEqual(duplicates, []);
  assert.deepEqual(model.networks.map((n) => [n.asn, n.name, n.runs]), [['AS29049', 'Delta Telecom', 1], ['AS31721', 'Azercell', 1]]);
  const tiktok = model.targets.find((t) => t.host === 'www.tiktok.com');
  assert.equal(tiktok?.cells.AS29049?.verdict, 'blocked');
  assert.deepEqual(tiktok?.cells.AS29049?.methods, ['tls.sni-drop']);
  assert.equal(tiktok?.cells.AS31721?.verdict, 'accessible');
  assert.equal(tiktok?.differ, true);
  assert.deepEqual(model.targets.filter((t) => t.differ).map((t) => t.host), ['www.tiktok.com']);
  assert.equal(model.networks[0]?.counts.blocked, 4);
  const table = renderMergeTable(model, 'en');
  assert.match(table, /www\.tiktok\.com\s+BLOCKED \(tls\.sni-drop\)\s+works\s+\* Networks differ/);
  assert.match(table, /Merged 2 runs from 2 networks: 7 sites and services, 1 where the networks differ/);
});

test('an identical run sent twice counts once, whatever its spacing', () => {
  const run = sampleRun();
  const { model, duplicates } = mergeRuns([file('a.json', run), { name: 'b.json', text: JSON.stringify(run) }]);
  assert.equal(model.runs.length, 1);
  assert.deepEqual(duplicates, [{ name: 'b.json', other: 'a.json' }]);
  assert.equal(model.duplicates, 1);
});

test('two runs on one network that disagree make a mixed cell, not a difference between networks', () => {
  const second = azercell();
  second.network = sampleRun().network;
  const { model } = mergeRuns([file('a.json', sampleRun()), file('b.json', second)]);
  const tiktok = model.targets.find((t) => t.host === 'www.tiktok.com');
  assert.equal(tiktok?.cells.AS29049?.verdict, 'mixed');
  assert.deepEqual([tiktok?.cells.AS29049?.statuses.blocked, tiktok?.cells.AS29049?.statuses.accessible], [1, 1]);
  assert.equal(tiktok?.differ, false);
  assert.equal(model.networks[0]?.runs, 2);
});

test('broken files and other schemas are named with the problem; the rest still merge', () => {
  const { model, errors } = mergeRuns([
    file('good.json', sampleRun()),
    { name: 'cut.json', text: serializeRun(sampleRun()).slice(0, 200) },
    { name: 'other.json', text: JSON.stringify({ schema: 'yoxla.run/2', results: [] }) },
    { name: 'list.txt', text: 'https://example.com/\n' },
  ]);
  assert.equal(model.runs.length, 1);
  assert.equal(model.skipped, 3);
  assert.deepEqual(errors.map((e) => e.name), ['cut.json', 'other.json', 'list.txt']);
  assert.match(errors[0]?.reason ?? '', /not valid JSON/);
  assert.match(errors[1]?.reason ?? '', /not a yoxla\.run\/1 file: schema/);
  for (const e of errors) assert.doesNotMatch(e.reason, /\n/);
});

test('the merged outputs carry no IP, no file names, no local names', () => {
  const withIp = sampleRun({ network: { ...sampleRun().network, ip: '198.51.100.7' } });
  const { model } = mergeRuns([file('/home/amina/runs/delta.json', withIp)], { identity: { hostname: 'amina-laptop', username: 'amina', homeDir: '/home/amina' } });
  const json = JSON.stringify(model);
  assert.doesNotMatch(json, /198\.51\.100\.7|amina|delta\.json/);
  const html = renderMergeHtml(model, { lang: 'az' });
  assertSelfContained(html);
  assert.doesNotMatch(html, /198\.51\.100\.7|amina/);
  assert.match(html, /Birləşdirilmiş senzura hesabatı/);
});
