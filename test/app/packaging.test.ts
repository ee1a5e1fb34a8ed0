// Packaging, proved offline: electron-builder.yml validates against electron-builder's own schema,
// and `electron-builder --dir --linux -c.electronDist=<folder>` packs a fresh build (made here, in
// a temporary copy) into an unpacked app whose app.asar holds exactly what should ship: the built
// main process, preload, renderer, texts and scenarios and the runtime dependencies; no sources,
// tests, source maps or development dependencies. The fuses are flipped as configured, and the
// packed code runs a lab scenario with nothing but what is in the archive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractAll(archive: string, dest: string): void;
};
const fuses = require('@electron/fuses') as { getCurrentFuseWire(path: string): Promise<Record<string, number | string>> };
/** @electron/fuses: the sentinel Electron binaries carry before their fuse wire. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE = { DISABLE: 48, ENABLE: 49 };

type Config = Record<string, unknown> & { electronFuses: Record<string, boolean>; files: string[] };
const config = yaml.load(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };

test('electron-builder.yml is valid for electron-builder (its own JSON schema)', async () => {
  const schema = JSON.parse(await readFile(join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  assert.ok(validate(config), JSON.stringify(validate.errors, null, 1));
  // The schema is not a rubber stamp.
  assert.equal(validate({ ...config, productName: 42 }), false);
  assert.equal(validate({ ...config, electronFuses: { runAsNode: 'no' } }), false);
});

test('targets and identity: Yoxla for Windows (nsis, portable), macOS (dmg, hardened runtime), Linux (AppImage, deb)', async () => {
  assert.equal(config.appId, 'org.yoxla.app');
  assert.equal(config.productName, 'Yoxla');
  assert.deepEqual((config.win as { target: string[] }).target, ['nsis', 'portable']);
  const mac = config.mac as Record<string, unknown>;
  assert.equal(mac.target, 'dmg');
  assert.equal(mac.hardenedRuntime, true);
  assert.equal(mac.entitlements, 'build/entitlements.mac.plist');
  assert.deepEqual((config.linux as { target: string[] }).target, ['AppImage', 'deb']);
  assert.equal(config.publish, null, 'no update server is ever contacted');
  const entitlements = await readFile(join(ROOT, 'build', 'entitlements.mac.plist'), 'utf8');
  const granted = [...entitlements.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
  assert.deepEqual(granted, ['com.apple.security.cs.allow-jit'], 'only what V8 needs');
});

test('fuses: no run-as-node, no NODE_OPTIONS or inspector, app only from its asar, checked asar, no file:// extras', () => {
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  });
});

// ---- the packed app --------------------------------------------------------------------------

let stage = '';
let extractedRoot = '';
let appDir = '';
let entries: string[] = [];
let unpacked: string[] = [];

function run(command: string, args: string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: '1' } });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/** A folder that passes for an Electron distribution: an executable holding a fuse wire (all defaults). */
async function fakeElectronDist(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const wire = Buffer.concat([Buffer.from(`#!/bin/sh\n# stand-in\n${FUSE_SENTINEL}`), Buffer.from([1, 8]), Buffer.from('10110001')]);
  await writeFile(join(dir, 'electron'), wire);
  await chmod(join(dir, 'electron'), 0o755);
  await writeFile(join(dir, 'LICENSE'), 'stand-in');
}

