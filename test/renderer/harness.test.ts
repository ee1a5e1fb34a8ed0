// The renderer harness itself (test/support/bridge-harness.ts), on a tiny page of its own: the page
// loads under the app's CSP, `window.yoxla.invoke` reaches the real service, and a real lab run's
// progress events reach the page in order. The app's screens are tested by the renderer's tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumMissing, startRendererHarness, type RendererHarness } from '../support/bridge-harness.ts';
import { PACKAGE_ROOT } from '../../main/paths.ts';

const skip = chromiumMissing() ?? false;

/** Two sites, no added RTT: one blocked by SNI, one fine. */
const SCENARIO = JSON.stringify({
  schema: 'yoxla.lab/1',
  name: 'harness-smoke',
  network: { asn: 'AS29049', cc: 'AZ' },
  sites: { 'www.tiktok.com': {}, 'www.bbc.com': {} },
  censor: [{ host: 'tiktok.com', subdomains: true, at: 'sni', do: 'drop' }],
});

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>harness page</title>
<script>window.inlineRan = true;</script>
<script type="module" src="/app.js"></script></head>
<body><pre id="settings"></pre><ol id="events"></ol></body></html>`;

const APP = `
window.received = [];
window.yoxla.onProgress((event) => {
  window.received.push(event);
  const li = document.createElement('li');
  li.textContent = event.type;
  document.getElementById('events').append(li);
});
window.yoxla.invoke('settings:get').then((answer) => {
  document.getElementById('settings').textContent = JSON.stringify(answer);
});
`;

async function withTinyPage<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'yoxla-tiny-page-'));
  try {
    await writeFile(join(dir, 'index.html'), PAGE);
    await writeFile(join(dir, 'app.js'), APP);
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function withHarness(options: Parameters<typeof startRendererHarness>[0], fn: (h: RendererHarness) => Promise<void>): Promise<void> {
  const h = await startRendererHarness(options);
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

test('the page loads under the CSP and window.yoxla.invoke answers from the service', { skip }, async () => {
  await withTinyPage((dir) =>
    withHarness({ rendererDist: dir, locale: 'az-AZ' }, async (h) => {
      const { page } = h;
      assert.equal(await page.title(), 'harness page');
      await page.waitForFunction(() => document.getElementById('settings')?.textContent !== '');
      const answer = JSON.parse((await page.textContent('#settings')) ?? 'null');
      assert.equal(answer.ok, true);
      assert.equal(answer.value.consentAccepted, false);
      // The CSP the app uses: no inline script ran.
      assert.equal(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan ?? false), false);
      assert.deepEqual(await page.evaluate(() => window.yoxla!.systemLanguages[0]), 'az-AZ');
      // Errors come back as values, never as exceptions in the page.
      const bad = await page.evaluate(() => window.yoxla!.invoke('history:open' as never, { historyId: '../etc/passwd' } as never));
      assert.equal(bad.ok, false);
      assert.equal(!bad.ok && bad.error.code, 'bad-request');
      // The bridge object cannot be replaced by a script in the page.
      assert.equal(await page.evaluate(() => Object.getOwnPropertyDescriptor(window, 'yoxla')?.writable), false);
    }),
  );
});

test('a lab run started from the page sends started … finished to the page, in order', { skip }, async () => {
  await withTinyPage((dir) =>
    withHarness({ rendererDist: dir, settings: { consentAccepted: true } }, async (h) => {
      const { page } = h;
      const start = await page.evaluate((scenarioText) => window.yoxla!.invoke('run:start', { mode: 'lab', scenarioText }), SCENARIO);
      assert.equal(start.ok, true, JSON.stringify(start));
      const finished = await h.waitForEvent((e) => e.type === 'finished' || e.type === 'failed');
      assert.equal(finished.type, 'finished');
      await h.flushEvents();
      const received = await page.evaluate(() => (window as unknown as { received: { type: string; runId: string }[] }).received);
      const types = received.map((e) => e.type);
      assert.equal(types[0], 'started');
      assert.equal(types[1], 'connectivity');
      assert.equal(types.at(-1), 'finished');
      assert.equal(types.filter((t) => t === 'target-done').length, 2);
      assert.deepEqual(types, h.events.map((e) => e.type));
      assert.ok(received.every((e) => start.ok && e.runId === start.value.runId));
      const list = await page.evaluate(() => window.yoxla!.invoke('history:list', undefined));
      assert.ok(list.ok && list.value.length === 1 && list.value[0]?.counts.blocked === 1 && list.value[0]?.counts.accessible === 1, JSON.stringify(list));
    }),
  );
});

const viteConfig = join(PACKAGE_ROOT, 'vite.config.ts');
const noRenderer = existsSync(viteConfig) || process.env.YOXLA_RENDERER_DIST ? false : `no renderer yet (${viteConfig} is missing)`;

test('the real renderer builds with Vite, loads with no CSP violation and finds window.yoxla', { skip: skip || noRenderer }, async () => {
  await withHarness({}, async (h) => {
    const violations: string[] = [];
    h.page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await h.page.reload({ waitUntil: 'load' });
    assert.equal(await h.page.evaluate(() => typeof window.yoxla?.invoke), 'function');
    await h.page.waitForFunction(() => (document.body.textContent ?? '').trim().length > 0);
    assert.deepEqual(violations, []);
  });
});
