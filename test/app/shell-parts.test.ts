// The small decisions of the shell, one by one: which links may leave the app, what language the
// menus speak, what a saved file is called, what becomes of a broken window-state file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { safeFileName, withExtension } from '../../main/app/dialogs.ts';
import { shellLanguage, shellText } from '../../main/app/language.ts';
import { menuTemplate } from '../../main/app/menu.ts';
import { isAppUrl, isExternalLink } from '../../main/app/origin.ts';
import { DEFAULT_WINDOW_STATE, fitToScreens, loadWindowState } from '../../main/app/window-state.ts';
import { buildArgument, languagesArgument } from '../../main/app/window.ts';
import { scratch } from './scratch.ts';

const tempDir = scratch('yoxla-state');

test('links that may go to the browser: https with a real host name, nothing else', () => {
  for (const url of ['https://ooni.org/', 'https://explorer.ooni.org/m/20220101?x=1#y', 'https://www.accessnow.org/keepiton/']) assert.ok(isExternalLink(url), url);
  for (const url of ['http://ooni.org/', 'javascript:alert(1)', 'file:///etc/passwd', 'https://user:pw@ooni.org/', 'https://localhost/', 'ms-settings:network', 'app://yoxla/index.html', 'https://xn--80ak6aa92e.com.', `https://ooni.org/${'a'.repeat(2100)}`, 'not a url']) {
    assert.equal(isExternalLink(url), url === 'https://xn--80ak6aa92e.com.', url);
  }
  assert.ok(isAppUrl('app://yoxla/assets/x.js'));
  assert.ok(!isAppUrl('app://yoxla.evil/'));
  assert.ok(!isAppUrl('app://x@yoxla/'));
});

test('the shell speaks the chosen language, else the first az or en of the system, else English', () => {
  assert.equal(shellLanguage('en', ['az-AZ']), 'en');
  assert.equal(shellLanguage(null, ['ru-RU', 'az-Latn-AZ', 'en-US']), 'az');
  assert.equal(shellLanguage(null, ['tr-TR']), 'en');
  assert.equal(shellLanguage(undefined, []), 'en');
});

test('system languages reach the preload only as language tags', () => {
  assert.equal(languagesArgument(['az-AZ', 'en-US']), '--yoxla-system-languages=az-AZ,en-US');
  assert.equal(languagesArgument(['az', '--inspect', 'en;rm -rf', 'x'.repeat(30), 'zh-Hant-TW']), '--yoxla-system-languages=az,zh-Hant-TW');
});

test('the build facts reach the preload as one argument, only when they fit the contract', () => {
  const build = { version: '0.1.0', engine: '1.0.0', targetLists: { tiktok: '2026-11-23' } };
  const argument = buildArgument(build) ?? assert.fail('no argument');
  assert.match(argument, /^--yoxla-build=[A-Za-z0-9%._~!*'()-]+$/, 'one word: nothing a command line could split or interpret');
  assert.deepEqual(JSON.parse(decodeURIComponent(argument.slice('--yoxla-build='.length))), build);
  assert.equal(buildArgument({ ...build, version: 'x'.repeat(41) }), null);
  assert.equal(buildArgument({ ...build, extra: 'no' } as typeof build), null);
});

test('a suggested export name becomes a plain file name with the right extension', () => {
  assert.equal(safeFileName('yoxla-2026-01-01.html', 'html'), 'yoxla-2026-01-01.html');
  assert.equal(safeFileName('../../etc/passwd', 'csv'), 'passwd.csv');
  assert.equal(safeFileName('C:\\Users\\x\\report', 'pdf'), 'report.pdf');
  assert.equal(safeFileName('a:b*c?\u0007.json', 'json'), 'a-b-c--.json');
  assert.equal(safeFileName('...', 'jsonl'), 'yoxla-report.jsonl');
  assert.equal(withExtension('/home/a/report', 'pdf'), '/home/a/report.pdf');
  assert.equal(withExtension('/home/a/report.PDF', 'pdf'), '/home/a/report.PDF');
});

test('menus: roles for the system entries, the texts from the locales, the macOS app menu', () => {
  const actions = { openFile: () => undefined, about: () => undefined };
  const mac = menuTemplate(shellText('az'), { platform: 'darwin', developer: true }, actions);
  assert.deepEqual(mac.map((m) => m.label), ['Yoxla', 'Fayl', 'Redaktə', 'Görünüş', 'Pəncərə']);
  const view = mac[3]?.submenu as Array<{ role?: string; label?: string }>;
  assert.ok(view.some((item) => item.role === 'toggleDevTools' && item.label === 'Tərtibatçı alətləri'));
  const linux = menuTemplate(shellText('en'), { platform: 'linux', developer: false }, actions);
  const labels = JSON.stringify(linux);
  assert.ok(!labels.includes('menu.'), 'every key translated');
  assert.deepEqual((linux[0]?.submenu as Array<{ role?: string }>).map((i) => i.role ?? null), [null, null, 'quit']);
});

test('window state: a broken or foreign file means the defaults, and a window never opens out of sight', async () => {
  const dir = await tempDir();
  const log: string[] = [];
  assert.deepEqual(await loadWindowState(join(dir, 'none.json'), (m) => log.push(m)), DEFAULT_WINDOW_STATE);
  assert.equal(log.length, 0, 'a first start is not a problem');
  await writeFile(join(dir, 'broken.json'), '{"width": 1e9, "height": "tall"}');
  assert.deepEqual(await loadWindowState(join(dir, 'broken.json'), (m) => log.push(m)), DEFAULT_WINDOW_STATE);
  assert.equal(log.length, 1);
  const screens = [{ x: 0, y: 0, width: 1366, height: 768 }];
  assert.deepEqual(fitToScreens({ x: 100, y: 100, width: 2000, height: 1200, maximized: false }, screens), { x: 100, y: 100, width: 1366, height: 768, maximized: false });
  assert.deepEqual(fitToScreens({ x: 5000, y: 100, width: 900, height: 700, maximized: true }, screens), { width: 900, height: 700, maximized: true });
  assert.deepEqual(fitToScreens({ x: 100, y: -400, width: 900, height: 700, maximized: false }, screens), { width: 900, height: 700, maximized: false }, 'title bar above the screen');
});
