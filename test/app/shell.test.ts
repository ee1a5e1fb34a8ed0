// The Electron main process under plain Node, with a fake `electron`: the real options it gives the
// window, the handlers it puts on the session, the IPC table it registers, the navigation locks,
// the CSP it serves, menus, dialogs, window state, and quitting during a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHANNEL_NAMES, PROGRESS_CHANNEL, type ProgressEvent } from '../../main/contract/bridge.ts';
import { APP_CSP } from '../../main/app/csp.ts';
import { FILE_OPENED_CHANNEL } from '../../main/app/open-file.ts';
import { dataDirOf, startShell, windowStateFileOf, type ShellExecutor } from '../../main/app/shell.ts';
import { createFakeElectron, fakeEvent, next, type FakeElectronOptions } from './fake-electron.ts';
import { createFakeService, type FakeService } from './fake-service.ts';
import { scratch } from './scratch.ts';
import { until } from './wait.ts';

const tempDir = scratch('yoxla-shell');

const PRELOAD = '/opt/yoxla/resources/app.asar/dist/app/preload.cjs';
const INDEX_HTML = '<!doctype html><html><head><title>Yoxla</title></head><body><div id="root"></div></body></html>';

const settle = async () => {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

async function setup(options: Partial<FakeElectronOptions> = {}, userDataDir?: string) {
  const userData = userDataDir ?? (await tempDir());
  const rendererDir = join(userData, 'renderer-build');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), INDEX_HTML);
  const fake = createFakeElectron({ userData, ...options });
  const log: string[] = [];
  const signals = new Map<string, () => void>();
  let service: FakeService | null = null;
  const executor: ShellExecutor & { closed: number } = {
    closed: 0,
    execute: async () => assert.fail('no run in these tests'),
    async close() {
      this.closed += 1;
    },
  };
  const shell = startShell(
    fake.electron,
    { rendererDir, preload: PRELOAD },
    {
      createService: (serviceOptions) => (service = createFakeService(serviceOptions)),
      createExecutor: () => executor,
      about: { version: '9.9.9', engine: '8.8.8', targetLists: { tiktok: '2026-11-23', news: '2026-10-01' }, electron: '39.8.10' },
      log: (message) => log.push(message),
      platform: 'linux',
      onSignal: (signal, handler) => signals.set(signal, handler),
    },
  );
  return {
    fake,
    shell,
    log,
    signals,
    executor,
    userData,
    service: () => service ?? assert.fail('no service yet'),
    async ready() {
      fake.makeReady();
      await shell?.ready;
      const window = fake.windows.at(-1) ?? assert.fail('no window');
      return window;
    },
  };
}

const trustedEvent = (contentsId: number, url = 'app://yoxla/index.html') => ({ senderFrame: { url, parent: null }, sender: { id: contentsId } });