before(async () => {
  stage = await mkdtemp(join(tmpdir(), 'yoxla-pack-'));
  const bin = (name: string, file: string) => join(ROOT, 'node_modules', name, file);

  // npm run build, into the stage: main process (tsc), preload (vite), renderer (vite, if there is one yet).
  const tsc = run(process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(stage, 'dist')], ROOT);
  if (tsc.status !== 0) console.log(`# tsc reported problems (the build still emits):\n${tsc.output.slice(0, 2000)}`);
  const preload = run(process.execPath, [bin('vite', 'bin/vite.js'), 'build', '-c', 'vite.preload.config.ts', '--outDir', join(stage, 'dist', 'app'), '--logLevel', 'error'], ROOT);
  assert.equal(preload.status, 0, preload.output);
  if (existsSync(join(ROOT, 'vite.config.ts'))) {
    const renderer = run(process.execPath, [bin('vite', 'bin/vite.js'), 'build', '--outDir', join(stage, 'dist', 'renderer'), '--emptyOutDir', '--logLevel', 'error'], ROOT);
    assert.equal(renderer.status, 0, renderer.output);
  } else {
    await mkdir(join(stage, 'dist', 'renderer'), { recursive: true });
    await writeFile(join(stage, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Yoxla</title>');
  }

  for (const item of ['package.json', 'package-lock.json', 'electron-builder.yml', 'build', 'locales', join('main', 'lab', 'scenarios')]) {
    await cp(join(ROOT, item), join(stage, item), { recursive: true });
  }
  // A real node_modules tree (hard links: instant, no extra space); electron-builder reads it as npm left it.
  const link = run('cp', ['-al', join(ROOT, 'node_modules'), join(stage, 'node_modules')], ROOT);
  if (link.status !== 0) await cp(join(ROOT, 'node_modules'), join(stage, 'node_modules'), { recursive: true, verbatimSymlinks: true });

  const electronDist = join(stage, 'electron-dist');
  await fakeElectronDist(electronDist);
  const pack = run(process.execPath, [bin('electron-builder', 'cli.js'), '--dir', '--linux', '--x64', `-c.electronDist=${electronDist}`, `-c.directories.output=${join(stage, 'out')}`], stage);
  assert.equal(pack.status, 0, pack.output);
  appDir = join(stage, 'out', 'linux-unpacked');
  entries = asar.listPackage(join(appDir, 'resources', 'app.asar'), { isPack: false }).map((e) => e.replaceAll('\\', '/'));
  const unpackedRoot = join(appDir, 'resources', 'app.asar.unpacked');
  unpacked = existsSync(unpackedRoot) ? readdirSync(unpackedRoot, { recursive: true }).map((e) => `/${String(e).replaceAll('\\', '/')}`) : [];
});

// The packed app is some 100 MB: do not leave it behind.
after(async () => {
  for (const dir of [stage, extractedRoot]) if (dir !== '') await rm(dir, { recursive: true, force: true });
});

const has = (path: string) => entries.includes(path);
const packagesInAsar = () =>
  [...new Set(entries.filter((e) => e.startsWith('/node_modules/')).map((e) => e.split('/').slice(2, e.split('/')[2]?.startsWith('@') ? 4 : 3).join('/')))].filter((p) => p !== '' && !p.endsWith('/') && p.split('/').length === (p.startsWith('@') ? 2 : 1));

test('the asar holds the app: main process, runner, preload, renderer, every text and scenario, the target lists', async () => {
  for (const path of ['/package.json', '/dist/main/app/main.js', '/dist/main/app/shell.js', '/dist/main/bridge/runner-entry.js', '/dist/main/bridge/service.js', '/dist/app/preload.cjs', '/dist/renderer/index.html', '/dist/main/cli.js']) {
    assert.ok(has(path), `${path} missing`);
  }
  for (const lang of ['en', 'az']) {
    for (const file of readdirSync(join(ROOT, 'locales', lang))) assert.ok(has(`/locales/${lang}/${file}`), `locales/${lang}/${file} missing`);
  }
  for (const file of readdirSync(join(ROOT, 'main', 'lab', 'scenarios'))) assert.ok(has(`/main/lab/scenarios/${file}`), `scenario ${file} missing`);
  for (const file of readdirSync(join(ROOT, 'main', 'targets', 'data'))) assert.ok(has(`/dist/main/targets/data/${file}`), `target list ${file} missing`);
  for (const dependency of ['zod', 'undici', 'i18next', 'dns-packet', 'ipaddr.js', 'csv-parse', '@peculiar/x509', 'reflect-metadata']) {
    assert.ok(has(`/node_modules/${dependency}/package.json`), `${dependency} missing`);
  }
  const shipped = JSON.parse(asarFile('/package.json')) as Record<string, unknown>;
  assert.equal(shipped.main, 'dist/main/app/main.js');
  assert.equal(shipped.type, 'module');
  assert.equal(shipped.devDependencies, undefined);
  assert.equal(shipped.version, pkg.version);
});

test('no sources, tests, source maps or tools in the asar', () => {
  const forbidden = entries.filter(
    (e) =>
      /^\/(test|bench|renderer|scripts|docs|build|\.ci|out|main\/(?!lab\/scenarios(\/|$)|lab$))/.test(e) ||
      (!e.startsWith('/node_modules/') && /\.(ts|tsx|mts|cts|map)$/.test(e)) ||
      /^\/dist\/(bench|main\/app\/preload\.js)/.test(e) ||
      /^\/(tsconfig.*|vite\..*|eslint\..*|electron-builder\.yml|package-lock\.json|README\.md)$/.test(e),
  );
  assert.deepEqual(forbidden, []);
  assert.deepEqual(entries.filter((e) => e.endsWith('.map')), [], 'no source maps, not even in dependencies');
});

test('no development dependency ships; tsx and the renderer libraries (already bundled) stay out too', () => {
  const shipped = packagesInAsar();
  const devOnly = shipped.filter((name) => lock.packages[`node_modules/${name}`]?.dev === true);
  assert.deepEqual(devOnly, []);
  for (const name of Object.keys(pkg.devDependencies)) assert.ok(!shipped.includes(name), `${name} (devDependency) shipped`);
  for (const name of ['tsx', 'esbuild', 'react', 'react-dom', 'react-i18next', 'scheduler', '@fontsource/noto-sans']) assert.ok(!shipped.includes(name), `${name} shipped`);
  for (const name of shipped) assert.ok(lock.packages[`node_modules/${name}`], `${name} is not from package-lock.json`);
});

test('of the IP databases only the numeric range files ship (unpacked, read by position) with their licences', () => {
  const db = entries.filter((e) => e.startsWith('/node_modules/@ip-location-db/') && e.split('/').length === 5).map((e) => e.slice('/node_modules/@ip-location-db/'.length)).sort();
  assert.deepEqual(db, [
    'asn-country/NRO_LICENSE',
    'asn-country/asn-country-ipv4-num.csv',
    'asn-country/asn-country-ipv6-num.csv',
    'asn-country/package.json',
    'asn/DBIP-LICENSE',
    'asn/MODIFICATIONS',
    'asn/NRO_LICENSE',
    'asn/ROUTEVIEWS-LICENSE',
    'asn/asn-ipv4-num.csv',
    'asn/asn-ipv6-num.csv',
    'asn/package.json',
  ]);
  for (const file of ['asn/asn-ipv4-num.csv', 'asn/asn-ipv6-num.csv', 'asn-country/asn-country-ipv4-num.csv', 'asn-country/asn-country-ipv6-num.csv']) {
    assert.ok(unpacked.includes(`/node_modules/@ip-location-db/${file}`), `${file} not unpacked`);
  }
  assert.deepEqual(unpacked.filter((e) => /\.(js|json|cjs|html)$/.test(e)), [], 'no code outside the asar');
});

test('the packed executable has its fuses flipped as configured', async () => {
  const wire = await fuses.getCurrentFuseWire(join(appDir, 'yoxla'));
  const state = (on: boolean) => (on ? FUSE.ENABLE : FUSE.DISABLE);
  const f = config.electronFuses as Record<string, boolean>;
  assert.deepEqual(
    [wire[0], wire[1], wire[2], wire[3], wire[4], wire[5], wire[6], wire[7]],
    [
      state(f.runAsNode ?? true),
      state(f.enableCookieEncryption ?? false),
      state(f.enableNodeOptionsEnvironmentVariable ?? true),
      state(f.enableNodeCliInspectArguments ?? true),
      state(f.enableEmbeddedAsarIntegrityValidation ?? false),
      state(f.onlyLoadAppFromAsar ?? false),
      state(f.loadBrowserProcessSpecificV8Snapshot ?? false),
      state(f.grantFileProtocolExtraPrivileges ?? true),
    ],
  );
  assert.equal(wire[0], FUSE.DISABLE, 'ELECTRON_RUN_AS_NODE cannot turn the app into a Node interpreter');
});

test('the packed code runs: it loads with only the archive, and runs a lab scenario from it', async () => {
  // Outside the stage: Node looks for packages in every parent folder, and the stage has a node_modules.
  extractedRoot = await mkdtemp(join(tmpdir(), 'yoxla-packed-'));
  const extracted = join(extractedRoot, 'app');
  asar.extractAll(join(appDir, 'resources', 'app.asar'), extracted);
  const script = [
    "await import('./dist/main/app/shell.js');",
    "const { createInProcessExecutor } = await import('./dist/main/bridge/executor.js');",
    "const run = await createInProcessExecutor().execute({ mode: 'lab', scenario: 'site-down', sets: [], strategies: false, useControl: true, includeIp: false }, () => {}, new AbortController().signal);",
    "console.log(JSON.stringify(run.results.map((r) => [r.host, r.status])));",
  ].join('\n');
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: extracted, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
  assert.equal(child.status, 0, child.stderr);
  const results = JSON.parse(child.stdout.trim().split('\n').pop() ?? '[]') as Array<[string, string]>;
  assert.deepEqual(Object.fromEntries(results), { 'www.dosye.org': 'down', 'www.irfs.org': 'accessible' });
});

function asarFile(path: string): string {
  const extractFile = (require('@electron/asar') as { extractFile(archive: string, file: string): Buffer }).extractFile;
  return extractFile(join(appDir, 'resources', 'app.asar'), path.slice(1)).toString('utf8');
}
