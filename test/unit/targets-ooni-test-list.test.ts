// OONI's country test list through an injected fetch, with the bundled news set as fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fetchCountryTestList, testListUrl } from '../../main/targets/import/ooni-test-list.ts';
import { resolveSets } from '../../main/targets/sets.ts';

const reply = (): unknown => JSON.parse(readFileSync('test/fixtures/lists/ooni-test-list-az.json', 'utf8'));

test('the request names both country_code and probe_cc', () => {
  assert.equal(testListUrl('AZ'), 'https://api.ooni.org/api/v1/test-list/urls?country_code=AZ&probe_cc=AZ');
});

test("OONI's list is used when the fetch works: de-duplicated, odd rows skipped and noted", async () => {
  const asked: string[] = [];
  const result = await fetchCountryTestList({
    fetchJson: async (url) => {
      asked.push(url);
      return reply();
    },
  });
  assert.deepEqual(asked, [testListUrl('AZ')]);
  assert.equal(result.used, 'ooni-api');
  assert.deepEqual(result.targets.map((t) => [t.input, t.category, t.set]), [
    ['https://www.meydan.tv/', 'NEWS', 'ooni-test-list'],
    ['https://www.azadliq.org/', 'NEWS', 'ooni-test-list'],
    ['https://www.tiktok.com/', 'GRP', 'ooni-test-list'],
  ]);
  assert.equal(result.targets[0]?.source, 'OONI API test list for AZ (citizenlab/test-lists az.csv)');
  assert.equal(result.targets[2]?.source, 'OONI API test list for AZ (citizenlab/test-lists global.csv)');
  assert.equal(result.notes.length, 1);
  assert.match(result.notes[0] ?? '', /^results\[4\] skipped: only http, https and tcpconnect inputs/);
});

test('a failed fetch falls back to the bundled news set and says so', async () => {
  const result = await fetchCountryTestList({
    fetchJson: async () => {
      throw new Error('connect ETIMEDOUT');
    },
  });
  assert.equal(result.used, 'bundled');
  assert.deepEqual(result.targets, resolveSets('news'));
  assert.match(result.notes[0] ?? '', /not used \(fetch failed: connect ETIMEDOUT\)/);
});

test('a malformed or empty reply falls back too', async () => {
  for (const body of [{ error: 'rate limited' }, { results: 'nope' }, null, { results: [] }, { results: [{ url: 'gopher://x.example/' }] }]) {
    const result = await fetchCountryTestList({ fetchJson: async () => body, fallback: () => resolveSets('tiktok') });
    assert.equal(result.used, 'bundled', JSON.stringify(body));
    assert.equal(result.targets.length, resolveSets('tiktok').length);
  }
});

test('another country can be asked; a bad code is refused before any fetch', async () => {
  const asked: string[] = [];
  await fetchCountryTestList({ country: 'am', fetchJson: async (url) => (asked.push(url), reply()) });
  assert.deepEqual(asked, ['https://api.ooni.org/api/v1/test-list/urls?country_code=AM&probe_cc=AM']);
  await assert.rejects(fetchCountryTestList({ country: 'AZ&x=1', fetchJson: async () => reply() }), RangeError);
});
