// Accessibility in Debian's Chromium: axe-core reports no violation on any screen, in Azerbaijani
// and in English, with every disclosure open; the app works by keyboard alone, and focus moves to
// the new screen's heading when the screen changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { TFunction } from 'i18next';
import { chromiumMissing, startRendererHarness, type RendererHarness } from '../support/bridge-harness.ts';
import { translator } from '../../main/i18n.ts';

const skip = chromiumMissing() ?? false;
if (skip) console.log(`# renderer accessibility tests skipped: ${skip}`);

/** Slow enough (long round trip, many sites) to look at the progress screen while it runs. */
const SLOW_SCENARIO = JSON.stringify({
  schema: 'yoxla.lab/1',
  name: 'slow-for-axe',
  network: { rttMs: 300, state: 'ok', asn: 'AS29049', cc: 'AZ' },
  sites: Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`site${i + 1}.example.az`, {}])),
  censor: [{ host: 'site1.example.az', at: 'sni', do: 'drop' }],
});

async function withApp(locale: 'en-US' | 'az-AZ', fn: (h: RendererHarness, t: TFunction) => Promise<void>): Promise<void> {
  const h = await startRendererHarness({ locale });
  h.page.setDefaultTimeout(120_000);
  await h.page.setViewportSize({ width: 1024, height: 700 });
  try {
    await fn(h, translator(locale === 'az-AZ' ? 'az' : 'en'));
  } finally {
    await h.close();
  }
}

const heading = (h: RendererHarness, name: string) => h.page.getByRole('heading', { level: 1, name, exact: true });
const button = (h: RendererHarness, name: string) => h.page.getByRole('button', { name, exact: true });

/** Every violation axe finds on the page as it is now, with disclosures opened so their content is checked too. */
async function violations(h: RendererHarness): Promise<string[]> {
  await h.page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  const results = await new AxeBuilder({ page: h.page }).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

async function checkScreen(h: RendererHarness, screen: string, seen: string[]): Promise<void> {
  seen.push(screen);
  assert.deepEqual(await violations(h), [], `axe on the ${screen} screen`);
}

async function finishRun(h: RendererHarness, before: number): Promise<void> {
  const done = await h.waitForEvent((e) => h.events.indexOf(e) >= before && (e.type === 'finished' || e.type === 'failed'));
  assert.equal(done.type, 'finished', JSON.stringify(done));
}

for (const locale of ['az-AZ', 'en-US'] as const) {
  test(`${locale}: axe finds no violation on any screen`, { skip }, async () => {
    await withApp(locale, async (h, t) => {
      const { page } = h;
      const seen: string[] = [];
      await heading(h, t('app.consent.title')).waitFor();
      await checkScreen(h, 'consent', seen);
      await button(h, t('app.consent.accept')).click();

      await heading(h, t('app.choose.title')).waitFor();
      await checkScreen(h, 'choose', seen);

      await button(h, t('app.nav.settings')).click();
      await heading(h, t('app.settings.title')).waitFor();
      await page.getByLabel(t('app.settings.trainerMode.label'), { exact: true }).check();
      await checkScreen(h, 'settings (trainer mode: large text)', seen);
      await button(h, t('app.settings.readConsent')).click();
      await heading(h, t('app.consent.title')).waitFor();
      await checkScreen(h, 'consent, read again', seen);

      await button(h, t('app.nav.trainer')).click();
      await heading(h, t('app.trainer.title')).waitFor();
      await page.locator('li.scenario').first().waitFor();
      await checkScreen(h, 'trainer', seen);

      // Progress, while a run goes on; stopped, it shows what finished.
      await page.getByLabel(t('app.trainer.loadLabel'), { exact: true }).setInputFiles({ name: 'slow.json', mimeType: 'application/json', buffer: Buffer.from(SLOW_SCENARIO) });
      let before = h.events.length;
      await button(h, t('app.trainer.runLabel', { name: 'slow-for-axe' })).click();
      await heading(h, t('app.progress.title')).waitFor();
      await h.waitForEvent((e) => h.events.indexOf(e) >= before && e.type === 'target-done');
      await h.flushEvents();
      await checkScreen(h, 'progress', seen);
      await button(h, t('app.progress.cancel')).click();
      await finishRun(h, before);
      await heading(h, t('app.results.title')).waitFor();
      await checkScreen(h, 'results of a stopped run', seen);

      await button(h, t('app.nav.trainer')).click();
      before = h.events.length;
      await button(h, t('app.trainer.runLabel', { name: 'az-2022-tiktok' })).click();
      await finishRun(h, before);
      await heading(h, t('app.results.title')).waitFor();
      await checkScreen(h, 'results', seen);

      await button(h, t('app.nav.history')).click();
      await heading(h, t('app.history.title')).waitFor();
      const rows = page.locator('table.history tbody tr');
      await rows.nth(1).waitFor();
      assert.equal(await rows.count(), 2);
      for (const row of await rows.all()) await row.locator('input[type="checkbox"]').check();
      await checkScreen(h, 'history', seen);
      await rows.first().locator('button', { hasText: t('app.history.delete') }).click();
      await checkScreen(h, 'history, confirming a deletion', seen);
      await rows.first().locator('button', { hasText: t('app.history.deleteNo') }).click();
      await button(h, t('app.history.compare', { count: 2 })).click();
      await heading(h, t('app.compare.title')).waitFor();
      await page.locator('table.comparison').waitFor();
      await checkScreen(h, 'compare', seen);

      await button(h, t('app.nav.ooni')).click();
      await heading(h, t('app.ooni.title')).waitFor();
      await checkScreen(h, 'OONI measurement', seen);
      // An error value, shown as such.
      await page.getByLabel(t('app.ooni.fileLabel'), { exact: true }).setInputFiles({ name: 'not-ooni.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
      await page.locator('.notice-problem').waitFor();
      await checkScreen(h, 'OONI measurement, with an error', seen);

      await button(h, t('app.nav.vpn')).click();
      await heading(h, t('app.vpn.title')).waitFor();
      await button(h, t('app.vpn.step1.start')).waitFor();
      await checkScreen(h, 'VPN, step 1', seen);
      before = h.events.length;
      await button(h, t('app.vpn.step1.start')).click();
      await finishRun(h, before);
      await button(h, t('app.vpn.step2.start')).waitFor();
      await checkScreen(h, 'VPN, step 2', seen);
      h.setVpn('on');
      before = h.events.length;
      await button(h, t('app.vpn.step2.start')).click();
      await finishRun(h, before);
      await button(h, t('app.vpn.wireguard.generate')).click();
      await page.locator('.wireguard pre').first().waitFor();
      await checkScreen(h, 'VPN comparison and split tunnelling', seen);

      assert.equal(seen.length, 16);
    });
  });
}

/** Presses Tab until the focused element's accessible text is `name`; fails after `max` presses. */
async function tabTo(h: RendererHarness, name: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    await h.page.keyboard.press('Tab');
    const focused = await h.page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const label = (el as HTMLInputElement | null)?.labels?.[0]?.innerText;
      return el ? (el.getAttribute('aria-label') ?? label ?? el.innerText ?? '').trim() : '';
    });
    if (focused === name) return;
  }
  assert.fail(`"${name}" is not reachable with Tab`);
}

