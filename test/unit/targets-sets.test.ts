// The bundled target sets: every entry loads, has a source, and is a measurable input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TargetSchema } from '../../main/contract/run.ts';
import { CATALOG_NAMES, CatalogSchema, loadCatalog, type CatalogEntry } from '../../main/targets/catalog.ts';
import { normaliseInput } from '../../main/targets/input.ts';
import { DEFAULT_SETS, resolveSets, SET_NAMES, UnknownSetError } from '../../main/targets/sets.ts';

const entries = (name: (typeof CATALOG_NAMES)[number]): CatalogEntry[] => loadCatalog(name).entries;
const all = CATALOG_NAMES.flatMap((name) => entries(name).map((entry) => ({ name, entry })));

test('SET_NAMES lists every bundled set and default', () => {
  assert.deepEqual([...SET_NAMES].sort(), ['default', 'local', 'messengers', 'news', 'social', 'tiktok']);
});

for (const name of CATALOG_NAMES) {
  test(`set ${name}: the data file matches the schema and every entry has a source, kind, category, purpose and a valid input`, () => {
    const raw: unknown = JSON.parse(readFileSync(`main/targets/data/${name}.json`, 'utf8'));
    assert.equal(CatalogSchema.safeParse(raw).success, true);
    for (const entry of entries(name)) {
      const where = `${name}: ${entry.url ?? entry.host}`;
      assert.ok(entry.source.trim().length > 5, `${where} has no source`);
      assert.ok(entry.kind, where);
      assert.ok(entry.category.trim(), where);
      assert.ok(entry.purpose.trim(), where);
      assert.doesNotThrow(() => normaliseInput(entry.url ?? entry.host ?? ''), where);
      if (entry.host) assert.equal(normaliseInput(entry.host).input, `https://${entry.host}/`, where);
    }
    const targets = resolveSets(name);
    assert.equal(targets.length, entries(name).length, `${name} has duplicate inputs`);
    for (const t of targets) {
      assert.equal(TargetSchema.safeParse(t).success, true, t.input);
      assert.equal(t.set, name);
      assert.ok(t.source);
    }
  });
}

test('a host entry becomes https://host/ and carries kind, category, app, set and source', () => {
  const chat = resolveSets('messengers').find((t) => t.host === 'chat.signal.org');
  assert.deepEqual(chat, {
    input: 'https://chat.signal.org/',
    host: 'chat.signal.org',
    kind: 'messenger',
    category: 'COMT',
    set: 'messengers',
    source: 'ooni/probe-cli internal/experiment/signal/signal.go (OONI signal test, ts-029)',
    app: 'signal',
  });
});

test('a tcpconnect entry keeps its port and names its host', () => {
  const e1 = resolveSets('messengers').filter((t) => t.host === 'e1.whatsapp.net');
  assert.deepEqual(
    e1.map((t) => [t.input, t.kind, t.app]),
    [
      ['tcpconnect://e1.whatsapp.net:443', 'messenger', 'whatsapp'],
      ['tcpconnect://e1.whatsapp.net:5222', 'messenger', 'whatsapp'],
    ],
  );
});

test('an input shared by two sets means the same thing in both (kind, app)', () => {
  const byInput = new Map<string, { name: string; kind: string; app: string | undefined }>();
  for (const name of CATALOG_NAMES) {
    for (const t of resolveSets(name)) {
      const other = byInput.get(t.input);
      if (other) assert.deepEqual({ kind: t.kind, app: t.app }, { kind: other.kind, app: other.app }, `${t.input} in ${name} and ${other.name}`);
      else byInput.set(t.input, { name, kind: t.kind, app: t.app });
    }
  }
});

