// Citizen Lab CSV import: the real az.csv, and malformed files that must name the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { looksLikeCitizenLabCsv, parseCitizenLabCsv } from '../../main/targets/import/citizenlab-csv.ts';
import { ListError } from '../../main/targets/import/plain-text.ts';

const FIXTURES = 'test/fixtures/lists';
const read = (name: string) => readFileSync(`${FIXTURES}/${name}`, 'utf8');

function rejects(name: string, pattern: RegExp): void {
  assert.throws(
    () => parseCitizenLabCsv(read(name), name),
    (err: unknown) => {
      assert.ok(err instanceof ListError, String(err));
      assert.match(err.message, pattern);
      return true;
    },
  );
}

test("Citizen Lab's az.csv imports every row, with category and attribution", () => {
  const targets = parseCitizenLabCsv(read('citizenlab-az.csv'), 'az.csv', 'az');
  assert.equal(targets.length, 110);
  assert.deepEqual(targets[0], {
    input: 'http://azeritoday.com/',
    host: 'azeritoday.com',
    kind: 'web',
    category: 'NEWS',
    set: 'az',
    source: 'az.csv:2 (2014-04-15, citizenlab)',
  });
  const baku365 = targets.find((t) => t.host === 'www.baku365.com');
  assert.equal(baku365?.category, 'GRP');
  assert.equal(baku365?.source, 'az.csv:105 (2024-02-07, test-lists.ooni.org contribution)');
  // A row with an empty source column still gets its date.
  assert.equal(targets.find((t) => t.host === 'www.az-netwatch.org')?.source, 'az.csv:65 (2022-02-01)');
  assert.ok(targets.some((t) => t.input === 'https://mon-va.byteoversea.com/monitor_web/settings/browser-settings?bid=webmssdk&store=1'));
});

test('CRLF line endings and a BOM are accepted', () => {
  const targets = parseCitizenLabCsv(`\uFEFF${read('citizenlab-crlf.csv')}`, 'crlf.csv');
  assert.deepEqual(targets.map((t) => t.host), ['www.meydan.tv', 'www.azadliq.org']);
});

test('a bad URL is reported with its line, counting a quoted field that spans two lines', () => {
  rejects('citizenlab-bad-url.csv', /^citizenlab-bad-url\.csv:6: only http, https and tcpconnect inputs can be tested: ftp:\/\/files\.example\.az\/$/);
});

test('a header without a url column is refused at line 1', () => {
  rejects('citizenlab-no-url-column.csv', /^citizenlab-no-url-column\.csv:1: the header must name a url column/);
});

test('an empty url field is refused with its line', () => {
  rejects('citizenlab-empty-url.csv', /^citizenlab-empty-url\.csv:4: the url field is empty$/);
});

test('a quote that is never closed is refused', () => {
  rejects('citizenlab-unclosed-quote.csv', /^citizenlab-unclosed-quote\.csv:\d+: a quoted field is never closed$/);
});

test('a row with too few fields is refused with its line', () => {
  rejects('citizenlab-wrong-fields.csv', /^citizenlab-wrong-fields\.csv:3: wrong number of fields \(expected 6, found 3\)$/);
});

test('a header-only file and a header naming a column twice are refused', () => {
  assert.throws(() => parseCitizenLabCsv('url,category_code\n', 'empty.csv'), /empty\.csv: the list names no URL/);
  assert.throws(() => parseCitizenLabCsv('url,url\nhttps://a.az/,https://b.az/\n', 'twice.csv'), /twice\.csv:1: the header names url twice/);
});

test('only the columns that matter are needed, and duplicate URLs are kept once', () => {
  const targets = parseCitizenLabCsv('url\nhttps://meydan.tv/\nhttps://meydan.tv/\nturan.az\n', 'short.csv');
  assert.deepEqual(targets.map((t) => [t.input, t.category, t.source]), [
    ['https://meydan.tv/', undefined, 'short.csv:2'],
    ['https://turan.az/', undefined, 'short.csv:4'],
  ]);
});

test('looksLikeCitizenLabCsv recognises the header, not plain lists', () => {
  assert.equal(looksLikeCitizenLabCsv(read('citizenlab-az.csv')), true);
  assert.equal(looksLikeCitizenLabCsv('\n\nurl,category_code\n'), true);
  assert.equal(looksLikeCitizenLabCsv('meydan.tv\nturan.az\n'), false);
  assert.equal(looksLikeCitizenLabCsv('url\n'), false);
});
