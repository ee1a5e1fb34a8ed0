// The real app in a real Electron, driven with Playwright: start -> consent -> a lab scenario in
// trainer mode -> results -> export as PDF (printToPDF) to where the save dialog says -> history
// -> Help > About naming the versions; and a scenario file given on the command line at start
// (as a double-click does) opening once the page is ready. Runs wherever an Electron binary is
// installed: CI's "linux" job (under xvfb-run) and "desktop" jobs (Windows, macOS) in
// .github/workflows/ci.yml. Where ELECTRON_SKIP_BINARY_DOWNLOAD left none (the development
// machines) it is skipped with the reason printed. Builds the app first (npm run build's steps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { translator } from '../../main/i18n.ts';
import { SCENARIOS_DIR } from '../../main/paths.ts';
import { ENGINE_VERSION, SOFTWARE_VERSION } from '../../main/version.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

/** The Electron executable, or why there is none. */
function electronBinary(): { path: string } | { missing: string } {
  try {
    // The electron package exports the binary's path, and throws when the download was skipped.
    const path = require('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `the electron package points at ${String(path)}, which does not exist` };
  } catch (err) {
    return { missing: `no Electron binary (${(err as Error).message.split('\n')[0]}); ELECTRON_SKIP_BINARY_DOWNLOAD=1 installs none` };
  }
}

const binary = electronBinary();
const skip = 'missing' in binary ? binary.missing : false;
if (skip) console.log(`# Electron end-to-end test skipped: ${skip}`);

function build(): void {
  const node = (args: string[]) => {
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, `${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
  };
  node([join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
  node([join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error']);
  node([join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', 'vite.preload.config.ts', '--logLevel', 'error']);
}

let built = false;
function buildOnce(): void {
  if (!built) build();
  built = true;
}

test('start -> consent -> lab scenario -> results -> export PDF -> history -> About', { skip }, async () => {
  if ('missing' in binary) return;
  buildOnce();
  const t = translator('en');
  const userData = await mkdtemp(join(tmpdir(), 'yoxla-e2e-'));
  const pdfPath = join(userData, 'report.pdf');
  const app = await _electron.launch({
    executablePath: binary.path,
    args: [join(ROOT, 'dist', 'main', 'app', 'main.js'), `--user-data-dir=${userData}`, '--lang=en-US'],
    env: { ...process.env, LANG: 'en_US.UTF-8' },
  });
  try {
    // The native save dialog cannot be clicked from here: answer it in the main process instead.
    await app.evaluate(({ dialog }, path) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath: path })) as typeof dialog.showSaveDialog;
    }, pdfPath);
    const page = await app.firstWindow();
    page.setDefaultTimeout(120_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    assert.equal(new URL(page.url()).origin, 'app://yoxla');
    // The page sees the bridge and nothing of Node.
    assert.deepEqual(await page.evaluate(() => [typeof (window as unknown as { yoxla?: unknown }).yoxla, typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process]), ['object', 'undefined', 'undefined']);

    const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });
    const button = (name: string) => page.getByRole('button', { name, exact: true });
    const languageSwitch = page.getByRole('button', { name: t('app.languageSwitch.en'), exact: true });
    if (await languageSwitch.isVisible()) await languageSwitch.click();

    await heading(t('app.consent.title')).waitFor();
    await button(t('app.consent.accept')).click();
    await heading(t('app.choose.title')).waitFor();

    await button(t('app.nav.settings')).click();
    await page.getByLabel(t('app.settings.trainerMode.label'), { exact: true }).check();
    await button(t('app.nav.trainer')).click();
    await heading(t('app.trainer.title')).waitFor();
    await page.getByRole('button', { name: t('app.trainer.runLabel', { name: 'az-2022-tiktok' }), exact: true }).click();
    await heading(t('app.results.title')).waitFor();
    assert.ok(await page.locator('ul.hosts li[data-host="www.tiktok.com"]').count(), 'TikTok is in the results');

    await page.getByLabel(t('app.export.formatLabel'), { exact: true }).selectOption('pdf');
    await button(t('app.export.save')).click();
    await page.locator('.notice-success code.path').waitFor();
    const pdf = await readFile(pdfPath);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 10_000, `a real report, not an empty page (${pdf.length} bytes)`);

    // History lists the run, and it opens again.
    await button(t('app.nav.history')).click();
    await heading(t('app.history.title')).waitFor();
    const rows = page.locator('table.history tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    assert.ok((await rows.first().innerText()).includes('az-2022-tiktok'));
    await rows.first().getByRole('button', { name: t('app.history.open') }).click();
    await heading(t('app.results.title')).waitFor();

    // Help > About (the app menu on macOS): the native dialog names the app, engine and Electron
    // versions and the lists' dates. The dialog is answered in main, as the save dialog was.
    const about = await app.evaluate(async ({ dialog, Menu }) => {
      let shown: { message?: string; detail?: string } = {};
      dialog.showMessageBox = (async (...args: unknown[]) => {
        shown = args.at(-1) as typeof shown;
        return { response: 0, checkboxChecked: false };
      }) as typeof dialog.showMessageBox;
      const items = (Menu.getApplicationMenu()?.items ?? []).flatMap((top) => top.submenu?.items ?? []);
      const item = items.find((i) => /about/i.test(i.label));
      item?.click();
      for (let i = 0; i < 100 && !shown.message; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      return { ...shown, electron: process.versions.electron };
    });
    assert.equal(about.message, t('appDialogs.about.message', { version: SOFTWARE_VERSION }));
    assert.ok(about.detail?.includes(t('appDialogs.about.engine', { engine: ENGINE_VERSION })), about.detail);
    assert.ok(about.detail?.includes(t('appDialogs.about.electron', { electron: about.electron })), about.detail);
    assert.match(about.detail ?? '', /tiktok: \d{4}-\d{2}-\d{2}/);
    assert.deepEqual(problems, []);
  } finally {
    await app.close();
  }
});

test('a scenario given on the command line at start (a double-click) opens once the page is ready', { skip }, async () => {
  if ('missing' in binary) return;
  buildOnce();
  const t = translator('en');
  const userData = await mkdtemp(join(tmpdir(), 'yoxla-e2e-open-'));
  const scenario = JSON.parse(await readFile(join(SCENARIOS_DIR, 'az-2022-tiktok.json'), 'utf8')) as { name: string };
  scenario.name = 'opened-at-start';
  const scenarioPath = join(userData, 'opened at start.json');
  await writeFile(scenarioPath, JSON.stringify(scenario));
  const app = await _electron.launch({
    executablePath: binary.path,
    args: [join(ROOT, 'dist', 'main', 'app', 'main.js'), `--user-data-dir=${userData}`, '--lang=en-US', scenarioPath],
    env: { ...process.env, LANG: 'en_US.UTF-8' },
  });
  try {
    const page = await app.firstWindow();
    page.setDefaultTimeout(120_000);
    const languageSwitch = page.getByRole('button', { name: t('app.languageSwitch.en'), exact: true });
    if (await languageSwitch.isVisible()) await languageSwitch.click();
    await page.getByRole('heading', { level: 1, name: t('app.consent.title'), exact: true }).waitFor();
    await page.getByRole('button', { name: t('app.consent.accept'), exact: true }).click();
    // The file arrived while the page was still loading: it waited, and now waits in trainer mode.
    await page.getByRole('heading', { level: 1, name: t('app.trainer.title'), exact: true }).waitFor();
    await page.getByRole('button', { name: t('app.trainer.runLabel', { name: 'opened-at-start' }), exact: true }).waitFor();
  } finally {
    await app.close();
  }
});
