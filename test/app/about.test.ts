// Help > About (the app menu on macOS): a native dialog naming what produces the evidence — the
// app's version, the engine's version, the bundled target lists' dates — and Electron's version,
// in the person's language. main.ts hands the shell main/version.ts's softwareInfo().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startShell } from '../../main/app/shell.ts';
import { translator } from '../../main/i18n.ts';
import { createFakeElectron } from './fake-electron.ts';
import { createFakeService } from './fake-service.ts';
import { scratch } from './scratch.ts';
import { until } from './wait.ts';

const tempDir = scratch('yoxla-about');
const ROOT = join(import.meta.dirname, '..', '..');

const about = { version: '9.9.9', engine: '8.8.8', targetLists: { tiktok: '2026-11-23', news: '2026-10-01' }, electron: '39.8.10' };

async function aboutDialog(platform: NodeJS.Platform, systemLanguages: string[]) {
  const userData = await tempDir();
  const rendererDir = join(userData, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Yoxla</title>');
  const fake = createFakeElectron({ userData, systemLanguages });
  const shell = startShell(fake.electron, { rendererDir, preload: '/opt/yoxla/preload.cjs' }, {
    createService: (options) => createFakeService(options),
    createExecutor: () => ({ execute: async () => assert.fail('no run') }),
    about,
    log: () => undefined,
    platform,
  });
  fake.makeReady();
  await shell?.ready;
  type Item = { label?: string; click?: () => void; submenu?: Item[] };
  const template = fake.menus.at(-1)?.template as Item[];
  const t = translator(systemLanguages[0]?.startsWith('az') ? 'az' : 'en');
  const menu = platform === 'darwin' ? template[0] : template.find((m) => m.label === t('menu.help.label'));
  const item = menu?.submenu?.find((i) => i.label === t(platform === 'darwin' ? 'menu.app.about' : 'menu.help.about')) ?? assert.fail('no About item');
  item.click?.();
  await until(() => fake.dialogCalls.some((c) => c.kind === 'message'), 'the About dialog');
  return { t, options: fake.dialogCalls.find((c) => c.kind === 'message')!.options as { title: string; message: string; detail: string } };
}

test('Help > About names the app, engine and Electron versions and each target list\'s date (English)', async () => {
  const { t, options } = await aboutDialog('linux', ['en-US']);
  assert.equal(options.title, t('appDialogs.about.title'));
  assert.equal(options.message, 'Yoxla 9.9.9');
  assert.ok(options.detail.startsWith(t('appDialogs.about.detail')));
  for (const line of ['Measurement engine 8.8.8', 'Electron 39.8.10', 'tiktok: 2026-11-23', 'news: 2026-10-01']) assert.ok(options.detail.includes(line), `${line} in\n${options.detail}`);
});

test('the same in Azerbaijani, from the macOS app menu', async () => {
  const { t, options } = await aboutDialog('darwin', ['az-AZ']);
  assert.equal(options.title, t('appDialogs.about.title'));
  assert.ok(options.detail.includes(t('appDialogs.about.engine', { engine: '8.8.8' })));
  assert.ok(options.detail.includes('tiktok: 2026-11-23'));
  assert.notEqual(t('appDialogs.about.engine', { engine: '8.8.8' }), translator('en')('appDialogs.about.engine', { engine: '8.8.8' }));
});

test('main.ts gives the shell main/version.ts\'s single source and Electron\'s own version', async () => {
  const main = await readFile(join(ROOT, 'main', 'app', 'main.ts'), 'utf8');
  assert.match(main, /about: \{ \.\.\.softwareInfo\(\), electron: process\.versions\.electron \}/);
});
