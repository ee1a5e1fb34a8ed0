// The summary-only report (Export > Summary only): the answer and the tables, without each site's
// evidence and the methodology, so a 100-site PDF is a few pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../../main/report/html.ts';
import { translator } from '../../main/i18n.ts';
import { sampleRun } from '../support/report-fixtures.ts';
import { esc } from '../../main/report/format.ts';

test('summary only: facts and the answer, no evidence cards, no methodology; the full report has both', () => {
  const run = sampleRun();
  const t = translator('en');
  const full = renderHtml(run, { lang: 'en', runSha256: 'a'.repeat(64), generatedAt: '2026-01-01T00:00:00Z' });
  const short = renderHtml(run, { lang: 'en', runSha256: 'a'.repeat(64), generatedAt: '2026-01-01T00:00:00Z', summaryOnly: true });
  for (const html of [full, short]) assert.ok(html.includes('<dl class="facts">'));
  assert.ok(full.includes('id="evidence"') && full.includes('id="method"'));
  assert.ok(!short.includes('id="evidence"') && !short.includes('id="method"'));
  assert.ok(short.includes(esc(t('app.glance.summaryOnlyNote'))));
  assert.ok(short.length < full.length);
});
