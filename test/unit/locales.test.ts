// Every string a person reads exists in Azerbaijani and English, under the same keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', 'locales');

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

const files = (lang: string) => readdirSync(join(ROOT, lang)).filter((f) => f.endsWith('.json')).sort();

test('en and az have the same files', () => {
  assert.deepEqual(files('az'), files('en'));
  assert.ok(files('en').length > 0);
});

for (const file of files('en')) {
  test(`locales ${file}: same keys in en and az, no empty strings, no ASCII stand-ins`, () => {
    const en = JSON.parse(readFileSync(join(ROOT, 'en', file), 'utf8'));
    const az = JSON.parse(readFileSync(join(ROOT, 'az', file), 'utf8'));
    assert.deepEqual(keys(az).sort(), keys(en).sort());
    for (const [lang, tree] of [['en', en], ['az', az]] as const) {
      for (const key of keys(tree)) {
        const text = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], tree);
        assert.equal(typeof text, 'string', `${lang}:${key}`);
        assert.notEqual((text as string).trim(), '', `${lang}:${key} is empty`);
      }
    }
    // Azerbaijani text is written with its own letters: a file with none of them is suspect.
    assert.match(JSON.stringify(az), /[əğıöüçşƏĞİÖÜÇŞ]/);
  });
}