test('the tiktok set has >= 12 entries covering web, API, CDN, login and upload, all with app tiktok', () => {
  const tiktok = entries('tiktok');
  assert.ok(tiktok.length >= 12, `${tiktok.length}`);
  for (const purpose of [/web app/, /\bAPI\b/, /\bCDN\b/, /login/, /upload/, /video CDN/, /image CDN/]) {
    assert.ok(tiktok.some((e) => purpose.test(e.purpose)), `no entry for ${purpose}`);
  }
  assert.ok(tiktok.every((e) => e.app === 'tiktok'));
  const hosts = resolveSets('tiktok').map((t) => t.host);
  for (const host of ['www.tiktok.com', 'm.tiktok.com', 'vm.tiktok.com']) assert.ok(hosts.includes(host), host);
  assert.ok(hosts.some((h) => h.endsWith('.tiktokv.com')), 'app API on tiktokv.com');
  // OONI's 2022 Azerbaijan additions keep their exact URLs.
  const inputs = resolveSets('tiktok').map((t) => t.input);
  assert.ok(inputs.includes('https://mon-va.byteoversea.com/monitor_web/settings/browser-settings?bid=webmssdk&store=1'));
  assert.ok(inputs.includes('https://m.tiktok.com/robots.txt'));
  assert.equal(resolveSets('tiktok').filter((t) => t.source?.includes('lists/az.csv (2022-09-14, OONI')).length, 24);
});

test('the news set holds the curated outlets, with Citizen Lab attribution', () => {
  const hosts = new Set(resolveSets('news').map((t) => t.host));
  for (const host of ['www.azadliq.org', 'www.meydan.tv', 'www.turan.az', 'www.occrp.org', 'www.gununsesi.org', 'www.kanal13.tv', 'abzas.org', 'toplum.tv', 'www.rferl.org', 'www.currenttime.tv']) {
    assert.ok(hosts.has(host), host);
  }
  const meydan = resolveSets('news').find((t) => t.input === 'https://www.meydan.tv/');
  assert.equal(meydan?.source, 'citizenlab/test-lists lists/az.csv (2017-04-10, OONI)');
  assert.equal(meydan?.category, 'NEWS');
  // Every NEWS/HUMR/POLR row of the Citizen Lab list is in the set.
  const csv = readFileSync('test/fixtures/lists/citizenlab-az.csv', 'utf8').split('\n').slice(1).filter(Boolean);
  const rows = csv.filter((line) => /,(NEWS|HUMR|POLR),/.test(line)).map((line) => line.split(',')[0]);
  const inputs = new Set(resolveSets('news').map((t) => t.input));
  for (const url of rows) assert.ok(inputs.has(normaliseInput(url ?? '').input), `${url}`);
});

test('the social set covers the 2020 war list', () => {
  const apps = new Set(resolveSets('social').map((t) => t.app));
  for (const app of ['facebook', 'instagram', 'whatsapp', 'youtube', 'tiktok', 'linkedin', 'x-twitter', 'zoom', 'skype']) assert.ok(apps.has(app), app);
  assert.ok(resolveSets('social').some((t) => t.host === 'web.whatsapp.com'));
});

test("the messengers set has OONI's endpoints for all four tests", () => {
  const m = resolveSets('messengers');
  assert.ok(m.every((t) => t.app));
  // WhatsApp's chat endpoints, as OONI measures them: a TCP connect to e1..e16 on 443 and 5222.
  const whatsapp = m.filter((t) => /^e\d+\.whatsapp\.net$/.test(t.host));
  assert.equal(whatsapp.length, 32);
  for (let n = 1; n <= 16; n += 1) {
    for (const port of [443, 5222]) assert.ok(whatsapp.some((t) => t.input === `tcpconnect://e${n}.whatsapp.net:${port}`), `e${n}:${port}`);
  }
  assert.ok(m.some((t) => t.input === 'https://v.whatsapp.net/v2/register'));
  assert.ok(m.some((t) => t.input === 'https://web.whatsapp.com/'));
  assert.ok(m.some((t) => t.input === 'https://web.telegram.org/'));
  const dcs = m.filter((t) => t.app === 'telegram' && /^\d+\.\d+\.\d+\.\d+$/.test(t.host));
  assert.equal(new Set(dcs.map((t) => t.host)).size, 6);
  assert.ok(dcs.some((t) => t.input === 'http://149.154.175.50/'));
  assert.ok(dcs.some((t) => t.input === 'http://149.154.175.50:443/'));
  for (const host of ['cdsi.signal.org', 'chat.signal.org', 'sfu.voip.signal.org', 'storage.signal.org']) assert.ok(m.some((t) => t.host === host), host);
  for (const host of ['cdsi.signal.org', 'chat.signal.org', 'sfu.voip.signal.org', 'storage.signal.org']) assert.ok(m.some((t) => t.input === `https://${host}/`), host);
  for (const host of ['b-api.facebook.com', 'b-graph.facebook.com', 'edge-mqtt.facebook.com', 'external.xx.fbcdn.net', 'scontent.xx.fbcdn.net', 'star.c10r.facebook.com']) {
    assert.ok(m.some((t) => t.input === `tcpconnect://${host}:443` && t.app === 'facebook-messenger'), host);
  }
});