test('before the app is ready: single-instance lock, sandbox for every renderer, app:// registered as a secure standard scheme', async () => {
  const { fake } = await setup();
  assert.deepEqual(fake.calls, ['requestSingleInstanceLock', 'enableSandbox', 'registerSchemesAsPrivileged']);
  assert.equal(fake.app.sandboxEnabled, true);
  assert.deepEqual(fake.privileged, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  assert.equal(fake.windows.length, 0, 'no window before ready');
  assert.equal(fake.ipcHandlers.size, 0, 'no IPC before ready');
});

test('a second instance quits at once; the first one comes to the front', async () => {
  const second = await setup({ singleInstance: false });
  assert.equal(second.shell, null);
  assert.equal(second.fake.app.quitRequests, 1);
  assert.deepEqual(second.fake.calls, ['requestSingleInstanceLock', 'quit']);

  const first = await setup();
  const window = await first.ready();
  window.minimized = true;
  first.fake.app.emit('second-instance', fakeEvent(), ['yoxla'], '/');
  assert.equal(window.minimized, false);
  assert.equal(window.focused, 1);
});

test('the window: sandboxed, isolated, no Node, web security on, the preload only, the app origin loaded', async () => {
  const { ready, fake } = await setup({ systemLanguages: ['az-AZ', 'en-US'] });
  const window = await ready();
  assert.equal(fake.windows.length, 1);
  const prefs = window.options.webPreferences ?? assert.fail('no webPreferences');
  assert.deepEqual(prefs, {
    preload: PRELOAD,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    disableBlinkFeatures: 'Auxclick',
    navigateOnDragDrop: true,
    spellcheck: false,
    devTools: false,
    safeDialogs: true,
    additionalArguments: [
      '--yoxla-system-languages=az-AZ,en-US',
      // Help > About's facts, for the settings screen (checked against the contract, URI-encoded JSON).
      `--yoxla-build=${encodeURIComponent(JSON.stringify({ version: '9.9.9', engine: '8.8.8', targetLists: { tiktok: '2026-11-23', news: '2026-10-01' }, electron: '39.8.10' }))}`,
    ],
  });
  assert.equal(window.options.show, false, 'shown only when ready-to-show');
  assert.deepEqual(window.loadedUrls, ['app://yoxla/index.html']);
  window.emit('ready-to-show');
  assert.equal(window.shown, true);
});

test('a developer build (not packaged) gets the developer tools; a packaged one does not', async () => {
  const { ready } = await setup({ isPackaged: false });
  const window = await ready();
  assert.equal(window.options.webPreferences?.devTools, true);
});

test('the session refuses every permission, every request that is not the app, downloads and the spell-checker', async () => {
  const { ready, fake } = await setup();
  const window = await ready();
  const session = fake.defaultSession;
  const permissions = ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'midi', 'midiSysex', 'pointerLock', 'keyboardLock', 'fileSystem', 'storage-access', 'window-management', 'unknown'];
  for (const permission of permissions) {
    assert.equal(session.askPermission(permission, window.webContents), false, `request ${permission}`);
    assert.equal(session.permissionCheckHandler?.(window.webContents, permission, 'app://yoxla', {}), false, `check ${permission}`);
  }
  for (const device of ['hid', 'serial', 'usb']) assert.equal(session.devicePermissionHandler?.({ deviceType: device, origin: 'app://yoxla' }), false);
  assert.equal(session.spellCheckerEnabled, false);

  for (const url of ['https://example.org/', 'http://127.0.0.1:8080/', 'wss://example.org/socket', 'file:///etc/passwd', 'app://other/index.html', 'ftp://example.org/', 'blob:app://yoxla/1234']) {
    assert.equal(session.request(url), true, `cancels ${url}`);
  }
  for (const url of ['app://yoxla/index.html', 'app://yoxla/assets/index-abc.js', 'data:image/png;base64,iVBORw0KGgo=']) {
    assert.equal(session.request(url), false, `allows ${url}`);
  }

  const download = fakeEvent();
  session.emit('will-download', download, { getURL: () => 'https://example.org/file.exe' }, window.webContents);
  assert.equal(download.prevented, true);
});

test('app:// serves the built renderer with the CSP header, and nothing outside it', async () => {
  const { ready, fake } = await setup();
  await ready();
  assert.ok(fake.calls.indexOf('protocol.handle:app') > fake.calls.indexOf('ready'));
  const handler = fake.protocolHandlers.get('app') ?? assert.fail('no app:// handler');
  const page = await handler(new Request('app://yoxla/'));
  assert.equal(page.status, 200);
  assert.equal(await page.text(), INDEX_HTML);
  assert.equal(page.headers.get('content-security-policy'), APP_CSP);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  const outside = await handler(new Request('app://yoxla/..%2f..%2fwindow-state.json'));
  assert.equal(outside.status, 404);
  assert.equal(outside.headers.get('content-security-policy'), APP_CSP);
});

