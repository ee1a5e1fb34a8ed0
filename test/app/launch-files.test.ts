// Files the system hands to the app (a report or scenario double-clicked, "Open with Yoxla"):
// on the command line (Windows, Linux), from a second instance, or as macOS `open-file` events
// that can come before the app is ready. They wait until the page has loaded, then go to the
// service and the page like File > Open. Played with the fake Electron, the page's load held back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FILE_OPENED_CHANNEL } from '../../main/app/open-file.ts';
import { LaunchFileQueue, MAX_LAUNCH_FILES, filesInArgv } from '../../main/app/launch-files.ts';
import { startShell } from '../../main/app/shell.ts';
import { createFakeElectron, fakeEvent } from './fake-electron.ts';
import { createFakeService, type FakeService } from './fake-service.ts';
import { scratch } from './scratch.ts';
import { until } from './wait.ts';

const tempDir = scratch('yoxla-launch');

const settle = async () => {
  for (let i = 0; i < 50; i += 1) await new Promise((r) => setImmediate(r));
};

test('the files on a command line: after the executable (and, unpacked, the app), not switches, made absolute', () => {
  const cwd = resolve('/home/aysel/Downloads');
  assert.deepEqual(filesInArgv(['/opt/Yoxla/yoxla', 'report.json', '--allow-file-access-from-files', resolve('/tmp/x.jsonl')], { workingDirectory: cwd, packaged: true }), [
    join(cwd, 'report.json'),
    resolve('/tmp/x.jsonl'),
  ]);
  // Unpacked: `electron [switches] dist/main/app/main.js --user-data-dir=… scenario.json`, `electron . run.JSONL`
  assert.deepEqual(filesInArgv(['/usr/bin/electron', '--inspect=0', 'dist/main/app/main.js', '--user-data-dir=/tmp/u', 'scenario.json'], { workingDirectory: cwd, packaged: false }), [join(cwd, 'scenario.json')]);
  assert.deepEqual(filesInArgv(['electron', '.', 'run.JSONL'], { workingDirectory: cwd, packaged: false }), [join(cwd, 'run.JSONL')]);
  // Packaged: "Open with" may hand over any file; opening it says what is wrong with it.
  assert.deepEqual(filesInArgv(['/opt/Yoxla/yoxla', 'notes.txt'], { workingDirectory: cwd, packaged: true }), [join(cwd, 'notes.txt')]);
  assert.deepEqual(filesInArgv(['/Applications/Yoxla.app/Contents/MacOS/Yoxla', '-psn_0_1234'], { workingDirectory: cwd, packaged: true }), []);
  assert.deepEqual(filesInArgv([], { workingDirectory: cwd, packaged: true }), []);
  const many = Array.from({ length: 40 }, (_, i) => `f${i}.json`);
  assert.equal(filesInArgv(['yoxla', ...many], { workingDirectory: cwd, packaged: true }).length, MAX_LAUNCH_FILES);
});

test('the queue holds paths until open, once each, then passes them straight on; close holds again', () => {
  const delivered: string[][] = [];
  const queue = new LaunchFileQueue((paths) => delivered.push(paths));
  queue.add(['/a.json']);
  queue.add(['/b.json', '/a.json']);
  queue.add([]);
  assert.deepEqual(delivered, []);
  assert.deepEqual(queue.waiting, ['/a.json', '/b.json']);
  queue.open();
  assert.deepEqual(delivered, [['/a.json', '/b.json']]);
  queue.add(['/c.json']);
  assert.deepEqual(delivered, [['/a.json', '/b.json'], ['/c.json']]);
  queue.close();
  queue.add(['/d.json']);
  assert.equal(delivered.length, 2);
  queue.open();
  assert.deepEqual(delivered.at(-1), ['/d.json']);
});

async function start(argv: string[], platform: NodeJS.Platform = 'win32') {
  const userData = await tempDir();
  const rendererDir = join(userData, 'renderer-build');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Yoxla</title>');
  const fake = createFakeElectron({ userData, holdPageLoad: true });
  let service: FakeService | null = null;
  const log: string[] = [];
  const shell = startShell(
    fake.electron,
    { rendererDir, preload: '/opt/yoxla/preload.cjs' },
    {
      createService: (options) => {
        service = createFakeService(options);
        service.answers.set('scenarios:validate', (payload) => ({
          ok: true,
          value: { name: (payload as { name: string }).name.replace(/\.json$/, ''), blockedHosts: [], hasVpn: false, hasStrategies: false },
        }));
        return service;
      },
      createExecutor: () => ({ execute: async () => assert.fail('no run here') }),
      about: { version: '9.9.9', engine: '8.8.8', targetLists: { tiktok: '2026-11-23', news: '2026-10-01' }, electron: '39.8.10' },
      log: (m) => log.push(m),
      platform,
      argv,
      workingDirectory: userData,
    },
  );
  assert.ok(shell);
  return { fake, userData, log, service: () => service ?? assert.fail('no service yet') };
}

