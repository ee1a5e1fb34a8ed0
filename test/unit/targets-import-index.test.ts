// importList picks the importer from the link shape, the extension and the content.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importList, ListError } from '../../main/targets/import/index.ts';
import { saveList } from '../../main/targets/import/saved-lists.ts';

const FIXTURES = 'test/fixtures/lists';
const fixture = (name: string) => join(FIXTURES, name);

test('.csv files go to the Citizen Lab importer', async () => {
  const result = await importList(fixture('citizenlab-az.csv'));
  assert.equal(result.format, 'citizenlab-csv');
  assert.equal(result.targets.length, 110);
  assert.equal(result.targets[0]?.set, 'custom');
});

test('a CSV header is recognised whatever the extension', async () => {
  const result = await importList('az-list', { readFile: async () => readFileSync(fixture('citizenlab-crlf.csv'), 'utf8') });
  assert.equal(result.format, 'citizenlab-csv');
  assert.equal(result.targets.length, 2);
});

test('JSON with nettests goes to the OONI Run importer, with its notes', async () => {
  const result = await importList(fixture('ooni-run-descriptor.json'), { set: 'workshop' });
  assert.equal(result.format, 'ooni-run');
  assert.equal(result.name, 'Azerbaijan independent media');
  assert.equal(result.targets.length, 3);
  assert.equal(result.targets[0]?.set, 'workshop');
  assert.equal(result.notes.length, 3);
});

test('a run.ooni.org link is fetched through fetchJson, and refused without one', async () => {
  const asked: string[] = [];
  const result = await importList('https://run.ooni.org/v2/10004', {
    fetchJson: async (url) => {
      asked.push(url);
      return JSON.parse(readFileSync(fixture('ooni-run-api-reply.json'), 'utf8'));
    },
    readFile: async () => assert.fail('a link is not a file'),
  });
  assert.equal(result.format, 'ooni-run');
  assert.deepEqual(asked, ['https://api.ooni.org/api/v2/oonirun/links/10004']);
  await assert.rejects(importList('https://run.ooni.org/v2/10004'), (err: unknown) => err instanceof ListError && /needs network access/.test(err.message));
});

test('other URLs are not fetched', async () => {
  let fetched = false;
  await assert.rejects(
    importList('https://example.org/list.csv', {
      fetchJson: async () => {
        fetched = true;
        return {};
      },
    }),
    (err: unknown) => err instanceof ListError && /only OONI Run links/.test(err.message),
  );
  assert.equal(fetched, false);
});

test('anything else is a plain-text list', async () => {
  const result = await importList(fixture('plain.txt'));
  assert.equal(result.format, 'plain-text');
  assert.deepEqual(result.targets.map((t) => t.input), ['https://meydan.tv/', 'https://www.azadliq.org/']);
  const noExt = await importList('list', { readFile: async () => 'turan.az\n' });
  assert.equal(noExt.format, 'plain-text');
});

test('a saved Yoxla list can be passed as a file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'yoxla-lists-'));
  const file = await saveList(dir, 'workshop-1', [{ input: 'https://meydan.tv/', host: 'meydan.tv', kind: 'web', set: 'custom' }]);
  const result = await importList(file);
  assert.equal(result.format, 'saved-list');
  assert.equal(result.name, 'workshop-1');
  assert.equal(result.targets.length, 1);
});

test('errors: unreadable file, invalid JSON with its line, JSON of another shape, bad plain-text line', async () => {
  await assert.rejects(importList(fixture('does-not-exist.txt')), (err: unknown) => err instanceof ListError && /does-not-exist\.txt: cannot read \(ENOENT\)/.test(err.message));
  await assert.rejects(importList(fixture('ooni-run-invalid-json.json')), (err: unknown) => {
    assert.ok(err instanceof ListError);
    assert.match(err.message, /ooni-run-invalid-json\.json:4: not valid JSON/);
    return true;
  });
  const other = join(mkdtempSync(join(tmpdir(), 'yoxla-lists-')), 'other.json');
  writeFileSync(other, '{"urls": ["https://meydan.tv/"]}');
  await assert.rejects(importList(other), (err: unknown) => err instanceof ListError && /must be an OONI Run v2 descriptor/.test(err.message));
  await assert.rejects(importList('x.txt', { readFile: async () => 'meydan.tv\nnot a host\n' }), (err: unknown) => err instanceof ListError && err.message === 'x.txt:2: not a URL or host name: not a host');
  await assert.rejects(importList(fixture('citizenlab-bad-url.csv')), (err: unknown) => err instanceof ListError && /citizenlab-bad-url\.csv:6:/.test(err.message));
});
