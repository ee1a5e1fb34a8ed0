// The answer at a glance (main/guidance/glance.ts): one rule for blocked / partly / down when only
// some addresses could be checked, one row per site (http and https together), blocked first; the
// operator's name by ASN; a custom list checked with its line (main/bridge/lists.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { glance, groupVerdict } from '../../main/guidance/glance.ts';
import { operatorName } from '../../main/guidance/operators.ts';
import { validateList } from '../../main/bridge/lists.ts';
import { STATUSES, type Status } from '../../main/contract/verdict.ts';
import type { Run } from '../../main/contract/run.ts';

type R = Run['results'][number];

function result(input: string, status: Status, extra: Partial<R> = {}): R {
  const host = new URL(input).hostname;
  return {
    input,
    host,
    kind: 'web',
    status,
    method: status === 'blocked' ? 'tls.sni-drop' : null,
    durationMs: 1,
    observations: [],
    control: null,
    ...extra,
  } as R;
}

function run(results: R[], extra: Partial<Run> = {}): Run {
  return { results, vpnImpact: [], network: { asn: 'AS29049', cc: 'AZ', vpn: 'off', connectivity: 'ok', rttMs: 10 }, mode: 'check', ...extra } as unknown as Run;
}

test('blocked where every checked address is; the unchecked ones are counted, not hidden', () => {
  // Turan: one address blocked, the other down for everyone: blocked (1 of 2), 1 not checked; never also "down".
  const [turan] = glance(run([result('https://turan.az/', 'blocked', { app: 'turan' }), result('https://www.turan.az/', 'down', { app: 'turan' })]));
  assert.equal(turan?.verdict, 'blocked');
  assert.deepEqual([turan?.blocked, turan?.accessible, turan?.unchecked], [1, 0, 1]);
  // Down only when every address was down for everyone.
  assert.equal(groupVerdict([{ status: 'down' }, { status: 'down' }]), 'down');
  assert.equal(groupVerdict([{ status: 'down' }, { status: 'inconclusive' }]), 'unknown');
  // Works with some unchecked: works, with the unchecked counted (the line says so).
  const [site] = glance(run([result('https://a.example/', 'accessible'), result('https://b.example/', 'inconclusive', { app: 'x' })])).filter((g) => g.id === 'a.example');
  assert.equal(site?.verdict, 'works');
  assert.equal(groupVerdict([{ status: 'blocked' }, { status: 'accessible' }]), 'partly-blocked');
});

test('the verdict follows the rule for any mix of statuses', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...STATUSES), { minLength: 1, maxLength: 12 }), (statuses) => {
      const sites = statuses.map((status) => ({ status }));
      const n = (s: Status) => statuses.filter((x) => x === s).length;
      const verdict = groupVerdict(sites);
      if (n('blocked') > 0 && n('accessible') > 0) assert.equal(verdict, 'partly-blocked');
      else if (n('blocked') > 0) assert.equal(verdict, 'blocked');
      else if (n('accessible') > 0) assert.equal(verdict, 'works');
      else if (n('down') === statuses.length) assert.equal(verdict, 'down');
      else assert.equal(verdict, 'unknown');
    }),
  );
});

test('one row per site: its http and https inputs together; blocked groups first; a VPN that worked is named', () => {
  const groups = glance(
    run(
      [
        result('http://www.meydan.tv/', 'accessible'),
        result('https://www.meydan.tv/', 'blocked'),
        result('https://www.bbc.com/', 'accessible'),
        result('https://www.tiktok.com/', 'blocked', { strategies: { vpn: { outcome: 'works', code: 'reached-origin' } } as R['strategies'] }),
        result('https://m.tiktok.com/', 'accessible'),
      ],
    ),
  );
  assert.deepEqual(
    groups.map((g) => [g.id, g.verdict]),
    [
      ['meydan.tv', 'blocked'],
      ['tiktok', 'partly-blocked'],
      ['bbc.com', 'works'],
    ],
  );
  assert.deepEqual(groups[0]?.sites.map((s) => [s.host, s.status, s.inputs.length]), [['www.meydan.tv', 'blocked', 2]]);
  assert.equal(groups[1]?.workedHere, 'vpn');
  assert.equal(groups[0]?.workedHere, null);
});

test('operators by ASN: Azerbaijani networks by name (AS28787 too), else what the run learnt', () => {
  assert.equal(operatorName('AS29049'), 'Delta Telecom');
  assert.equal(operatorName('28787'), 'Baktelecom (Aztelekom)');
  assert.equal(operatorName('AS31721', 'AZERCELL-AS'), 'Azercell');
  assert.equal(operatorName('AS3269', 'Telecom Italia'), 'Telecom Italia');
  assert.equal(operatorName('AS0'), null);
});

test('a custom list is checked with the line that cannot be used', async () => {
  assert.deepEqual(await validateList('www.bbc.com\n# a comment\nnot a host!!\n'), { valid: false, line: 3, reason: 'not a URL or host name: not a host!!' });
  assert.deepEqual(await validateList('www.bbc.com\nhttp://www.bbc.com/\nmeydan.tv'), { valid: true, format: 'plain-text', count: 3 });
  const csv = await validateList('url,category_code\nhttps://www.bbc.com/,NEWS\n"http://a b",NEWS\n');
  assert.ok(!csv.valid && csv.line === 3, JSON.stringify(csv));
  assert.deepEqual(await validateList('https://run.ooni.org/v2/10009'), { valid: true, format: 'ooni-run-link', count: null });
  const empty = await validateList('  \n');
  assert.ok(!empty.valid && empty.line === null);
});

test('the timeline: per network, the current word and since when; others\' measurements left out', async () => {
  const { timeline } = await import('../../main/guidance/timeline.ts');
  const entry = (startedAt: string, apps: Record<string, 'blocked' | 'works' | 'partly-blocked'>, extra: object = {}) => ({
    id: startedAt.replace(/\D/g, ''),
    startedAt,
    finishedAt: startedAt,
    mode: 'check',
    network: { asn: 'AS29049', cc: 'AZ', vpn: 'off' as const },
    counts: { accessible: 1, blocked: 0, down: 0, inconclusive: 0 },
    total: 1,
    interrupted: false,
    apps,
    ...extra,
  });
  const lines = timeline([
    entry('2026-09-10T10:00:00Z', { tiktok: 'works', 'bbc.com': 'works' }),
    entry('2026-09-12T10:00:00Z', { tiktok: 'blocked', 'bbc.com': 'works' }),
    entry('2026-09-20T10:00:00Z', { tiktok: 'blocked' }),
    entry('2026-09-21T10:00:00Z', { tiktok: 'works' }, { mode: 'import', network: { asn: 'AS29049', cc: 'AZ', vpn: 'off' } }),
    entry('2026-09-22T10:00:00Z', { whatsapp: 'partly-blocked' }, { network: { asn: 'AS31721', cc: 'AZ', vpn: 'off' } }),
  ]);
  assert.deepEqual(
    lines.map((n) => [n.name, n.items.map((i) => [i.id, i.verdict, i.since.slice(0, 10), i.before])]),
    [
      ['Delta Telecom', [['tiktok', 'blocked', '2026-09-12', 'works']]],
      ['Azercell', [['whatsapp', 'partly-blocked', '2026-09-22', null]]],
    ],
  );
});
