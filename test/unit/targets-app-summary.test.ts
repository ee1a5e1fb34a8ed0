// Per-app summaries over endpoint verdicts: the rule, its properties, and its locale strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import i18next from 'i18next';
import { APP_SUMMARY_KEYS, appVerdict, summariseApps, type AppEndpointResult } from '../../main/analysis/app-summary.ts';
import { METHODS, STATUSES, type Method } from '../../main/contract/verdict.ts';

const r = (host: string, status: AppEndpointResult['status'], method: Method | null = null, app = 'tiktok'): AppEndpointResult => ({ host, app, status, method });

test('TikTok with 3 of 12 endpoints blocked by SNI drop is partly blocked', () => {
  const results = [
    ...['www.tiktok.com', 'm.tiktok.com', 'p16-sign-va.tiktokcdn.com'].map((h) => r(h, 'blocked', 'tls.sni-drop')),
    ...Array.from({ length: 9 }, (_, i) => r(`ok${i}.tiktokcdn.com`, 'accessible')),
  ];
  const [summary, ...rest] = summariseApps(results);
  assert.equal(rest.length, 0);
  assert.ok(summary);
  assert.equal(summary.verdict, 'partly-blocked');
  assert.equal(summary.summaryKey, 'apps.summary.partly-blocked');
  assert.deepEqual(summary.values, { app: 'tiktok', total: 12, blocked: 3, accessible: 9, unchecked: 0, method: 'tls.sni-drop' });
  assert.equal(summary.dominantMethod, 'tls.sni-drop');
  assert.equal(summary.methods['tls.sni-drop'], 3);
  assert.equal(summary.caveatKey, null);
  assert.deepEqual(summary.blockedHosts, ['m.tiktok.com', 'p16-sign-va.tiktokcdn.com', 'www.tiktok.com']);
});

test('the rule: blocked when every clear answer is blocked, works when none is, unknown when none is clear', () => {
  assert.equal(summariseApps([r('a', 'blocked', 'tcp.timeout'), r('b', 'blocked', 'tcp.timeout'), r('c', 'inconclusive')])[0]?.verdict, 'blocked');
  assert.equal(summariseApps([r('a', 'accessible'), r('b', 'down')])[0]?.verdict, 'works');
  assert.equal(summariseApps([r('a', 'inconclusive'), r('b', 'down')])[0]?.verdict, 'unknown');
  assert.equal(summariseApps([r('a', 'inconclusive')])[0]?.summaryKey, 'apps.summary.unknown');
  const blocked = summariseApps([r('a', 'blocked', 'tls.sni-reset'), r('b', 'down')])[0];
  assert.equal(blocked?.summaryKey, 'apps.summary.blocked');
  assert.equal(blocked?.caveatKey, 'apps.caveat.unchecked');
  assert.equal(blocked?.values.unchecked, 1);
  assert.equal(summariseApps([r('a', 'inconclusive')])[0]?.caveatKey, null);
});

test('the commonest method is named; a tie goes to the earlier method in METHODS', () => {
  const s = summariseApps([r('a', 'blocked', 'tcp.reset'), r('b', 'blocked', 'tls.sni-drop'), r('c', 'blocked', 'tls.sni-drop'), r('d', 'accessible')])[0];
  assert.equal(s?.dominantMethod, 'tls.sni-drop');
  assert.equal(s?.methods['tcp.reset'], 1);
  const tie = summariseApps([r('a', 'blocked', 'tls.sni-drop'), r('b', 'blocked', 'dns.nxdomain')])[0];
  assert.equal(tie?.dominantMethod, 'dns.nxdomain');
  const noMethod = summariseApps([r('a', 'blocked', null)])[0];
  assert.equal(noMethod?.dominantMethod, null);
  assert.equal(noMethod?.summaryKey, 'apps.summary.blocked-no-method');
  assert.equal('method' in (noMethod?.values ?? {}), false);
});

test('apps are summarised separately and sorted; results without an app are left out', () => {
  const out = summariseApps([r('e1.whatsapp.net', 'blocked', 'tcp.reset', 'whatsapp'), { host: 'meydan.tv', status: 'blocked', method: 'tls.sni-drop' }, r('www.tiktok.com', 'accessible')]);
  assert.deepEqual(out.map((s) => [s.app, s.verdict]), [['tiktok', 'works'], ['whatsapp', 'blocked']]);
  assert.deepEqual(summariseApps([]), []);
});

