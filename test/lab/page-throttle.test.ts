// A throttled target named by its own large file, with no asset and no reference URL: the page's
// bytes crawl, and the run's other pages on the same path are the reference (production's case:
// `yoxla check` knows no speed-test server). Slowness alone, or a slow site, is never "throttled".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLabScenario } from '../../main/lab/run-lab.ts';
import type { Target } from '../../main/contract/run.ts';
import { scenario } from './lab-support.ts';

const VIDEO = 'video.cdn.example';
const OTHER_VIDEO = 'other-video.cdn.example';
const PAGES = ['www.bbc.com', 'www.wikipedia.org'];

/** The inputs a person would list: the video file itself, and ordinary pages. */
function targets(): Target[] {
  return [
    { input: `https://${VIDEO}/large`, host: VIDEO, kind: 'web', set: 'custom' },
    { input: `https://${OTHER_VIDEO}/large`, host: OTHER_VIDEO, kind: 'web', set: 'custom' },
    ...PAGES.map((host) => ({ input: `https://${host}/`, host, kind: 'web' as const, set: 'custom' })),
  ];
}

const sites = Object.fromEntries([...[VIDEO, OTHER_VIDEO].map((h) => [h, { bytes: 3_000_000 }]), ...PAGES.map((h) => [h, {}])]);

test('a large file held to 128 kbit/s is throttled, judged against the other pages of the run', async () => {
  const run = await runLabScenario(
    scenario({ network: { rttMs: 20 }, sites, censor: [{ host: VIDEO, at: 'throughput', kbps: 128 }] }),
    { targets: targets() },
  );
  const video = run.results.find((r) => r.host === VIDEO);
  assert.equal(video?.status, 'blocked', JSON.stringify(video?.evidence));
  assert.equal(video?.method, 'throttled');
  assert.ok(video?.evidence.notes.includes('page-transfer-slow'));
  assert.ok((video?.evidence.throughputRatio ?? 1) < 0.25);
  // The reference is another site's page, measured on the same path in the same run.
  const reference = video?.observations.find((o) => o.step === 'throughput' && o.role === 'control');
  assert.ok(reference && reference.step === 'throughput' && new URL(reference.url).hostname !== VIDEO, JSON.stringify(reference));
  for (const r of run.results.filter((x) => x.host !== VIDEO)) assert.notEqual(r.status, 'blocked', `${r.host}: ${r.method}`);
});

test('the same files on a slow path with nothing throttled: no site is called throttled', async () => {
  const run = await runLabScenario(scenario({ network: { rttMs: 400 }, sites }), { targets: targets() });
  for (const r of run.results) assert.notEqual(r.status, 'blocked', `${r.host}: ${r.method} ${JSON.stringify(r.evidence)}`);
});

test('a throttled file with no other page in the run stays unexplained, and says why', async () => {
  const run = await runLabScenario(
    scenario({ network: { rttMs: 20 }, sites: { [VIDEO]: { bytes: 3_000_000 } }, censor: [{ host: VIDEO, at: 'throughput', kbps: 128 }] }),
    { targets: [targets()[0] as Target] },
  );
  const video = run.results[0];
  assert.equal(video?.status, 'inconclusive', JSON.stringify(video?.evidence));
  assert.ok(video?.evidence.notes.includes('page-slow-no-reference'));
});
