import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { EXPLANATION_KEYS, methodShortKey } from '../../main/analysis/keys.ts';
import { METHODS } from '../../main/contract/verdict.ts';

type Tree = { [key: string]: string | Tree };
const load = (lang: string): Tree => JSON.parse(readFileSync(`locales/${lang}/verdict.json`, 'utf8')) as Tree;
const en = load('en');
const az = load('az');

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(path, v);
    else for (const [p, s] of leaves(v, path)) out.set(p, s);
  }
  return out;
}

const FIELDS = ['title', 'what', 'means', 'advice'];

test('en and az verdict.json have exactly the same keys', () => {
  assert.deepEqual([...leaves(az).keys()].sort(), [...leaves(en).keys()].sort());
});

test('every explanationKey the analysis can emit, and every method short name, exists in both', () => {
  for (const [lang, tree] of [['en', en], ['az', az]] as const) {
    const flat = leaves(tree);
    for (const key of EXPLANATION_KEYS) {
      for (const field of FIELDS) assert.ok((flat.get(`${key}.${field}`) ?? '').trim().length > 0, `${lang}: ${key}.${field}`);
    }
    for (const method of METHODS) assert.ok((flat.get(methodShortKey(method)) ?? '').trim().length > 0, `${lang}: ${methodShortKey(method)}`);
  }
});

test("no stray keys: every verdict entry is one the analysis emits", () => {
  const expected = new Set([...EXPLANATION_KEYS.flatMap((k) => FIELDS.map((f) => `${k}.${f}`)), ...METHODS.map(methodShortKey)]);
  assert.deepEqual([...leaves(en).keys()].filter((k) => !expected.has(k)), []);
});

test("i18next's default separator resolves the dotted keys", async () => {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'az', resources: { en: { translation: en }, az: { translation: az } }, initImmediate: false, showSupportNotice: false });
  assert.equal(i18n.t('verdict.blocked.tls.sni-drop.title'), 'Bloklanıb: saytın adına görə dayandırılır');
  assert.equal(i18n.t('verdict.inconclusive.captive-portal.title', { lng: 'en' }), 'Wi-Fi login page');
  assert.equal(i18n.t('method.throttled.short'), 'Sürətin məhdudlaşdırılması');
});

test('the Azerbaijani is translated and written with Azerbaijani letters', () => {
  const e = leaves(en);
  const a = leaves(az);
  for (const [key, text] of a) {
    if (key.endsWith('.short') && /^(DNS|HTTP)/.test(text)) continue;
    assert.notEqual(text, e.get(key), `${key} is not translated`);
  }
  const all = [...a.values()].join(' ');
  assert.ok(/[əğıöüçş]/.test(all), 'uses ə ğ ı ö ü ç ş');
  // Polite "siz" forms, never the familiar "sən" (JS \b is ASCII-only, so split into words).
  const words = new Set(all.toLocaleLowerCase('az').split(/[^\p{L}]+/u));
  for (const familiar of ['sən', 'sənin', 'səni', 'sənə']) assert.ok(!words.has(familiar), familiar);
});