const resultArb = fc.record({
  host: fc.constantFrom('a.example', 'b.example', 'c.example', 'd.example'),
  app: fc.constantFrom('tiktok', 'whatsapp', 'telegram'),
  status: fc.constantFrom(...STATUSES),
  method: fc.constantFrom(...METHODS),
}).map(({ status, method, ...rest }): AppEndpointResult => ({ ...rest, status, method: status === 'blocked' ? method : null }));

test('property: counts add up to total, per app and overall; blocked methods add up to blocked', () => {
  fc.assert(
    fc.property(fc.array(resultArb, { maxLength: 60 }), (results) => {
      const summaries = summariseApps(results);
      assert.equal(summaries.reduce((n, s) => n + s.total, 0), results.length);
      for (const s of summaries) {
        assert.equal(s.blocked + s.accessible + s.down + s.inconclusive, s.total);
        assert.equal(Object.values(s.methods).reduce((a, b) => a + b, 0), s.blocked);
        assert.equal(s.values.unchecked, s.down + s.inconclusive);
        assert.equal(s.verdict, appVerdict(s));
        assert.equal(s.dominantMethod === null, s.blocked === 0);
        if (s.dominantMethod) for (const m of METHODS) assert.ok(s.methods[m] <= s.methods[s.dominantMethod]);
      }
    }),
  );
});

test('property: the order of results does not change the summary', () => {
  fc.assert(
    fc.property(
      fc.array(resultArb, { maxLength: 40 }).chain((results) => fc.tuple(fc.constant(results), fc.shuffledSubarray(results, { minLength: results.length, maxLength: results.length }))),
      ([results, shuffled]) => {
        assert.deepEqual(summariseApps(shuffled), summariseApps(results));
      },
    ),
  );
});

test('property: verdicts follow the rule', () => {
  fc.assert(
    fc.property(fc.nat(20), fc.nat(20), (blocked, accessible) => {
      const v = appVerdict({ blocked, accessible });
      if (blocked + accessible === 0) assert.equal(v, 'unknown');
      else if (accessible === 0) assert.equal(v, 'blocked');
      else if (blocked === 0) assert.equal(v, 'works');
      else assert.equal(v, 'partly-blocked');
    }),
  );
});

type Tree = { [key: string]: string | Tree };
const load = (lang: string, file: string): Tree => JSON.parse(readFileSync(`locales/${lang}/${file}.json`, 'utf8')) as Tree;

test('every summary key exists in en and az, and the strings read well', async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
    resources: Object.fromEntries(['en', 'az'].map((lang) => [lang, { translation: { ...load(lang, 'verdict'), ...load(lang, 'apps') } }])),
  });
  for (const lng of ['en', 'az']) {
    for (const key of APP_SUMMARY_KEYS) assert.ok(i18n.exists(key, { lng, fallbackLng: false }), `${lng}: ${key}`);
  }
  const summary = summariseApps([
    ...['a', 'b', 'c'].map((h) => r(h, 'blocked', 'tls.sni-drop')),
    ...Array.from({ length: 9 }, (_, i) => r(`ok${i}`, 'accessible')),
  ])[0]!;
  const en = i18n.t(summary.summaryKey, { ...summary.values, lng: 'en' });
  assert.match(en, /^TikTok may only partly work: .* Blocked addresses: 3 of 12\. How: TLS SNI filtering \(dropped\)\.$/);
  const az = i18n.t(summary.summaryKey, { ...summary.values, lng: 'az' });
  assert.match(az, /^TikTok qismən işləyə bilər: .* Bloklanan ünvanlar: 3, cəmi: 12\. Üsul: Sayt adına görə filtrləmə \(SNI, bağlantı dayandırılır\)\.$/);
  assert.doesNotMatch(en + az, /\{\{|\$t\(/);
  // An app with no display name shows its id rather than a key.
  assert.match(i18n.t('apps.summary.works', { app: 'my-app', total: 2, lng: 'az' }), /^my-app işləməlidir/);
  assert.match(i18n.t('apps.summary.works', { app: 'x-twitter', total: 2, lng: 'en' }), /^X \(Twitter\) should work/);
});