test('navigation stays in the app; an https link opens in the browser only after the person says yes', async () => {
  const { ready, fake } = await setup();
  const window = await ready();
  const contents = window.webContents;

  assert.equal(contents.navigate('will-navigate', 'app://yoxla/index.html'), false, 'the page itself may reload');

  fake.dialogAnswers.message = 1; // Cancel
  assert.equal(contents.navigate('will-navigate', 'https://ooni.org/'), true);
  await until(() => fake.dialogCalls.length === 1, 'a confirmation dialog');
  const confirmation = fake.dialogCalls[0]?.options ?? assert.fail('no dialog');
  assert.match(String(confirmation.detail), /https:\/\/ooni\.org\//);
  assert.equal(confirmation.cancelId, 1);
  assert.equal(confirmation.defaultId, 1, 'the safe answer is the default');
  await settle();
  assert.deepEqual(fake.opened, [], 'cancelled: nothing opened');

  fake.dialogAnswers.message = 0; // Open in browser
  assert.equal(contents.navigate('will-navigate', 'https://explorer.ooni.org/m/20220101'), true);
  await until(() => fake.opened.length === 1, 'the link opened');
  assert.deepEqual(fake.opened, ['https://explorer.ooni.org/m/20220101']);

  const dialogsBefore = fake.dialogCalls.length;
  for (const url of ['http://example.org/', 'javascript:alert(1)', 'https://user:secret@example.org/', 'ms-settings:network', 'smb://server/share', 'data:text/html,hi']) {
    assert.equal(contents.navigate('will-navigate', url), true, `blocks ${url}`);
  }
  await settle();
  assert.equal(fake.dialogCalls.length, dialogsBefore, 'no dialog for links that may not leave at all');
  assert.equal(fake.opened.length, 1);

  assert.equal(contents.navigate('will-frame-navigate', 'https://example.org/', { isMainFrame: false }), true);
  assert.equal(contents.navigate('will-redirect', 'https://example.org/'), true);

  const openHandler = contents.windowOpenHandler ?? assert.fail('no window open handler');
  assert.deepEqual(openHandler({ url: 'app://yoxla/index.html' }), { action: 'deny' });
  assert.deepEqual(openHandler({ url: 'https://ooni.org/' }), { action: 'deny' });
  await until(() => fake.opened.length === 2, 'the new-window link opened after yes');

  const webview = fakeEvent();
  contents.emit('will-attach-webview', webview, {}, {});
  assert.equal(webview.prevented, true);
});

test('every web contents the app makes gets the same locks (not only the main window)', async () => {
  const { ready, fake } = await setup();
  await ready();
  const other = new fake.BrowserWindow({ show: false });
  assert.ok(other.webContents.windowOpenHandler);
  assert.equal(other.webContents.navigate('will-navigate', 'https://example.org/'), true);
});

test('IPC: exactly one handler per channel of the table; only our window top frame on app:// reaches the service', async () => {
  const { ready, fake, service, log } = await setup();
  const window = await ready();
  assert.deepEqual([...fake.ipcHandlers.keys()].sort(), [...CHANNEL_NAMES].sort());

  const handler = fake.ipcHandlers.get('history:list') ?? assert.fail('no handler');
  service().answers.set('history:list', () => ({ ok: true, value: [] }));
  const before = service().invocations.length;
  assert.deepEqual(await handler(trustedEvent(window.webContents.id), null), { ok: true, value: [] });
  assert.equal(service().invocations.length, before + 1);

  for (const [what, event] of [
    ['another web contents', trustedEvent(window.webContents.id + 1000)],
    ['a page navigated elsewhere', trustedEvent(window.webContents.id, 'https://example.org/')],
    ['a subframe', { senderFrame: { url: 'app://yoxla/index.html', parent: {} }, sender: { id: window.webContents.id } }],
    ['a frame that is gone', { senderFrame: null, sender: { id: window.webContents.id } }],
  ] as const) {
    const answer = (await handler(event, null)) as { ok: boolean; error?: { code: string } };
    assert.equal(answer.ok, false, what);
    assert.equal(answer.error?.code, 'bad-request', what);
  }
  assert.equal(service().invocations.length, before + 1, 'refused calls never reach the service');
  assert.ok(log.some((line) => line.includes('refused history:list')));
});

test('progress events go to the window on the progress channel; events outside the contract do not', async () => {
  const { ready, service, log } = await setup();
  const window = await ready();
  const started: ProgressEvent = { runId: 'run-1', type: 'started', total: 3 };
  service().emitProgress(started);
  service().emitProgress({ runId: 'bad id!', type: 'started', total: -1 } as ProgressEvent);
  const progress = window.webContents.sent.filter(([channel]) => channel === PROGRESS_CHANNEL);
  assert.deepEqual(progress, [[PROGRESS_CHANNEL, started]]);
  assert.ok(log.some((line) => line.includes('dropped a progress event')));
});

test('menus follow the language: the system language first, then the one chosen in the settings', async () => {
  const { ready, fake, service } = await setup({ systemLanguages: ['az-AZ'] });
  const window = await ready();
  const labels = () => (fake.menus.at(-1)?.template ?? []).map((item) => item.label);
  assert.deepEqual(labels(), ['Fayl', 'Redaktə', 'Görünüş', 'Pəncərə', 'Kömək']);
  const view = fake.menus.at(-1)?.template[2]?.submenu as Array<{ role?: string }>;
  assert.ok(!view.some((item) => item.role === 'toggleDevTools' || item.role === 'reload'), 'no developer entries in a packaged app');

  service().answers.set('settings:set', (patch) => ({ ok: true, value: { ...(service().answers.get('settings:get')?.(null) as { value: object }).value, ...(patch as object) } }));
  const setLanguage = fake.ipcHandlers.get('settings:set') ?? assert.fail('no handler');
  await setLanguage(trustedEvent(window.webContents.id), { language: 'en' });
  assert.deepEqual(labels(), ['File', 'Edit', 'View', 'Window', 'Help']);
});

test('File > Open: the chosen run, OONI measurement or scenario goes to the service and the outcome to the window', async () => {
  const { ready, fake, service, userData } = await setup();
  const window = await ready();
  const scenarioPath = join(userData, 'workshop.json');
  const scenarioText = JSON.stringify({ schema: 'yoxla.lab/1', name: 'workshop', sites: {}, censor: [] });
  await writeFile(scenarioPath, scenarioText);
  service().answers.set('scenarios:validate', () => ({ ok: true, value: { name: 'workshop', blockedHosts: [], hasVpn: false, hasStrategies: false } }));
  fake.dialogAnswers.open = { canceled: false, filePaths: [scenarioPath] };

  const file = fake.menus.at(-1)?.template[0]?.submenu as Array<{ click?: () => void; accelerator?: string }>;
  const open = file.find((item) => item.accelerator === 'CmdOrCtrl+O') ?? assert.fail('no Open entry');
  open.click?.();
  await until(() => window.webContents.sent.some(([channel]) => channel === FILE_OPENED_CHANNEL), 'the outcome sent to the window');
  const call = service().invocations.find((i) => i.channel === 'scenarios:validate');
  assert.deepEqual(call?.payload, { name: 'workshop.json', text: scenarioText });
  const [, event] = window.webContents.sent.find(([channel]) => channel === FILE_OPENED_CHANNEL) ?? [];
  assert.deepEqual(event, { kind: 'scenario', name: 'workshop.json', text: scenarioText, info: { name: 'workshop', blockedHosts: [], hasVpn: false, hasStrategies: false } });
  assert.ok(!JSON.stringify(event).includes(userData), 'only the file name travels, not its folder');
});

test('a file dropped on the window (Chromium navigates to it) is opened as a run instead', async () => {
  const { ready, service, userData } = await setup();
  const window = await ready();
  const runPath = join(userData, 'participant run.json');
  await writeFile(runPath, '{"schema":"yoxla.run/1"}');
  service().answers.set('history:import', () => ({ ok: false, error: { code: 'bad-file', detail: 'participant run.json: results: missing' } }));
  assert.equal(window.webContents.navigate('will-navigate', pathToFileURL(runPath).href), true);
  await until(() => window.webContents.sent.some(([channel]) => channel === FILE_OPENED_CHANNEL), 'the outcome sent');
  assert.deepEqual(service().invocations.find((i) => i.channel === 'history:import')?.payload, { name: 'participant run.json', text: '{"schema":"yoxla.run/1"}' });
  const [, event] = window.webContents.sent.find(([channel]) => channel === FILE_OPENED_CHANNEL) ?? [];
  assert.deepEqual(event, { kind: 'failed', name: 'participant run.json', error: { code: 'bad-file', detail: 'participant run.json: results: missing' } });
});

test('a page that sends itself to a local file does not make main read it', async () => {
  const { ready, service, userData, log } = await setup();
  const window = await ready();
  const secret = join(userData, 'id_ed25519');
  await writeFile(secret, '-----BEGIN OPENSSH PRIVATE KEY-----');
  const before = service().invocations.length;
  assert.equal(window.webContents.navigate('will-navigate', pathToFileURL(secret).href, { initiator: { url: 'app://yoxla/index.html' } }), true);
  await settle();
  assert.equal(service().invocations.length, before);
  assert.ok(!window.webContents.sent.some(([channel]) => channel === FILE_OPENED_CHANNEL));
  assert.ok(log.some((line) => line.startsWith('blocked navigation to file:')));
});

test('the service gets its data folder, a native save dialog and the PDF printer', async () => {
  const { ready, fake, service, userData } = await setup();
  await ready();
  const options = service().options ?? assert.fail('no options');
  assert.equal(options.storage.dataDir, dataDirOf(userData));
  assert.equal(typeof options.printPdf, 'function');

  fake.dialogAnswers.save = { canceled: false, filePath: join(userData, 'my report') };
  assert.equal(await options.chooseSavePath('yoxla-2026-01-01.pdf', 'pdf'), join(userData, 'my report.pdf'));
  const save = fake.dialogCalls.at(-1)?.options ?? assert.fail('no dialog');
  assert.equal(save.defaultPath, join(userData, 'fake-documents', 'yoxla-2026-01-01.pdf'));
  assert.deepEqual(save.filters, [{ name: 'PDF document', extensions: ['pdf'] }]);

  fake.dialogAnswers.save = { canceled: true };
  assert.equal(await options.chooseSavePath('../../etc/passwd', 'csv'), null);
  assert.equal(fake.dialogCalls.at(-1)?.options.defaultPath, join(userData, 'fake-documents', 'passwd.csv'));
});

test('the window size and place are remembered across starts', async () => {
  const first = await setup();
  const window = await first.ready();
  assert.equal(window.options.width, 1100);
  window.bounds = { x: 200, y: 150, width: 900, height: 640 };
  window.maximized = true;
  window.close();
  const file = windowStateFileOf(first.userData);
  await until(() => existsSync(file), 'the window state written');
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { x: 200, y: 150, width: 900, height: 640, maximized: true });

  const second = await setup({}, first.userData);
  const again = await second.ready();
  assert.deepEqual([again.options.x, again.options.y, again.options.width, again.options.height], [200, 150, 900, 640]);
  assert.equal(again.maximized, true);

  // The screen it was on is gone: the place is dropped, the size kept.
  const third = await setup({ displays: [{ x: 2560, y: 0, width: 1280, height: 1024 }] }, first.userData);
  const moved = await third.ready();
  assert.equal(moved.options.x, undefined);
  assert.equal(moved.options.width, 900);
});

