// CSV: RFC 4180 and safe to open in a spreadsheet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { csvCell, csvRow, keyEvidence, renderCsv } from '../../main/report/csv.ts';
import { sampleRun } from '../support/report-fixtures.ts';

test('RFC 4180: separators, quotes and line breaks are quoted, quotes doubled, rows end in CRLF', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  // A value is one line in its cell: line breaks in recorded text become spaces.
  assert.equal(csvCell('two\nlines'), 'two lines');
  assert.equal(csvCell(null), '');
  assert.equal(csvRow(['a', 1, 'b,c']), 'a,1,"b,c"\r\n');
});

test('cells a spreadsheet would run as a formula get a leading quote', () => {
  for (const danger of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) assert.ok(csvCell(danger).replace(/^"/, '').startsWith("'"), danger);
  assert.equal(csvCell('=1,2'), `"'=1,2"`);
  assert.equal(csvCell('1-2'), '1-2');
});

test('one row per target with the agreed columns, readable back by a CSV parser', () => {
  const run = sampleRun();
  const text = renderCsv(run, 'en');
  const rows = parse(text, { relaxQuotes: false }) as string[][];
  assert.deepEqual(rows[0], ['time (UTC)', 'ASN', 'country', 'network', 'input', 'host', 'kind', 'app', 'status', 'method', 'key evidence']);
  assert.equal(rows.length, run.results.length + 1);
  const sni = rows.find((r) => r[5] === 'www.tiktok.com');
  assert.deepEqual(sni?.slice(1, 10), ['AS29049', 'AZ', 'Delta Telecom', 'https://www.tiktok.com/', 'www.tiktok.com', 'web', 'tiktok', 'blocked', 'tls.sni-drop']);
  assert.match(sni?.[0] ?? '', /^2023-11-14T22:13:20\.000Z$/);
  assert.match(sni?.[10] ?? '', /failure=generic_timeout_error; control=ok; repeated=yes; sni_test=real-sni-only/);
  const mitm = rows.find((r) => r[9] === 'tls.mitm');
  assert.match(mitm?.[10] ?? '', /cert_issuer=CN=Azerbaijan Filter CA/);
  assert.ok(text.split('\r\n').length > run.results.length, 'CRLF line ends');
  assert.equal(renderCsv(run, 'az').split('\r\n')[0], 'vaxt (UTC),ASN,ölkə,şəbəkə,yoxlanılan ünvan,host,növ,tətbiq,nəticə,üsul,əsas sübut');
});

test('key evidence names the rule, the failure, the control and the DNS answers', () => {
  const nx = sampleRun().results.find((r) => r.method === 'dns.nxdomain');
  assert.ok(nx);
  assert.match(keyEvidence(nx), /^dns-nxdomain-control-ok; step=dns; failure=dns_nxdomain_error; control=ok; repeated=yes; dns_system=-; dns_control=203\.0\.113\.10$/);
});
