// OONI Run v2 descriptors: files, links fetched through an injected function, malformed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  fetchOoniRunLink,
  ooniRunApiUrl,
  ooniRunLinkId,
  parseOoniRunDescriptor,
} from '../../main/targets/import/ooni-run.ts';
import { ListError } from '../../main/targets/import/plain-text.ts';

const FIXTURES = 'test/fixtures/lists';
const json = (name: string): unknown => JSON.parse(readFileSync(`${FIXTURES}/${name}`, 'utf8'));

function listError(pattern: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof ListError, String(err));
    assert.match(err.message, pattern);
    return true;
  };
}

test('web_connectivity inputs become targets; other nettests are noted, not imported', () => {
  const result = parseOoniRunDescriptor(json('ooni-run-descriptor.json'), 'media.json', 'trainer');
  assert.equal(result.name, 'Azerbaijan independent media');
  assert.deepEqual(result.names, { az: 'Azərbaycanın müstəqil mediası' });
  assert.deepEqual(
    result.targets.map((t) => [t.input, t.category ?? null, t.set, t.kind]),
    [
      ['https://www.meydan.tv/', 'NEWS', 'trainer', 'web'],
      ['https://www.azadliq.org/', 'NEWS', 'trainer', 'web'],
      ['https://abzas.org/', null, 'trainer', 'web'],
    ],
  );
  assert.equal(result.targets[0]?.source, 'OONI Run: Azerbaijan independent media (media.json)');
  assert.equal(result.notes.length, 3);
  assert.match(result.notes[0] ?? '', /nettests\[1\] \(whatsapp\) is not a web test/);
  assert.match(result.notes[1] ?? '', /nettests\[2\] \(dnscheck\): 1 input\(s\) ignored/);
  assert.match(result.notes[2] ?? '', /nettests\[3\] uses OONI's dynamic list "websites_list_prioritized"/);
});

test('a localised name map is accepted (English first)', () => {
  const result = parseOoniRunDescriptor(
    { name: { az: 'Xəbərlər', en: 'News' }, nettests: [{ test_name: 'web_connectivity', inputs: ['https://turan.az/'] }] },
    'x.json',
  );
  assert.equal(result.name, 'News');
  assert.deepEqual(result.names, { az: 'Xəbərlər', en: 'News' });
});

test('an invalid input names its field, and nothing is imported', () => {
  assert.throws(() => parseOoniRunDescriptor(json('ooni-run-bad-input.json'), 'bad.json'), listError(/^bad\.json: nettests\[0\]\.inputs\[2\]: not a URL or host name: not a url at all$/));
});

test('a wrongly typed field is named', () => {
  assert.throws(() => parseOoniRunDescriptor(json('ooni-run-bad-field.json'), 'f.json'), listError(/^f\.json: nettests\[0\]\.inputs\[1\]: /));
  assert.throws(() => parseOoniRunDescriptor({ name: 'x' }, 'n.json'), listError(/^n\.json: nettests: /));
  assert.throws(() => parseOoniRunDescriptor({ nettests: [] }, 'm.json'), listError(/^m\.json: name: /));
  assert.throws(() => parseOoniRunDescriptor({ name: 'x', nettests: [{ inputs: [] }] }, 't.json'), listError(/^t\.json: nettests\[0\]\.test_name: /));
  assert.throws(() => parseOoniRunDescriptor([1, 2], 'a.json'), listError(/^a\.json: descriptor: /));
});

test('a descriptor with no web_connectivity inputs is refused, saying why', () => {
  assert.throws(() => parseOoniRunDescriptor(json('ooni-run-no-web.json'), 'im.json'), listError(/^im\.json: nettests: no web_connectivity inputs to import \(.*whatsapp.*telegram/));
});

test('OONI Run link IDs are read from run.ooni.org, run.ooni.io and ooni:// links only', () => {
  assert.equal(ooniRunLinkId('https://run.ooni.org/v2/10004'), '10004');
  assert.equal(ooniRunLinkId('https://run.ooni.io/v2/10004/'), '10004');
  assert.equal(ooniRunLinkId('ooni://runv2/10004'), '10004');
  assert.equal(ooniRunLinkId('https://run.ooni.org/v2/10004?lang=az'), '10004');
  assert.equal(ooniRunLinkId('https://run.ooni.org/v2/../../x'), null);
  assert.equal(ooniRunLinkId('https://example.org/v2/10004'), null);
  assert.equal(ooniRunLinkId('list.json'), null);
  assert.equal(ooniRunApiUrl('10004'), 'https://api.ooni.org/api/v2/oonirun/links/10004');
});

test("a link is fetched from the OONI API's descriptor endpoint through the injected function", async () => {
  const asked: string[] = [];
  const result = await fetchOoniRunLink('https://run.ooni.org/v2/10004', async (url) => {
    asked.push(url);
    return json('ooni-run-api-reply.json');
  });
  assert.deepEqual(asked, ['https://api.ooni.org/api/v2/oonirun/links/10004']);
  assert.equal(result.name, 'TikTok endpoints');
  assert.deepEqual(result.targets.map((t) => t.input), ['https://www.tiktok.com/', 'https://m.tiktok.com/robots.txt']);
  assert.deepEqual(result.notes, []);
});

test('a wrapped reply ({ descriptor }) is accepted too', async () => {
  const result = await fetchOoniRunLink('ooni://runv2/7', async () => ({ descriptor: json('ooni-run-api-reply.json'), descriptor_creation_time: 'x' }));
  assert.equal(result.targets.length, 2);
});

test('a failed fetch or a malformed reply is an error naming the link', async () => {
  await assert.rejects(
    fetchOoniRunLink('https://run.ooni.org/v2/10004', async () => {
      throw new Error('getaddrinfo ENOTFOUND api.ooni.org');
    }),
    listError(/^https:\/\/run\.ooni\.org\/v2\/10004: could not fetch the OONI Run descriptor \(getaddrinfo ENOTFOUND/),
  );
  await assert.rejects(
    fetchOoniRunLink('https://run.ooni.org/v2/10004', async () => ({ error: 'not found' })),
    listError(/^https:\/\/run\.ooni\.org\/v2\/10004: name: /),
  );
  await assert.rejects(fetchOoniRunLink('https://example.org/', async () => ({})), listError(/not an OONI Run v2 link/));
});