const focusedHeading = (h: RendererHarness) => h.page.evaluate(() => (document.activeElement?.tagName === 'H1' ? (document.activeElement as HTMLElement).innerText : null));

test('by keyboard alone: consent, a check, its results; focus lands on each new screen heading', { skip }, async () => {
  await withApp('en-US', async (h, t) => {
    const { page } = h;
    await heading(h, t('app.consent.title')).waitFor();
    // The skip link comes first.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).innerText), t('app.skipToContent'));
    await tabTo(h, t('app.consent.accept'));
    await page.keyboard.press('Enter');
    await heading(h, t('app.choose.title')).waitFor();
    assert.equal(await focusedHeading(h), t('app.choose.title'));
    // Checkboxes by Space: add the news list to TikTok, then take it off again.
    await tabTo(h, t('app.choose.sets.news.label'));
    await page.keyboard.press('Space');
    assert.equal(await page.getByLabel(t('app.choose.sets.news.label'), { exact: true }).isChecked(), true);
    await page.keyboard.press('Space');
    await tabTo(h, t('app.choose.start'));
    const before = h.events.length;
    await page.keyboard.press('Enter');
    await heading(h, t('app.progress.title')).waitFor();
    assert.equal(await focusedHeading(h), t('app.progress.title'));
    await finishRun(h, before);
    await heading(h, t('app.results.title')).waitFor();
    assert.equal(await focusedHeading(h), t('app.results.title'));
    // The evidence opens from the keyboard too: the card's technical part, then one address.
    const card = page.locator('article.card', { has: page.locator('ul.hosts li[data-host="www.tiktok.com"]') });
    await card.locator('details.hosts-box > summary').focus();
    await page.keyboard.press('Enter');
    const input = await card.locator('details.technical[data-host="www.tiktok.com"] > summary').first().innerText();
    await tabTo(h, input);
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('details.technical[data-host="www.tiktok.com"]').first().evaluate((d) => (d as HTMLDetailsElement).open), true);
  });
});
