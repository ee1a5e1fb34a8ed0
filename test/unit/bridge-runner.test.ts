// The runner in its own process (what the app runs in a utilityProcess), here a Node child with an
// IPC channel: a real lab run through it, cancel as a message, a runner killed mid-run reported as
// `runner-crashed` with what had arrived kept, and both ends ignoring malformed messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../main/paths.ts';
import { createChildExecutor } from '../../main/bridge/child-executor.ts';
import { forkRunner } from '../../main/bridge/runner-ports.ts';
import { serveRunner } from '../../main/bridge/runner-host.ts';
import type { FromRunner, RunnerChild, RunnerPort, ToRunner } from '../../main/bridge/protocol.ts';
import type { ExecutorEvent, RunExecutor } from '../../main/bridge/types.ts';
import type { Run } from '../../main/contract/run.ts';
import { createTestService, type TestService } from '../support/bridge-harness.ts';
import { sampleRun } from '../support/report-fixtures.ts';

/** The child gets the same loopback-only guard as every test process. */
const spawnRunner = forkRunner({ execArgv: ['--import', 'tsx', '--import', join(PACKAGE_ROOT, 'test', 'support', 'loopback-only.ts')] });

const scenario = (sites: Record<string, object>, censor: object[]) =>
  JSON.stringify({ schema: 'yoxla.lab/1', name: 'runner-test', network: { asn: 'AS29049', cc: 'AZ' }, sites, censor });
const SMALL = scenario({ 'www.tiktok.com': {}, 'www.bbc.com': {} }, [{ host: 'tiktok.com', subdomains: true, at: 'sni', do: 'drop' }]);
const SLOW_TAIL = scenario(
  { 'fast-one.example': {}, 'slow-one.example': {}, 'slow-two.example': {}, 'slow-three.example': {} },
  ['slow-one.example', 'slow-two.example', 'slow-three.example'].map((host) => ({ host, at: 'ip', do: 'drop' })),
);

async function withChildService(fn: (t: TestService, children: RunnerChild[]) => Promise<void>): Promise<void> {
  const children: RunnerChild[] = [];
  const executor = createChildExecutor(() => {
    const child = spawnRunner();
    children.push(child);
    return child;
  });
  const t = await createTestService({ executor, settings: { consentAccepted: true }, printPdf: async () => new Uint8Array() });
  try {
    await fn(t, children);
  } finally {
    await t.close();
    await executor.close();
  }
}

const lastOf = (t: TestService, runId: string) => t.waitForEvent((e) => e.runId === runId && (e.type === 'finished' || e.type === 'failed'));

test('a lab run in the runner process: events arrive in order and the run is saved', async () => {
  await withChildService(async (t, children) => {
    const start = await t.service.invoke('run:start', { mode: 'lab', scenarioText: SMALL });
    assert.ok(start.ok);
    const end = await lastOf(t, start.value.runId);
    assert.equal(end.type, 'finished', JSON.stringify(end));
    if (end.type !== 'finished') return;
    assert.deepEqual(t.events.slice(0, 2).map((e) => e.type), ['started', 'connectivity']);
    assert.equal(t.events.filter((e) => e.type === 'target-done').length, 2);
    assert.equal(end.run.results.find((r) => r.host === 'www.tiktok.com')?.method, 'tls.sni-drop');
    // The same runner serves the next run.
    const again = await t.service.invoke('run:start', { mode: 'lab', scenarioText: SMALL });
    assert.ok(again.ok);
    assert.equal((await lastOf(t, again.value.runId)).type, 'finished');
    assert.equal(children.length, 1);
  });
});

test('cancel reaches the runner as a message; what finished comes back as an interrupted run', async () => {
  await withChildService(async (t) => {
    const start = await t.service.invoke('run:start', { mode: 'lab', scenarioText: SLOW_TAIL });
    assert.ok(start.ok);
    await t.waitForEvent((e) => e.type === 'target-done');
    assert.deepEqual(await t.service.invoke('run:cancel', { runId: start.value.runId }), { ok: true, value: { cancelled: true } });
    const end = await lastOf(t, start.value.runId);
    assert.equal(end.type, 'finished', JSON.stringify(end));
    if (end.type !== 'finished') return;
    assert.equal(end.run.interrupted, true);
    assert.ok(end.run.results.some((r) => r.host === 'fast-one.example'));
    assert.ok(end.run.results.length < 4);
  });
});

test('a runner killed mid-run: `failed` with runner-crashed, the results that arrived kept, the next run gets a new runner', async () => {
  await withChildService(async (t, children) => {
    const start = await t.service.invoke('run:start', { mode: 'lab', scenarioText: SLOW_TAIL });
    assert.ok(start.ok);
    await t.waitForEvent((e) => e.type === 'target-done');
    children[0]?.kill();
    const end = await lastOf(t, start.value.runId);
    assert.equal(end.type, 'failed', JSON.stringify(end));
    if (end.type !== 'failed') return;
    assert.equal(end.error.code, 'runner-crashed');
    assert.match(end.error.detail, /SIGKILL/);
    assert.ok(end.historyId);
    const arrived = t.events.filter((e) => e.type === 'target-done').map((e) => (e.type === 'target-done' ? e.result.input : ''));
    const kept = await t.service.invoke('history:open', { historyId: end.historyId });
    assert.ok(kept.ok);
    assert.equal(kept.value.interrupted, true);
    assert.equal(kept.value.scenario, 'runner-test');
    assert.deepEqual(kept.value.results.map((r) => r.input), arrived);

    const next = await t.service.invoke('run:start', { mode: 'lab', scenarioText: SMALL });
    assert.ok(next.ok, JSON.stringify(next));
    assert.equal((await lastOf(t, next.value.runId)).type, 'finished');
    assert.equal(children.length, 2);
  });
});

