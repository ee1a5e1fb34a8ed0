// Trainers' named lists: atomic JSON files in a folder, names and contents validated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Target } from '../../main/contract/run.ts';
import { ListError } from '../../main/targets/import/plain-text.ts';
import { listSavedLists, loadList, saveList, validListName } from '../../main/targets/import/saved-lists.ts';
import { resolveSets } from '../../main/targets/sets.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'yoxla-saved-'));

test('save, list and load round-trip a list', async () => {
  const dir = join(fresh(), 'lists');
  const targets = resolveSets('tiktok');
  const file = await saveList(dir, 'tiktok-azercell', targets);
  assert.equal(file, join(dir, 'tiktok-azercell.json'));
  assert.deepEqual(await loadList(dir, 'tiktok-azercell'), targets);
  await saveList(dir, 'xəbərlər', resolveSets('news'));
  assert.deepEqual(await listSavedLists(dir), ['tiktok-azercell', 'xəbərlər']);
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { schema: string; name: string };
  assert.equal(saved.schema, 'yoxla.list/1');
  assert.equal(saved.name, 'tiktok-azercell');
});

test('saving again replaces the list and leaves no temporary file', async () => {
  const dir = fresh();
  await saveList(dir, 'news', resolveSets('news'));
  await saveList(dir, 'news', resolveSets('tiktok'));
  assert.deepEqual(readdirSync(dir), ['news.json']);
  assert.equal((await loadList(dir, 'news')).length, resolveSets('tiktok').length);
});

test('names: letters, digits and dashes only', async () => {
  for (const good of ['news', 'Workshop-2', 'xəbərlər-1', '2024']) assert.equal(validListName(good), good);
  for (const bad of ['', '-news', 'news-', '../etc', 'a/b', 'a b', 'a.json', 'con', 'NUL', 'x'.repeat(65), 'a_b']) {
    assert.throws(() => validListName(bad), ListError, bad);
  }
  const dir = fresh();
  await assert.rejects(saveList(dir, '../escape', resolveSets('news')), ListError);
  await assert.rejects(loadList(dir, '../escape'), ListError);
  assert.deepEqual(readdirSync(dir), []);
});

test('a list with no or invalid targets is not saved', async () => {
  const dir = fresh();
  await assert.rejects(saveList(dir, 'empty', []), ListError);
  const bad = [{ input: 'not a url', host: 'x', kind: 'web' }] as Target[];
  await assert.rejects(saveList(dir, 'bad', bad), (err: unknown) => err instanceof ListError && /targets\[0\]\.input/.test(err.message));
  await assert.rejects(saveList(dir, 'bad', [{ input: 'https://a.az/', host: 'a.az', kind: 'nope' }] as unknown as Target[]), ListError);
  assert.deepEqual(readdirSync(dir), []);
});

test('loading checks the contents', async () => {
  const dir = fresh();
  await assert.rejects(loadList(dir, 'missing'), (err: unknown) => err instanceof ListError && err.message === 'no saved list named missing');
  writeFileSync(join(dir, 'broken.json'), '{ not json');
  await assert.rejects(loadList(dir, 'broken'), (err: unknown) => err instanceof ListError && /not valid JSON/.test(err.message));
  writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ schema: 'yoxla.list/1', name: 'wrong', targets: [{ input: 'https://a.az/', host: 'a.az' }] }));
  await assert.rejects(loadList(dir, 'wrong'), (err: unknown) => err instanceof ListError && /targets\[0\]\.kind/.test(err.message));
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ schema: 'something/2', targets: [] }));
  await assert.rejects(loadList(dir, 'other'), (err: unknown) => err instanceof ListError && /schema/.test(err.message));
});

test('listing: an absent folder has no lists; stray files are ignored', async () => {
  assert.deepEqual(await listSavedLists(join(fresh(), 'nope')), []);
  const dir = fresh();
  writeFileSync(join(dir, 'notes.txt'), 'x');
  writeFileSync(join(dir, 'bad name.json'), '{}');
  writeFileSync(join(dir, 'a.json.123.abcd.tmp'), '{}');
  await saveList(dir, 'ok', resolveSets('social'));
  assert.deepEqual(await listSavedLists(dir), ['ok']);
});
