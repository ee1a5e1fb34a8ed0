// What produced the evidence: main/version.ts is the one source of the app's version, the engine's
// version and the bundled target lists' dates; a run made now records all three, and the HTML
// report and the OONI export name them (or say that an older run did not record them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunSchema } from '../../main/contract/run.ts';
import { renderHtml } from '../../main/report/html.ts';
import { webConnectivityMeasurement } from '../../main/report/ooni-export.ts';
import { mergeRuns } from '../../main/report/merge.ts';
import { renderMergeHtml } from '../../main/report/merge-html.ts';
import { serializeRun } from '../../main/report/index.ts';
import { CATALOG_NAMES, CatalogSchema } from '../../main/targets/catalog.ts';
import { translator } from '../../main/i18n.ts';
import { ENGINE_VERSION, SOFTWARE_VERSION, softwareInfo, targetListDates } from '../../main/version.ts';
import { sampleRun } from '../support/report-fixtures.ts';

const ROOT = join(import.meta.dirname, '..', '..');

test('the versions: the app is package.json\'s, the engine is semantic, every bundled list has a review date', () => {
  assert.equal(SOFTWARE_VERSION, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  assert.match(ENGINE_VERSION, /^\d+\.\d+\.\d+$/);
  const dates = targetListDates();
  assert.deepEqual(Object.keys(dates).sort(), [...CATALOG_NAMES].sort());
  for (const [list, date] of Object.entries(dates)) {
    assert.match(date, /^\d{4}-\d{2}-\d{2}$/, list);
    assert.ok(Date.parse(`${date}T00:00:00Z`) <= Date.now(), `${list}: reviewed in the future (${date})`);
  }
  // A list without a date does not load.
  const tiktok = JSON.parse(readFileSync(join(ROOT, 'main', 'targets', 'data', 'tiktok.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(CatalogSchema.safeParse({ ...tiktok, updated: undefined }).success, false);
  assert.equal(CatalogSchema.safeParse({ ...tiktok, updated: '23.11.2026' }).success, false);
});

test('a run records what made it, and the run file keeps it through validation', () => {
  const run = sampleRun({ software: softwareInfo() });
  const parsed = RunSchema.parse(JSON.parse(JSON.stringify(run)));
  assert.deepEqual(parsed.software, { name: 'yoxla', version: SOFTWARE_VERSION, engine: ENGINE_VERSION, targetLists: targetListDates() });
  // Older run files (version only) still load.
  assert.deepEqual(RunSchema.parse(sampleRun()).software, { name: 'yoxla', version: '0.1.0' });
});

test('the HTML report names the engine and the lists the run was made with, in both languages', () => {
  const lists = { tiktok: '2026-11-23', news: '2026-10-01' };
  const run = sampleRun({ software: { name: 'yoxla', version: '0.0.9', engine: '0.9.0', targetLists: lists } });
  for (const lang of ['en', 'az'] as const) {
    const t = translator(lang);
    const html = renderHtml(run, { lang, runSha256: 'ab'.repeat(32), generatedAt: '2026-11-24T10:00:00.000Z' });
    assert.ok(html.includes(t('report.footer.engineVersions', { measured: '0.9.0', analysis: ENGINE_VERSION })), lang);
    assert.ok(html.includes(`<dt>${t('report.footer.targetLists')}</dt><dd>tiktok 2026-11-23, news 2026-10-01</dd>`), lang);
    const old = renderHtml(sampleRun(), { lang, runSha256: 'ab'.repeat(32), generatedAt: '2026-11-24T10:00:00.000Z' });
    assert.ok(old.includes(t('report.footer.engineVersions', { measured: '?', analysis: ENGINE_VERSION })), lang);
    assert.ok(old.includes(`<dd>${t('report.footer.notRecorded')}</dd>`), lang);
  }
});

test('the OONI export carries the engine version and the lists\' dates as annotations', () => {
  const run = sampleRun({ software: softwareInfo() });
  const m = webConnectivityMeasurement(run, run.results[0]!);
  assert.equal(m.software_version, SOFTWARE_VERSION);
  assert.equal(m.annotations.yoxla_engine_version, ENGINE_VERSION);
  assert.equal(m.annotations.yoxla_target_lists, Object.entries(targetListDates()).map(([l, d]) => `${l}:${d}`).join(','));
  const oldRun = sampleRun();
  const old = webConnectivityMeasurement(oldRun, oldRun.results[0]!);
  assert.equal(old.annotations.yoxla_engine_version, undefined, 'nothing invented for a run that did not record it');
});

test('the merged report names what made each participant\'s run', () => {
  const made = sampleRun({ software: { name: 'yoxla', version: '0.0.9', engine: '0.0.7', targetLists: { tiktok: '2026-11-23' } } });
  const old = sampleRun({ startedAt: '2026-11-23T12:00:00.000Z', network: { ...made.network, asn: 'AS31721', name: 'Azercell' } });
  const { model } = mergeRuns([{ name: 'a.json', text: serializeRun(made) }, { name: 'b.json', text: serializeRun(old) }]);
  const t = translator('en');
  const html = renderMergeHtml(model, { lang: 'en', generatedAt: '2026-11-24T10:00:00.000Z' });
  assert.ok(html.includes(t('report.footer.engineVersions', { measured: '0.0.7', analysis: ENGINE_VERSION })), 'run 1: its engine');
  assert.ok(html.includes('<dd>tiktok 2026-11-23</dd>'), 'run 1: its list');
  assert.ok(html.includes(t('report.footer.engineVersions', { measured: '?', analysis: ENGINE_VERSION })), 'run 2: not recorded');
  assert.ok(html.includes(`<dd>${t('report.footer.notRecorded')}</dd>`));
});