test('quitting during a run: the run is cancelled and saved first, then the runner ends, then the app quits', async () => {
  const { ready, fake, service, executor, signals, userData } = await setup();
  await ready();
  fake.app.quit();
  await until(() => service().shutdowns === 1, 'the service asked to save what finished');
  assert.equal(fake.app.quitted, false, 'not before it is saved');
  assert.equal(executor.closed, 0);
  fake.app.quit(); // a second Ctrl-C while saving changes nothing
  assert.equal(service().shutdowns, 1);

  const quitted = next(fake.app, 'fake:quitted');
  service().finishShutdown();
  await quitted;
  assert.equal(executor.closed, 1);
  assert.equal(fake.app.quitted, true);
  assert.ok(existsSync(windowStateFileOf(userData)), 'the window state was on disk before the app quit');

  assert.deepEqual([...signals.keys()].sort(), ['SIGINT', 'SIGTERM'], 'Ctrl-C in the terminal quits the same way');
});

test('a renderer that crashes is reloaded, but not for ever', async () => {
  const { ready, log } = await setup();
  const window = await ready();
  for (let i = 0; i < 5; i += 1) window.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 133 });
  assert.equal(window.webContents.reloads, 3);
  assert.ok(log.some((line) => line.includes('renderer ended: crashed')));
});

test('a start that fails (no renderer build) is logged and ends the app with an error code', async () => {
  const { fake, shell, log } = await setup();
  const BrowserWindow = fake.BrowserWindow;
  const original = BrowserWindow.prototype.loadURL;
  BrowserWindow.prototype.loadURL = async function failing() {
    throw new Error('ERR_FILE_NOT_FOUND');
  };
  try {
    const exited = next(fake.app, 'fake:exit');
    fake.makeReady();
    await shell?.ready;
    assert.deepEqual(await exited, [1]);
    assert.ok(log.some((line) => line.includes('start failed') && line.includes('ERR_FILE_NOT_FOUND')));
  } finally {
    BrowserWindow.prototype.loadURL = original;
  }
});