test('the local set: local-service kind, a known category, app hosts, and [U] entries marked', () => {
  const local = entries('local');
  assert.ok(local.every((e) => e.kind === 'local-service'));
  assert.ok(local.every((e) => ['bank', 'operator', 'e-gov', 'payment'].includes(e.category)));
  for (const category of ['bank', 'operator', 'e-gov', 'payment']) assert.ok(local.some((e) => e.category === category), category);
  assert.ok(local.some((e) => e.host === 'api-prod-c2b.abb-bank.az'));
  // The research notes mark these [U]: they may be listed, never as verified.
  for (const host of ['birbank.az', 'www.pashabank.az', 'unibank.az', 'naxtel.az', 'portmanat.az', 'asan.gov.az']) {
    const entry = local.find((e) => e.host === host);
    assert.equal(entry?.unverified, true, host);
    assert.match(entry?.note ?? '', /\[U\]/);
  }
  assert.equal(local.find((e) => e.host === 'www.azercell.com')?.unverified, undefined);
});

test('every entry that is not news names its app, and every app has a display name in both languages', () => {
  for (const { name, entry } of all) if (name !== 'news') assert.ok(entry.app, `${name}: ${entry.url ?? entry.host}`);
  for (const lang of ['en', 'az']) {
    const names = (JSON.parse(readFileSync(`locales/${lang}/apps.json`, 'utf8')) as { apps: { names: Record<string, string> } }).apps.names;
    for (const { entry } of all) if (entry.app) assert.ok(names[entry.app], `${lang}: apps.names.${entry.app}`);
  }
});

test('resolveSets: several names, de-duplicated by input, default >= 60', () => {
  const both = resolveSets('tiktok, news');
  assert.equal(both.length, resolveSets('tiktok').length + resolveSets('news').length);
  const def = resolveSets('default');
  assert.ok(def.length >= 60, `${def.length}`);
  assert.equal(new Set(def.map((t) => t.input)).size, def.length);
  const expected = new Set(DEFAULT_SETS.flatMap((s) => resolveSets(s)).map((t) => t.input));
  assert.equal(def.length, expected.size);
  // www.tiktok.com is in tiktok and social: the first set named keeps it.
  assert.equal(resolveSets('social,tiktok').find((t) => t.host === 'www.tiktok.com')?.set, 'social');
  assert.equal(resolveSets('tiktok,social').find((t) => t.host === 'www.tiktok.com')?.set, 'tiktok');
  assert.equal(resolveSets('default,tiktok').length, def.length);
});

test('resolveSets refuses unknown and empty specs', () => {
  assert.throws(() => resolveSets('tiktok,nope'), (err: unknown) => err instanceof UnknownSetError && /unknown target set nope/.test(err.message));
  assert.throws(() => resolveSets(' , '), UnknownSetError);
});

test('the caller may change what it gets without changing the bundled sets', () => {
  const first = resolveSets('tiktok');
  first[0]!.input = 'changed';
  assert.notEqual(resolveSets('tiktok')[0]!.input, 'changed');
});