/** A port for serveRunner in this process, recording what the runner posts. */
function fakePort() {
  const posted: FromRunner[] = [];
  let deliver: (message: unknown) => void = () => undefined;
  const port: RunnerPort = {
    postMessage: (m) => posted.push(m),
    onMessage: (listener) => (deliver = listener),
    onClose: () => undefined,
  };
  return { port, posted, send: (m: unknown) => deliver(m) };
}

test('the runner ignores malformed messages, refuses a second run with the same id, and aborts on cancel', async () => {
  let seenSignal: AbortSignal | null = null;
  let release: (run: Run) => void = () => undefined;
  const executor: RunExecutor = {
    execute: (request, onEvent, signal) => {
      assert.equal(request.mode, 'lab');
      assert.equal(request.useControl, false);
      seenSignal = signal;
      onEvent({ type: 'started', total: 1 });
      return new Promise<Run>((resolve) => (release = resolve));
    },
  };
  const logs: string[] = [];
  const { port, posted, send } = fakePort();
  serveRunner(port, executor, (m) => logs.push(m));
  assert.deepEqual(posted, [{ type: 'ready' }]);
  for (const bad of [null, 'execute', { type: 'execute' }, { type: 'execute', id: '../x', request: { mode: 'lab', scenario: 'a' }, settings: { useControl: false, includeIp: false } }, { type: 'run', id: 'a' }]) send(bad);
  assert.equal(logs.length, 5);
  assert.equal(posted.length, 1);
  const execute: ToRunner = { type: 'execute', id: 'r1', request: { mode: 'lab', scenario: 'site-down' }, settings: { useControl: false, includeIp: false } };
  send(execute);
  send(execute);
  assert.deepEqual(posted[1], { type: 'event', id: 'r1', event: { type: 'started', total: 1 } });
  assert.equal(posted[2]?.type === 'error' && posted[2].error.code, 'busy');
  send({ type: 'cancel', id: 'r1' });
  assert.equal((seenSignal as AbortSignal | null)?.aborted, true);
  release(sampleRun({ interrupted: true }));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(posted.at(-1)?.type, 'done');
});

/** A runner child in this process, driven by the test. */
function fakeChild() {
  let toMain: (m: unknown) => void = () => undefined;
  let exit: (code: number | null, signal: string | null) => void = () => undefined;
  const received: ToRunner[] = [];
  const child: RunnerChild = {
    postMessage: (m) => received.push(m),
    onMessage: (l) => (toMain = l),
    onExit: (l) => (exit = l),
    kill: () => exit(null, 'SIGKILL'),
  };
  return { child, received, say: (m: unknown) => toMain(m), exit: (code: number | null) => exit(code, null) };
}

test('main ignores malformed runner messages and rejects with runner-crashed when the runner exits', async () => {
  const fake = fakeChild();
  const logs: string[] = [];
  const executor = createChildExecutor(() => fake.child, { log: (m) => logs.push(m) });
  const events: ExecutorEvent[] = [];
  const running = executor.execute({ mode: 'lab', scenario: 'site-down', useControl: true, includeIp: false }, (e) => events.push(e), new AbortController().signal);
  fake.say({ type: 'ready' });
  await new Promise((resolve) => setImmediate(resolve));
  const sent = fake.received[0];
  assert.equal(sent?.type, 'execute');
  assert.deepEqual(sent?.type === 'execute' && sent.settings, { useControl: true, includeIp: false });
  assert.equal(sent?.type === 'execute' && 'useControl' in sent.request, false, 'settings travel apart from the strict request');
  const id = sent?.type === 'execute' ? sent.id : '';
  fake.say({ type: 'event', id, event: { type: 'started', total: -1 } });
  fake.say({ type: 'done', id, run: { schema: 'yoxla.run/1' } });
  fake.say({ type: 'event', id, event: { type: 'started', total: 3 } });
  assert.deepEqual(events, [{ type: 'started', total: 3 }]);
  assert.equal(logs.length, 2);
  fake.exit(3);
  await assert.rejects(running, (err: Error & { code?: string }) => err.code === 'runner-crashed' && /exited with code 3/.test(err.message));
});

test('an OONI file is explained in the runner process, never in main; a file that is not one is a bad-file error', async () => {
  const { conditionCases } = await import('../support/ooni-conditions.ts');
  const measurement = conditionCases().find((c) => c.method === 'tls.sni-reset')?.measurement;
  assert.ok(measurement);
  await withChildService(async (t, children) => {
    assert.equal(children.length, 0);
    const explained = await t.service.invoke('ooni:explain', { name: 'm.json', text: JSON.stringify(measurement) });
    assert.ok(explained.ok, JSON.stringify(explained));
    assert.equal(children.length, 1, 'the runner process did the work');
    const run = await t.service.invoke('history:open', { historyId: explained.value.id });
    assert.ok(run.ok);
    assert.equal(run.value.mode, 'import');
    assert.equal(`${run.value.results[0]?.status}/${run.value.results[0]?.method}`, 'blocked/tls.sni-reset');
    const bad = await t.service.invoke('ooni:explain', { name: 'run.json', text: '{"schema":"yoxla.run/1"}' });
    assert.ok(!bad.ok);
    assert.equal(bad.error.code, 'bad-file');
    assert.match(bad.error.detail, /run\.json: not an OONI web_connectivity measurement/);
  });
});
