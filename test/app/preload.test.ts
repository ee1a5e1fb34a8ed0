// The preload as it ships: built by Vite (vite.preload.config.ts) into one CommonJS file that a
// sandboxed renderer can load, run here in a fresh context with fake Electron renderer modules.
// It exposes exactly YoxlaBridge (+ onFileOpened), forwards to ipcRenderer, and never throws.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import vm from 'node:vm';
import { PROGRESS_CHANNEL, type YoxlaBridge } from '../../main/contract/bridge.ts';
import { FILE_OPENED_CHANNEL } from '../../main/app/open-file.ts';
import { scratch } from './scratch.ts';

const tempDir = scratch('yoxla-preload');

const ROOT = join(import.meta.dirname, '..', '..');
let bundle = '';

before(async () => {
  const out = await tempDir();
  const vite = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', 'vite.preload.config.ts', '--outDir', out, '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(vite.status, 0, vite.stderr);
  bundle = await readFile(join(out, 'preload.cjs'), 'utf8');
});

function load(argv: string[] = ['/opt/yoxla/yoxla', '--type=renderer']) {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const invocations: unknown[][] = [];
  let invokeResult: () => Promise<unknown> = async () => ({ ok: true, value: 'answer' });
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invocations.push(args);
        return invokeResult();
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(listener);
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.get(channel)?.delete(listener),
    },
  };
  const module = { exports: {} };
  const context = vm.createContext({
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    },
    module,
    exports: module.exports,
    process: { argv },
    navigator: { languages: ['en-US', 'en'] },
  });
  vm.runInContext(bundle, context, { filename: 'preload.cjs' });
  const bridge = exposed.get('yoxla') as YoxlaBridge & { onFileOpened(listener: (event: unknown) => void): () => void };
  return {
    exposed,
    bridge,
    invocations,
    listeners,
    required,
    answerWith(result: () => Promise<unknown>) {
      invokeResult = result;
    },
  };
}

test('one CommonJS file that requires only electron (a sandboxed preload can load nothing else)', () => {
  const { required, exposed } = load();
  assert.deepEqual(required, ['electron']);
  assert.deepEqual([...exposed.keys()], ['yoxla']);
  assert.doesNotMatch(bundle, /\bimport\s*[{*(]|\bexport\s/, 'no ES module syntax left');
});

test('window.yoxla is the bridge and nothing more', () => {
  const { bridge } = load();
  assert.deepEqual(Object.keys(bridge).sort(), ['invoke', 'onFileOpened', 'onProgress', 'systemLanguages']);
  assert.ok(Object.isFrozen(bridge.systemLanguages));
});

test('invoke goes to ipcRenderer.invoke with the channel and one payload', async () => {
  const { bridge, invocations } = load();
  assert.deepEqual(await bridge.invoke('history:list', null), { ok: true, value: 'answer' });
  assert.deepEqual(invocations, [['history:list', null]]);
});

test('invoke never throws: an IPC failure comes back as an error value', async () => {
  const { bridge, answerWith } = load();
  answerWith(async () => {
    throw new Error("No handler registered for 'evil:channel'");
  });
  // The answer is made in the preload's own context: compare it as data.
  assert.deepEqual(JSON.parse(JSON.stringify(await bridge.invoke('evil:channel' as never, {} as never))), {
    ok: false,
    error: { code: 'bad-request', detail: "evil:channel: No handler registered for 'evil:channel'" },
  });
});

test('onProgress and onFileOpened listen on the main process channels and stop when asked', () => {
  const { bridge, listeners } = load();
  assert.equal(PROGRESS_CHANNEL, 'run:progress');
  const progress: unknown[] = [];
  const stop = bridge.onProgress((event) => progress.push(event));
  const files: unknown[] = [];
  const stopFiles = bridge.onFileOpened((event) => files.push(event));
  for (const listener of listeners.get(PROGRESS_CHANNEL) ?? []) listener({ sender: 'ipc event, not passed on' }, { runId: 'r', type: 'started', total: 1 });
  for (const listener of listeners.get(FILE_OPENED_CHANNEL) ?? []) listener({}, { kind: 'failed' });
  assert.deepEqual(progress, [{ runId: 'r', type: 'started', total: 1 }]);
  assert.deepEqual(files, [{ kind: 'failed' }]);
  stop();
  stopFiles();
  assert.equal(listeners.get(PROGRESS_CHANNEL)?.size, 0);
  for (const listener of listeners.get(FILE_OPENED_CHANNEL) ?? []) listener({}, { kind: 'failed', name: 'after stop' });
  assert.deepEqual(files, [{ kind: 'failed' }], 'a stopped listener hears nothing more');
});

test('a file opened before the page subscribed waits in the preload and goes to the first listener, once', async () => {
  const { bridge, listeners } = load();
  const send = (value: unknown) => {
    for (const listener of listeners.get(FILE_OPENED_CHANNEL) ?? []) listener({}, value);
  };
  send({ kind: 'failed', name: 'early-1.json' });
  send({ kind: 'failed', name: 'early-2.json' });
  // React in development: subscribe, unsubscribe, subscribe again in the same task.
  const discarded: unknown[] = [];
  bridge.onFileOpened((event) => discarded.push(event))();
  const files: unknown[] = [];
  bridge.onFileOpened((event) => files.push(event));
  await Promise.resolve();
  await Promise.resolve();
  assert.deepEqual(discarded, []);
  assert.deepEqual(files, [{ kind: 'failed', name: 'early-1.json' }, { kind: 'failed', name: 'early-2.json' }]);
  send({ kind: 'failed', name: 'later.json' });
  assert.equal(files.length, 3, 'later files go straight to the listener');
  const second: unknown[] = [];
  bridge.onFileOpened((event) => second.push(event));
  await Promise.resolve();
  assert.deepEqual(second, [], 'delivered once, not again to a new listener');
});

test('build: the facts main passed as an argument; none when absent or unreadable', () => {
  const build = { version: '9.9.9', engine: '8.8.8', targetLists: { tiktok: '2026-11-23' }, electron: '39.8.10' };
  const given = load(['/opt/yoxla/yoxla', '--type=renderer', `--yoxla-build=${encodeURIComponent(JSON.stringify(build))}`]).bridge as unknown as { build?: unknown };
  assert.deepEqual(JSON.parse(JSON.stringify(given.build)), build);
  assert.equal((load().bridge as unknown as { build?: unknown }).build, undefined);
  assert.equal((load(['/opt/yoxla/yoxla', '--yoxla-build=%7Bnot-json']).bridge as unknown as { build?: unknown }).build, undefined);
});

test("systemLanguages: the main process's list (Chromium has no az locale), else the page's", () => {
  assert.deepEqual([...load(['/opt/yoxla/yoxla', '--yoxla-system-languages=az-AZ,ru-RU']).bridge.systemLanguages], ['az-AZ', 'ru-RU']);
  assert.deepEqual([...load().bridge.systemLanguages], ['en-US', 'en']);
});