const scenario = (name: string) => JSON.stringify({ schema: 'yoxla.lab/1', name, sites: {}, censor: [] });
const opened = (window: { webContents: { sent: Array<[string, unknown]> } }) =>
  window.webContents.sent.filter(([channel]) => channel === FILE_OPENED_CHANNEL).map(([, event]) => (event as { name: string }).name);

test('a file on the command line and a macOS open-file before ready wait for the page, then open in order', async () => {
  const dir = await tempDir();
  await writeFile(join(dir, 'workshop.json'), scenario('workshop'));
  await writeFile(join(dir, 'from-finder.json'), scenario('from-finder'));
  const { fake, service } = await start(['C:\\Program Files\\Yoxla\\Yoxla.exe', join(dir, 'workshop.json'), '--some-chromium-switch']);
  // macOS: the event comes before the app is ready, and must be taken (preventDefault).
  const early = fakeEvent();
  fake.app.emit('open-file', early, join(dir, 'from-finder.json'));
  assert.equal(early.prevented, true);

  fake.makeReady();
  await until(() => fake.windows.length === 1, 'the window');
  const window = fake.windows[0]!;
  await settle();
  assert.deepEqual(opened(window), [], 'nothing sent before the page has loaded');
  assert.ok(!service().invocations.some((i) => i.channel === 'scenarios:validate'), 'not even read yet');

  window.finishLoad();
  await until(() => opened(window).length === 2, 'both files delivered');
  assert.deepEqual(opened(window), ['workshop.json', 'from-finder.json']);
  const [, first] = window.webContents.sent.find(([channel]) => channel === FILE_OPENED_CHANNEL)!;
  assert.deepEqual(first, { kind: 'scenario', name: 'workshop.json', text: scenario('workshop'), info: { name: 'workshop', blockedHosts: [], hasVpn: false, hasStrategies: false } });
});

test('a second instance hands over its files (relative to its folder) and the first window comes forward', async () => {
  const { fake, service } = await start(['/opt/Yoxla/yoxla'], 'linux');
  fake.makeReady();
  await until(() => fake.windows.length === 1, 'the window');
  const window = fake.windows[0]!;
  window.finishLoad();
  await settle();
  const elsewhere = await tempDir();
  await writeFile(join(elsewhere, 'aysel run.json'), '{"schema":"yoxla.run/1"}');
  window.minimized = true;
  fake.app.emit('second-instance', fakeEvent(), ['/opt/Yoxla/yoxla', '--enable-features=X', 'aysel run.json'], elsewhere);
  await until(() => opened(window).length === 1, 'the handed-over file');
  assert.equal(window.minimized, false);
  assert.ok(window.focused > 0);
  assert.deepEqual(service().invocations.find((i) => i.channel === 'history:import')?.payload, { name: 'aysel run.json', text: '{"schema":"yoxla.run/1"}' });
  // The fake service has no answer for history:import: the page hears that it failed, and why.
  assert.deepEqual(window.webContents.sent.at(-1), [FILE_OPENED_CHANNEL, { kind: 'failed', name: 'aysel run.json', error: { code: 'unavailable', detail: 'fake' } }]);
});

test('while the page reloads (after a crash) a handed-over file waits for the new page', async () => {
  const { fake } = await start(['/opt/Yoxla/yoxla'], 'linux');
  fake.makeReady();
  await until(() => fake.windows.length === 1, 'the window');
  const window = fake.windows[0]!;
  window.finishLoad();
  await settle();
  const dir = await tempDir();
  await writeFile(join(dir, 'late.json'), scenario('late'));
  window.webContents.emit('did-start-loading');
  fake.app.emit('second-instance', fakeEvent(), ['/opt/Yoxla/yoxla', join(dir, 'late.json')], dir);
  await settle();
  assert.deepEqual(opened(window), []);
  window.webContents.emit('did-finish-load');
  await until(() => opened(window).length === 1, 'delivered to the new page');
});
