// Runs through the bridge service against the censorship lab: progress events in order, the run
// kept in history, one run at a time, cancel keeps what finished, a runner that fails keeps what
// had arrived, check mode through a lab stand-in, strategies passed through, and the VPN wizard's
// two phases with the lab's VPN switch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProgressEvent } from '../../main/contract/bridge.ts';
import type { Run } from '../../main/contract/run.ts';
import { createInProcessExecutor } from '../../main/bridge/executor.ts';
import type { RunExecutor } from '../../main/bridge/types.ts';
import { createTestService, type TestService, type TestServiceOptions } from '../support/bridge-harness.ts';
import { sampleResults, sampleRun } from '../support/report-fixtures.ts';

const noPdf = async (): Promise<Uint8Array> => new Uint8Array();

async function withService(options: TestServiceOptions, fn: (t: TestService) => Promise<void>): Promise<void> {
  const t = await createTestService({ printPdf: noPdf, settings: { consentAccepted: true }, ...options });
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

const scenario = (sites: Record<string, object>, censor: object[] = [], extra: object = {}) =>
  JSON.stringify({ schema: 'yoxla.lab/1', name: 'bridge-test', network: { asn: 'AS29049', cc: 'AZ' }, sites, censor, ...extra });

/** One site blocked by SNI, one fine. */
const SMALL = scenario({ 'www.tiktok.com': {}, 'www.bbc.com': {} }, [{ host: 'tiktok.com', subdomains: true, at: 'sni', do: 'drop' }]);

/** Two quick sites first, then three whose packets are dropped (each takes timeouts to judge). */
const SLOW_TAIL = scenario(
  { 'fast-one.example': {}, 'fast-two.example': {}, 'slow-one.example': {}, 'slow-two.example': {}, 'slow-three.example': {} },
  ['slow-one.example', 'slow-two.example', 'slow-three.example'].map((host) => ({ host, at: 'ip', do: 'drop' })),
);

const last = (t: TestService, runId: string) => t.waitForEvent((e) => e.runId === runId && (e.type === 'finished' || e.type === 'failed'));
const ofRun = (events: ProgressEvent[], runId: string) => events.filter((e) => e.runId === runId);

test('a lab run: started, connectivity, target-start/done per target, finished; the run is in history as it was sent', async () => {
  await withService({}, async (t) => {
    const start = await t.service.invoke('run:start', { mode: 'lab', scenarioText: SMALL });
    assert.ok(start.ok, JSON.stringify(start));
    const end = await last(t, start.value.runId);
    assert.equal(end.type, 'finished', JSON.stringify(end));
    if (end.type !== 'finished') return;
    const events = ofRun(t.events, start.value.runId);
    assert.deepEqual(events.slice(0, 2).map((e) => e.type), ['started', 'connectivity']);
    assert.equal(events[0]?.type === 'started' && events[0].total, 2);
    assert.equal(events.filter((e) => e.type === 'target-start').length, 2);
    const done = events.filter((e) => e.type === 'target-done');
    assert.deepEqual(done.map((e) => e.type === 'target-done' && e.done), [1, 2]);
    assert.equal(events.at(-1), end);

    const byHost = Object.fromEntries(end.run.results.map((r) => [r.host, r]));
    assert.equal(byHost['www.tiktok.com']?.status, 'blocked');
    assert.equal(byHost['www.tiktok.com']?.method, 'tls.sni-drop');
    assert.equal(byHost['www.bbc.com']?.status, 'accessible');
    assert.equal(end.run.mode, 'lab');
    assert.equal(end.run.scenario, 'bridge-test');
    assert.equal(end.run.interrupted, false);
    // As `yoxla lab`: the scenario's sites were also measured over the lab's VPN path.
    assert.equal(end.run.vpnImpact.find((v) => v.host === 'www.tiktok.com')?.verdict, 'blocked-without-vpn');

    const list = await t.service.invoke('history:list', undefined);
    assert.ok(list.ok);
    assert.equal(list.value.length, 1);
    const entry = list.value[0];
    assert.equal(entry?.id, end.historyId);
    assert.deepEqual(entry?.counts, { accessible: 1, blocked: 1, down: 0, inconclusive: 0 });
    assert.equal(entry?.mode, 'lab');
    assert.equal(entry?.scenario, 'bridge-test');
    assert.deepEqual(entry?.network, { asn: 'AS29049', cc: 'AZ', name: 'Delta Telecom', vpn: 'off' });
    const opened = await t.service.invoke('history:open', { historyId: end.historyId });
    assert.ok(opened.ok);
    assert.deepEqual(opened.value, end.run);
    // The public IP is dropped by default: the run keeps it only when the settings ask.
    assert.equal(opened.value.network.ip, undefined);
  });
});

test('one run at a time: a second run:start or vpn:phase is busy until the first finished', async () => {
  await withService({}, async (t) => {
    const first = await t.service.invoke('run:start', { mode: 'lab', scenarioText: SMALL });
    assert.ok(first.ok);
    const second = await t.service.invoke('run:start', { mode: 'lab', scenario: 'site-down' });
    assert.equal(!second.ok && second.error.code, 'busy');
    const vpn = await t.service.invoke('vpn:phase', {});
    assert.equal(!vpn.ok && vpn.error.code, 'busy');
    assert.equal((await last(t, first.value.runId)).type, 'finished');
    // Free again as soon as the last event is out.
    const third = await t.service.invoke('run:start', { mode: 'lab', scenarioText: SMALL });
    assert.ok(third.ok, JSON.stringify(third));
    assert.equal((await last(t, third.value.runId)).type, 'finished');
    // Two starts arriving together: exactly one runs.
    const together = await Promise.all([
      t.service.invoke('run:start', { mode: 'lab', scenarioText: SMALL }),
      t.service.invoke('run:start', { mode: 'lab', scenarioText: SMALL }),
      t.service.invoke('vpn:phase', {}),
    ]);
    assert.equal(together.filter((a) => a.ok).length, 1, JSON.stringify(together));
    assert.deepEqual(together.filter((a) => !a.ok).map((a) => !a.ok && a.error.code), ['busy', 'busy']);
    const winner = together.find((a) => a.ok);
    assert.equal((await last(t, winner?.ok ? winner.value.runId : '')).type, 'finished');
  });
});

test('run:cancel stops the run and keeps what finished, saved as an interrupted run', async () => {
  await withService({ executor: createInProcessExecutor({ concurrency: 1 }) }, async (t) => {
    const start = await t.service.invoke('run:start', { mode: 'lab', scenarioText: SLOW_TAIL });
    assert.ok(start.ok);
    const { runId } = start.value;
    await t.waitForEvent((e) => e.runId === runId && e.type === 'target-done' && e.done === 2);
    assert.deepEqual(await t.service.invoke('run:cancel', { runId }), { ok: true, value: { cancelled: true } });
    assert.deepEqual(await t.service.invoke('run:cancel', { runId }), { ok: true, value: { cancelled: false } });
    const end = await last(t, runId);
    assert.equal(end.type, 'finished');
    if (end.type !== 'finished') return;
    assert.equal(end.run.interrupted, true);
    const hosts = end.run.results.map((r) => r.host).sort();
    assert.ok(hosts.length >= 2 && hosts.length < 5, hosts.join());
    assert.deepEqual(hosts.slice(0, 2), ['fast-one.example', 'fast-two.example']);
    const opened = await t.service.invoke('history:open', { historyId: end.historyId });
    assert.ok(opened.ok && opened.value.interrupted && opened.value.results.length === hosts.length);
    const list = await t.service.invoke('history:list', undefined);
    assert.ok(list.ok && list.value[0]?.interrupted === true);
  });
});

test('shutdown (quitting the app) cancels the run and waits until what finished is saved', async () => {
  await withService({ executor: createInProcessExecutor({ concurrency: 1 }) }, async (t) => {
    const start = await t.service.invoke('run:start', { mode: 'lab', scenarioText: SLOW_TAIL });
    assert.ok(start.ok);
    await t.waitForEvent((e) => e.type === 'target-done' && e.done === 1);
    await t.service.shutdown();
    const end = t.events.at(-1);
    assert.equal(end?.type, 'finished');
    const list = await t.service.invoke('history:list', undefined);
    assert.ok(list.ok && list.value.length === 1 && list.value[0]?.interrupted && (list.value[0]?.total ?? 0) >= 1);
  });
});

/** An executor that sends what it is given and then fails: the service's side of a crashed runner. */
function failingExecutor(sent: Run['results'], how: 'reject' | 'invalid-run'): RunExecutor {
  return {
    async execute(_request, onEvent) {
      onEvent({ type: 'started', total: sent.length + 1 });
      onEvent({ type: 'connectivity', connectivity: 'ok', rttMs: 42 });
      sent.forEach((result, i) => onEvent({ type: 'target-done', result, done: i + 1, total: sent.length + 1 }));
      if (how === 'reject') throw new Error('segfault in the runner');
      return { schema: 'yoxla.run/1', results: 'not a list' } as unknown as Run;
    },
  };
}

test('a runner that fails mid-run: `failed` with runner-crashed, and what had arrived is kept as an interrupted run', async () => {
  const arrived = sampleResults().slice(0, 2);
  await withService({ executor: failingExecutor(arrived, 'reject') }, async (t) => {
    const start = await t.service.invoke('run:start', { mode: 'lab', scenario: 'az-2022-tiktok' });
    assert.ok(start.ok);
    const end = await last(t, start.value.runId);
    assert.equal(end.type, 'failed');
    if (end.type !== 'failed') return;
    assert.equal(end.error.code, 'runner-crashed');
    assert.match(end.error.detail, /segfault in the runner/);
    assert.ok(end.historyId);
    const kept = await t.service.invoke('history:open', { historyId: end.historyId });
    assert.ok(kept.ok);
    assert.equal(kept.value.interrupted, true);
    assert.equal(kept.value.scenario, 'az-2022-tiktok');
    assert.equal(kept.value.network.rttMs, 42);
    assert.deepEqual(kept.value.results.map((r) => r.input), arrived.map((r) => r.input));
  });
  await withService({ executor: failingExecutor([], 'invalid-run') }, async (t) => {
    const start = await t.service.invoke('run:start', { mode: 'check', sets: ['news'] });
    assert.ok(start.ok);
    const end = await last(t, start.value.runId);
    assert.equal(end.type === 'failed' && end.error.code, 'runner-crashed');
    assert.equal(end.type === 'failed' && end.historyId, null);
    assert.deepEqual(await t.service.invoke('history:list', undefined), { ok: true, value: [] });
  });
});

test('a run that cannot happen ends in `failed`; a list that is not one is refused at once, with its line', async () => {
  await withService({}, async (t) => {
    const start = await t.service.invoke('run:start', { mode: 'check', sets: [] });
    assert.ok(start.ok);
    const end = await last(t, start.value.runId);
    assert.equal(end.type === 'failed' && end.error.code, 'bad-request');
    // As the Choose screen says it (lists:validate): nothing starts, the slot stays free.
    const empty = await t.service.invoke('run:start', { mode: 'check', list: '# only a comment\n' });
    assert.ok(!empty.ok && empty.error.code === 'bad-file', JSON.stringify(empty));
    const list = await t.service.invoke('run:start', { mode: 'check', list: 'https://ok.example/\nnot a url at all ::\n' });
    assert.ok(!list.ok && list.error.code === 'bad-file' && list.error.detail.startsWith('line 2:'), JSON.stringify(list));
    const checked = await t.service.invoke('lists:validate', { text: 'https://ok.example/\nnot a url at all ::\n' });
    assert.ok(checked.ok && !checked.value.valid && checked.value.line === 2, JSON.stringify(checked));
  });
});

test('check mode with a custom list runs against the lab standing in for the network (renderer tests)', async () => {
  await withService({ checkScenario: 'az-2022-tiktok' }, async (t) => {
    const start = await t.service.invoke('run:start', { mode: 'check', list: 'www.tiktok.com\nhttps://www.bbc.com/\n' });
    assert.ok(start.ok);
    const end = await last(t, start.value.runId);
    assert.equal(end.type, 'finished', JSON.stringify(end));
    if (end.type !== 'finished') return;
    assert.deepEqual(end.run.results.map((r) => [r.host, r.status, r.method]).sort(), [
      ['www.bbc.com', 'accessible', null],
      ['www.tiktok.com', 'blocked', 'tls.sni-drop'],
    ]);
    assert.equal(end.run.network.asn, 'AS29049');
  });
});

test('strategies are passed through to lab runs: a blocked target carries what each strategy achieved', async () => {
  await withService({}, async (t) => {
    const start = await t.service.invoke('run:start', { mode: 'lab', scenarioText: SMALL, strategies: true });
    assert.ok(start.ok);
    const end = await last(t, start.value.runId);
    assert.equal(end.type, 'finished', JSON.stringify(end));
    if (end.type !== 'finished') return;
    const blocked = end.run.results.find((r) => r.host === 'www.tiktok.com');
    assert.ok(blocked?.strategies && Object.keys(blocked.strategies).length > 0, JSON.stringify(blocked?.strategies));
    assert.equal(end.run.results.find((r) => r.host === 'www.bbc.com')?.strategies, undefined);
  });
});

test('the VPN wizard with the lab: first phase saved, same state again, toggled and compared', async () => {
  await withService({}, async (t) => {
    const before = await t.service.invoke('vpn:state', undefined);
    assert.deepEqual(before, { ok: true, value: { vpn: 'off', firstPhase: null } });

    const phase1 = await t.service.invoke('vpn:phase', {});
    assert.ok(phase1.ok);
    const first = await last(t, phase1.value.runId);
    assert.equal(first.type, 'finished', JSON.stringify(first));
    if (first.type !== 'finished') return;
    assert.equal(first.run.mode, 'vpn');
    const state1 = await t.service.invoke('vpn:state', undefined);
    assert.ok(state1.ok && state1.value.firstPhase);
    assert.equal(state1.value.firstPhase.vpn, 'off');
    assert.equal(state1.value.firstPhase.historyId, first.historyId);

    // Not toggled: nothing to compare, the first phase stays.
    const phase2 = await t.service.invoke('vpn:phase', {});
    assert.ok(phase2.ok);
    const same = await last(t, phase2.value.runId);
    assert.equal(same.type, 'finished');
    assert.equal(same.type === 'finished' && same.run.vpnImpact.length, 0);
    const state2 = await t.service.invoke('vpn:state', undefined);
    assert.ok(state2.ok && state2.value.firstPhase?.historyId === first.historyId);

    t.setVpn('on');
    const phase3 = await t.service.invoke('vpn:phase', {});
    assert.ok(phase3.ok);
    const compared = await last(t, phase3.value.runId);
    assert.equal(compared.type, 'finished');
    if (compared.type !== 'finished') return;
    const verdicts = Object.fromEntries(compared.run.vpnImpact.map((v) => [v.host, v.verdict]));
    assert.equal(verdicts['kapitalbank.az'], 'breaks-with-vpn');
    assert.equal(verdicts['e-taxes.gov.az'], 'breaks-with-vpn');
    assert.equal(verdicts['www.azercell.com'], 'works-both');
    assert.equal(compared.run.network.vpn, 'off', 'the compared run is the one without the VPN');
    const after = await t.service.invoke('vpn:state', undefined);
    assert.deepEqual(after, { ok: true, value: { vpn: 'on', firstPhase: null } });
    const list = await t.service.invoke('history:list', undefined);
    assert.ok(list.ok && list.value.length === 3 && list.value.every((e) => e.mode === 'vpn'));
  });
});

test('vpn:phase restart forgets a saved first phase', async () => {
  await withService({}, async (t) => {
    const phase1 = await t.service.invoke('vpn:phase', {});
    assert.ok(phase1.ok);
    const first = await last(t, phase1.value.runId);
    t.setVpn('on');
    const again = await t.service.invoke('vpn:phase', { restart: true });
    assert.ok(again.ok);
    const restarted = await last(t, again.value.runId);
    assert.equal(restarted.type, 'finished');
    const state = await t.service.invoke('vpn:state', undefined);
    assert.ok(state.ok && state.value.firstPhase);
    assert.equal(state.value.firstPhase.vpn, 'on');
    assert.notEqual(state.value.firstPhase.historyId, first.type === 'finished' ? first.historyId : null);
    assert.equal(state.value.firstPhase.historyId, restarted.type === 'finished' ? restarted.historyId : 'none');
  });
});

test('history of the sample run is summarised from its results', async () => {
  // A guard that the counts above come from results, not from anything the executor says.
  const { historyEntry } = await import('../../main/bridge/history-store.ts');
  const entry = historyEntry('x', sampleRun());
  assert.equal(entry.total, sampleRun().results.length);
  assert.equal(Object.values(entry.counts).reduce((a, b) => a + b, 0), entry.total);
});
