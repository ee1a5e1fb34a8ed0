// History through the bridge: a participant's run imported (validated and re-analysed like
// `yoxla report`), a file that is not a run refused with one line, list order, delete, and the
// per-host comparison of several runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Result, Run } from '../../main/contract/run.ts';
import { compareRuns, hostCell } from '../../main/bridge/compare.ts';
import { historyEntry } from '../../main/bridge/history-store.ts';
import { createTestService, type TestService } from '../support/bridge-harness.ts';
import { sampleResults, sampleRun } from '../support/report-fixtures.ts';

async function withService(fn: (t: TestService) => Promise<void>): Promise<void> {
  const t = await createTestService({ printPdf: async () => new Uint8Array() });
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

const text = (run: Run) => JSON.stringify(run, null, 2);

test('history:import keeps a participant run, re-judged by this analysis; history:open gives it back', async () => {
  await withService(async ({ service, dataDir }) => {
    const original = sampleRun({ startedAt: '2026-11-20T09:00:00.000Z' });
    // A verdict an older analysis got wrong: the observations say SNI drop.
    const stale = { ...original, results: original.results.map((r) => (r.host === 'www.tiktok.com' ? { ...r, status: 'accessible' as const, method: null } : r)) };
    const imported = await service.invoke('history:import', { name: 'C:\\Users\\trainer\\Desktop\\aysel.json', text: `\uFEFF${text(stale)}` });
    assert.ok(imported.ok, JSON.stringify(imported));
    assert.equal(imported.value.mode, 'participant');
    assert.equal(imported.value.startedAt, '2026-11-20T09:00:00.000Z');
    assert.equal(imported.value.total, original.results.length);
    const opened = await service.invoke('history:open', { historyId: imported.value.id });
    assert.ok(opened.ok);
    const tiktok = opened.value.results.find((r) => r.host === 'www.tiktok.com');
    assert.equal(tiktok?.status, 'blocked');
    assert.equal(tiktok?.method, 'tls.sni-drop');
    assert.deepEqual(await readdir(join(dataDir, 'history')), [`${imported.value.id}.json`]);
  });
});

test('history:import refuses what is not a run with bad-file and one line naming only the file', async () => {
  await withService(async ({ service }) => {
    const cases: [string, string, RegExp][] = [
      ['/home/aysel/notes.txt', 'hello', /^notes\.txt: not valid JSON/],
      ['C:\\Users\\x\\cut.json', text(sampleRun()).slice(0, 300), /^cut\.json: not valid JSON/],
      ['scenario.json', JSON.stringify({ schema: 'yoxla.lab/1', name: 'x' }), /^scenario\.json: not a yoxla\.run\/1 file: schema:/],
      ['r.json', JSON.stringify({ ...sampleRun(), results: [{ host: 1 }] }), /^r\.json: not a yoxla\.run\/1 file: results\.0\./],
    ];
    for (const [name, body, expected] of cases) {
      const answer = await service.invoke('history:import', { name, text: body });
      assert.equal(answer.ok, false, name);
      if (answer.ok) continue;
      assert.equal(answer.error.code, 'bad-file');
      assert.match(answer.error.detail, expected);
      assert.ok(!answer.error.detail.includes('\n'), 'one line');
      assert.ok(!answer.error.detail.includes('Users') && !answer.error.detail.includes('/home'), 'no folders');
    }
    assert.deepEqual(await service.invoke('history:list', undefined), { ok: true, value: [] });
  });
});

test('history:list is newest first, skips a broken file, and history:delete removes one entry', async () => {
  await withService(async ({ service, dataDir, logs }) => {
    const ids: string[] = [];
    for (const day of ['10', '12', '11']) {
      const answer = await service.invoke('history:import', { name: `${day}.json`, text: text(sampleRun({ startedAt: `2026-11-${day}T10:00:00.000Z` })) });
      assert.ok(answer.ok);
      ids.push(answer.value.id);
    }
    await writeFile(join(dataDir, 'history', '20261130T000000Z-lab-broken.json'), '{"schema":"yoxla.run/1"');
    const list = await service.invoke('history:list', undefined);
    assert.ok(list.ok);
    assert.deepEqual(list.value.map((e) => e.startedAt.slice(8, 10)), ['12', '11', '10']);
    assert.ok(logs.some((l) => l.includes('20261130T000000Z-lab-broken')));
    assert.deepEqual(await service.invoke('history:delete', { historyId: ids[1] as string }), { ok: true, value: { deleted: true } });
    const after = await service.invoke('history:list', undefined);
    assert.ok(after.ok);
    assert.deepEqual(after.value.map((e) => e.startedAt.slice(8, 10)), ['11', '10']);
    const gone = await service.invoke('history:open', { historyId: ids[1] as string });
    assert.equal(!gone.ok && gone.error.code, 'not-found');
  });
});

/** A copy of the sample results where one host's verdict is replaced. */
function variant(changes: Record<string, Partial<Result>>, drop: string[] = []): Run {
  const results = sampleResults()
    .filter((r) => !drop.includes(r.input))
    .map((r) => (changes[r.input] ? { ...r, ...changes[r.input] } : r));
  return sampleRun({ results });
}

test('history:compare: one row per host, each run\'s status and method, and whether they agree', async () => {
  await withService(async ({ service }) => {
    const base = sampleRun();
    const tiktok = 'https://www.tiktok.com/';
    const other = variant({ [tiktok]: { status: 'accessible', method: null } }, [base.results[2]?.input as string]);
    const a = await service.invoke('history:import', { name: 'a.json', text: text(base) });
    const b = await service.invoke('history:import', { name: 'b.json', text: text({ ...other, network: { ...other.network, asn: 'AS31721', name: 'Azercell' } }) });
    assert.ok(a.ok && b.ok);
    // history:import re-analyses: b's TikTok is judged from its (SNI-drop) observations again.
    const answer = await service.invoke('history:compare', { historyIds: [a.value.id, b.value.id] });
    assert.ok(answer.ok, JSON.stringify(answer));
    assert.deepEqual(answer.value.runs.map((r) => r.network.asn), ['AS29049', 'AS31721']);
    const row = (host: string) => answer.value.rows.find((r) => r.host === host);
    assert.deepEqual(row('www.tiktok.com'), {
      host: 'www.tiktok.com',
      cells: [
        { status: 'blocked', method: 'tls.sni-drop' },
        { status: 'blocked', method: 'tls.sni-drop' },
      ],
      agree: true,
    });
    const missing = base.results[2]?.host as string;
    const missingRow = row(missing);
    assert.equal(missingRow?.cells[1], null);
    assert.equal(missingRow?.agree, true);
  });
});

test('compareRuns: disagreement, a run without the host, several results on one host', () => {
  const results = sampleResults();
  const one = sampleRun({ results });
  const two = sampleRun({ results: results.map((r) => (r.host === 'www.tiktok.com' ? { ...r, status: 'accessible' as const, method: null } : r)) });
  const three = sampleRun({ results: results.filter((r) => r.host !== 'www.tiktok.com') });
  const c = compareRuns([one, two, three].map((run, i) => ({ entry: historyEntry(`run${i}`, run), run })));
  assert.deepEqual(c.runs.map((r) => r.id), ['run0', 'run1', 'run2']);
  const tiktok = c.rows.find((r) => r.host === 'www.tiktok.com');
  assert.deepEqual(tiktok?.cells, [{ status: 'blocked', method: 'tls.sni-drop' }, { status: 'accessible', method: null }, null]);
  assert.equal(tiktok?.agree, false);
  // Every host once, in the order first seen.
  assert.equal(new Set(c.rows.map((r) => r.host)).size, c.rows.length);
  // A host with a working page and a blocked port: the block is what the person meets.
  const [ok, blocked] = [results[0], results[1]] as [Result, Result];
  assert.deepEqual(hostCell([ok, blocked]), { status: 'blocked', method: blocked.method });
  assert.deepEqual(hostCell([ok, { ...ok, status: 'down' }]), { status: 'down', method: null });
  assert.equal(hostCell([]), null);
});
