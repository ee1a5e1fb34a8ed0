// Settings > About this version, in Debian's Chromium: the page shows what made this build (the
// app's and the engine's versions, each bundled list's date) from `window.yoxla.build`, in both
// languages, with no accessibility violation. (Outside the app, with no build given, the section is
// absent: buildInfo() in renderer/bridge.ts checks the value against the contract first.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { HARNESS_BUILD, chromiumMissing, startRendererHarness } from '../support/bridge-harness.ts';
import { translator } from '../../main/i18n.ts';
import { ENGINE_VERSION, SOFTWARE_VERSION } from '../../main/version.ts';

const skip = chromiumMissing() ?? false;

for (const locale of ['az-AZ', 'en-US'] as const) {
  test(`${locale}: the settings screen names the app, engine and target lists`, { skip }, async () => {
    const t = translator(locale === 'az-AZ' ? 'az' : 'en');
    const h = await startRendererHarness({ locale, settings: { consentAccepted: true, consentVersion: 1 } });
    try {
      h.page.setDefaultTimeout(120_000);
      await h.page.getByRole('button', { name: t('app.nav.settings'), exact: true }).click();
      const section = h.page.getByRole('region', { name: t('app.settings.build.heading') });
      await section.waitFor();
      const text = await section.innerText();
      assert.ok(text.includes(SOFTWARE_VERSION) && text.includes(ENGINE_VERSION), text);
      for (const [list, date] of Object.entries(HARNESS_BUILD.targetLists)) assert.ok(text.includes(t('app.settings.build.list', { list, date })), `${list} in ${text}`);
      assert.ok(!text.includes(t('app.settings.build.electron')), 'no Electron line outside Electron');
      const axe = await new AxeBuilder({ page: h.page }).include('.build-info').analyze();
      assert.deepEqual(axe.violations.map((v) => v.id), []);
    } finally {
      await h.close();
    }
  });
}
