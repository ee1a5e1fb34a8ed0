// Runs happen in the runner process (an Electron utilityProcess in the app): the shell's executor
// starts it with the runner's entry, a crash of it ends the run with `runner-crashed` and keeps
// what had finished, and the next run starts a fresh runner. First with a scripted stand-in for
// utilityProcess, then with a real child process running real lab runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import type { ProgressEvent } from '../../main/contract/bridge.ts';
import { createBridgeService } from '../../main/bridge/service.ts';
import { runnerEntryPath } from '../../main/bridge/runner-ports.ts';
import type { ShellElectron } from '../../main/app/electron-api.ts';
import { createUtilityExecutor, RUNNER_SERVICE_NAME } from '../../main/app/runner-process.ts';
import { createFakeElectron, next, type FakeUtilityProcess } from './fake-electron.ts';
import { sampleResults } from '../support/report-fixtures.ts';
import { scratch } from './scratch.ts';
import { until } from './wait.ts';

const tempDir = scratch('yoxla-runner');

async function serviceWith(electron: Pick<ShellElectron, 'utilityProcess'>) {
  const dataDir = await tempDir();
  const executor = createUtilityExecutor(electron, () => undefined);
  const service = createBridgeService({ storage: { dataDir }, executor, chooseSavePath: async () => null, printPdf: async () => new Uint8Array(), log: () => undefined });
  const events: ProgressEvent[] = [];
  const ended = new EventEmitter();
  service.onProgress((event) => {
    events.push(event);
    if (event.type === 'finished' || event.type === 'failed') ended.emit(event.runId, event);
    if (event.type === 'target-done') ended.emit(`${event.runId}:target-done`, event);
  });
  const consent = await service.invoke('settings:set', { consentAccepted: true, consentVersion: 1 });
  assert.ok(consent.ok);
  const start = async (scenario: string, sets: Array<'news' | 'tiktok'> = []) => {
    const started = await service.invoke('run:start', { mode: 'lab', scenario, sets });
    assert.ok(started.ok, JSON.stringify(started));
    return started.value.runId;
  };
  return { service, executor, events, ended, start };
}

test('the runner is a utilityProcess started from the runner entry', async () => {
  const fake = createFakeElectron({ userData: tmpdir() });
  const { start, ended } = await serviceWith(fake.electron);
  const runId = await start('site-down');
  await until(() => fake.forks.length === 1);
  const child = fake.forks[0] as FakeUtilityProcess;
  assert.equal(child.modulePath, runnerEntryPath());
  assert.deepEqual(child.options, { serviceName: RUNNER_SERVICE_NAME, stdio: 'inherit', execArgv: ['--max-old-space-size=128', '--max-semi-space-size=2'] });
  child.emit('exit', 0);
  await next(ended, runId);
});

test('a runner that crashes mid-run: the run fails with runner-crashed, what finished is kept, the app goes on', async () => {
  const fake = createFakeElectron({ userData: tmpdir() });
  const { start, ended, events, service } = await serviceWith(fake.electron);
  const runId = await start('site-down');
  await until(() => fake.forks.length === 1);
  const child = fake.forks[0] as FakeUtilityProcess;
  const posted = next(child, 'fake:posted');
  child.emit('message', { type: 'ready' });
  const [execute] = (await posted) as [{ type: string; id: string; request: { mode: string; scenario: string } }];
  assert.equal(execute.type, 'execute');
  assert.deepEqual(execute.request, { mode: 'lab', scenario: 'site-down', sets: [], strategies: false });
  const [result] = sampleResults();
  child.emit('message', { type: 'event', id: execute.id, event: { type: 'started', total: 2 } });
  child.emit('message', { type: 'event', id: execute.id, event: { type: 'target-done', result, done: 1, total: 2 } });
  const failed = next(ended, runId);
  child.emit('exit', 134); // e.g. abort(): out of memory in the runner
  const [last] = (await failed) as [Extract<ProgressEvent, { type: 'failed' }>];
  assert.equal(last.error.code, 'runner-crashed');
  assert.match(last.error.detail, /exited with code 134/);
  assert.ok(last.historyId, 'the finished target is kept in history');
  const kept = await service.invoke('history:open', { historyId: last.historyId });
  assert.ok(kept.ok && kept.value.interrupted === true && kept.value.results.length === 1);
  assert.deepEqual(events.filter((e) => e.runId === runId).map((e) => e.type), ['started', 'target-done', 'failed']);

  // The next run gets a fresh runner.
  await start('site-down');
  await until(() => fake.forks.length === 2);
});

/** utilityProcess.fork stood in for by Node's fork, with the same surface the executor uses. */
const nodeUtilityProcess = (children: Array<ReturnType<typeof fork>>): Pick<ShellElectron, 'utilityProcess'> =>
  ({
    utilityProcess: {
      fork(modulePath: string) {
        const child = fork(modulePath, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
        children.push(child);
        const events = new EventEmitter();
        child.on('message', (message) => events.emit('message', message));
        child.on('exit', (code) => events.emit('exit', code ?? 1));
        return {
          postMessage: (message: unknown) => child.connected && child.send(message as never),
          on: (event: string, listener: (...args: unknown[]) => void) => events.on(event, listener),
          kill: () => child.kill('SIGKILL'),
        };
      },
    },
  }) as unknown as Pick<ShellElectron, 'utilityProcess'>;

test('real runs in a real runner process: finished, then killed mid-run (runner-crashed, partial kept), then finished again', async () => {
  const children: Array<ReturnType<typeof fork>> = [];
  const { start, ended, executor } = await serviceWith(nodeUtilityProcess(children));
  try {
    const first = await start('site-down');
    const [done] = (await next(ended, first)) as [ProgressEvent];
    assert.equal(done.type, 'finished', JSON.stringify(done));
    if (done.type === 'finished') assert.ok(done.run.results.some((r) => r.host === 'www.dosye.org' && r.status === 'down'));
    assert.equal(children.length, 1);

    // Many targets, so the runner is surely still busy when it is killed after the first one.
    const second = await start('site-down', ['news']);
    await next(ended, `${second}:target-done`);
    children[0]?.kill('SIGKILL');
    const [crashed] = (await next(ended, second)) as [ProgressEvent];
    assert.equal(crashed.type, 'failed');
    if (crashed.type === 'failed') {
      assert.equal(crashed.error.code, 'runner-crashed');
      assert.notEqual(crashed.historyId, null, 'what finished before the crash is kept');
    }

    const third = await start('site-down');
    const [again] = (await next(ended, third)) as [ProgressEvent];
    assert.equal(again.type, 'finished');
    assert.equal(children.length, 2, 'a fresh runner after the crash');
  } finally {
    await executor.close?.();
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
});

