// The renderer bundle leaves out locale text it never shows (scripts/renderer-locales.ts, bundled by
// vite.config.ts). This checks the renderer's code (and the shared code it imports) names none of
// it, so a screen can never show a bare key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOT_IN_RENDERER } from '../../scripts/renderer-locales.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DIRS = ['renderer', join('main', 'guidance'), join('main', 'analysis'), join('main', 'contract')];

const code = DIRS.flatMap((dir) =>
  readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8')),
).join('\n');

function namespaceOf(file: string): string {
  const tree = JSON.parse(readFileSync(join(ROOT, 'locales', 'en', file), 'utf8')) as Record<string, unknown>;
  const [namespace] = Object.keys(tree);
  assert.ok(namespace, file);
  return namespace;
}

test('the renderer names no locale key that its bundle leaves out', () => {
  assert.ok(code.includes("t('app.glance.heading')"), 'the check reads the renderer');
  for (const [file, drop] of Object.entries(NOT_IN_RENDERER)) {
    const namespace = namespaceOf(file);
    const prefixes = drop === 'all' ? [`${namespace}.`] : drop.map((key) => `${namespace}.${key}`);
    for (const prefix of prefixes) {
      const used = new RegExp(`['"\`$(]${prefix.replaceAll('.', '\\.')}[.'"\`$]`).test(code) || (drop === 'all' && new RegExp(`['"\`]${namespace}\\.`).test(code));
      assert.equal(used, false, `${prefix} is left out of the renderer bundle but its code names it`);
    }
  }
});

test('every key the renderer bundle leaves out exists, and only it is left out', async () => {
  const { pruneForRenderer } = await import('../../scripts/renderer-locales.ts');
  const leaves = (tree: unknown, path = ''): string[] =>
    typeof tree === 'object' && tree !== null ? Object.entries(tree).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k)) : [path];
  for (const [file, drop] of Object.entries(NOT_IN_RENDERER)) {
    if (drop === 'all') continue;
    for (const lang of ['en', 'az']) {
      const read = () => JSON.parse(readFileSync(join(ROOT, 'locales', lang, file), 'utf8')) as Record<string, unknown>;
      const before = leaves(read());
      const after = new Set(leaves(pruneForRenderer(file, read())));
      const gone = before.filter((leaf) => !after.has(leaf));
      for (const key of drop) {
        const prefix = `${namespaceOf(file)}.${key}`;
        assert.ok(gone.some((leaf) => leaf === prefix || leaf.startsWith(`${prefix}.`) || leaf.replace(/_(zero|one|two|few|many|other)$/, '') === prefix), `${lang}/${file}: ${key} names nothing`);
      }
      for (const leaf of gone) {
        const named = drop.some((key) => {
          const prefix = `${namespaceOf(file)}.${key}`;
          return leaf === prefix || leaf.startsWith(`${prefix}.`) || leaf.replace(/_(zero|one|two|few|many|other)$/, '') === prefix;
        });
        assert.ok(named, `${lang}/${file}: ${leaf} is left out but not listed`);
      }
    }
  }
});

test('the bundled locale text gives each language exactly its own text, less what is left out', async () => {
  const { pruneForRenderer, rendererLocales } = await import('../../scripts/renderer-locales.ts');
  const { languageTree } = await import('../../renderer/locale-tree.ts');
  const entries = (tree: unknown, path = ''): [string, string][] =>
    typeof tree === 'object' && tree !== null ? Object.entries(tree).flatMap(([k, v]) => entries(v, path ? `${path}.${k}` : k)) : [[path, String(tree)]];
  const languages = ['az', 'en'];
  const { tree } = rendererLocales(join(ROOT, 'locales'), languages);
  languages.forEach((lang, index) => {
    const bundled = new Map(entries(languageTree(tree, index)));
    const expected = readdirSync(join(ROOT, 'locales', lang))
      .filter((file) => file.endsWith('.json'))
      .flatMap((file) => entries(pruneForRenderer(file, JSON.parse(readFileSync(join(ROOT, 'locales', lang, file), 'utf8')) as Record<string, unknown>)));
    assert.ok(expected.length > 500, `${lang}: the check reads the locale files`);
    assert.equal(bundled.size, expected.length, `${lang}: as many texts as the files hold`);
    for (const [key, text] of expected) assert.equal(bundled.get(key), text, `${lang}: ${key}`);
  });
});
