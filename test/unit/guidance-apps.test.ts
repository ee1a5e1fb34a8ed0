// Which app a host belongs to, for results without an `app`: checked against the bundled target
// sets, so the small table in main/guidance/apps.ts cannot drift from the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appForHost, appSummaries, APPS_WITH_IMPACT } from '../../main/guidance/apps.ts';
import { CATALOG_NAMES, loadCatalog } from '../../main/targets/catalog.ts';
import { translator } from '../../main/i18n.ts';

function hostOf(url: string): string | null {
  try {
    return new URL(url.replace(/^tcpconnect:/, 'http:')).hostname;
  } catch {
    return null;
  }
}

test('every host the bundled sets tag with an app maps to that app, or to none', () => {
  let named = 0;
  for (const name of CATALOG_NAMES) {
    for (const entry of loadCatalog(name).entries) {
      const host = entry.app ? (entry.host ?? hostOf(entry.url ?? '')) : null;
      if (!entry.app || !host) continue;
      const app = appForHost(host);
      if (app !== null) {
        named += 1;
        assert.equal(app, entry.app, `${host} is ${entry.app} in ${name}, not ${app}`);
      }
    }
  }
  assert.ok(named >= 40, `only ${named} bundled hosts named`);
});

test('subdomains and the lab scenario hosts are named; unrelated hosts and look-alikes are not', () => {
  assert.equal(appForHost('www.tiktok.com'), 'tiktok');
  assert.equal(appForHost('mon-va.byteoversea.com'), 'tiktok');
  assert.equal(appForHost('P16-SIGN-VA.TIKTOKCDN.COM.'), 'tiktok');
  assert.equal(appForHost('web.whatsapp.com'), 'whatsapp');
  assert.equal(appForHost('www.bbc.com'), null);
  assert.equal(appForHost('nottiktok.com'), null);
  assert.equal(appForHost('tiktok.com.evil.example'), null);
  // facebook.com serves Facebook and Messenger: ambiguous, so not guessed.
  assert.equal(appForHost('www.facebook.com'), null);
});

test('per-app summaries name the app of a lab run that carries no app field', () => {
  const summaries = appSummaries([
    { host: 'www.tiktok.com', status: 'blocked', method: 'tls.sni-drop' },
    { host: 'p16-sign-va.tiktokcdn.com', status: 'accessible', method: null },
    { host: 'www.bbc.com', status: 'accessible', method: null },
  ]);
  assert.equal(summaries.length, 1);
  assert.equal(summaries[0]?.app, 'tiktok');
  assert.equal(summaries[0]?.verdict, 'partly-blocked');
  assert.equal(summaries[0]?.dominantMethod, 'tls.sni-drop');
});

test('each app with an impact sentence has it in both languages', () => {
  for (const lang of ['en', 'az'] as const)
    for (const app of APPS_WITH_IMPACT) assert.notEqual(translator(lang)(`app.impact.${app}`), `app.impact.${app}`, `${lang} ${app}`);
});
