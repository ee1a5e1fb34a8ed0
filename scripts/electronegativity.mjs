// Runs @doyensec/electronegativity on the Electron shell and reads its SARIF: exit 0 only when the
// scan parsed every file and found nothing.
//
//   node scripts/electronegativity.mjs [--sarif OUT.sarif] [--json] [DIR...]   (default: main/app)
//
// Electronegativity exits 0 whatever it finds, so the verdict comes from its SARIF file. It would
// also fetch translations and Electron's release list from the internet on every run (the `got`
// HTTP client); the scan runs here in a child process where `got` refuses at once and any other
// non-loopback connection throws, so the scan is offline and repeatable. The Electron version
// is the installed one (node_modules/electron/package.json).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const SELF = fileURLToPath(import.meta.url);

/** The child: scan one input with the library's own runner, offline; print what it could not parse. */
async function scanOffline(input, sarif, electronVersion) {
  const net = require('node:net');
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guarded(...args) {
    const options = Array.isArray(args[0]) ? args[0][0] : args[0];
    const host = typeof options === 'object' && options !== null ? options.host : args[1];
    if (typeof options === 'object' && options?.path === undefined && host && !/^(127\.|::1$|localhost$)/.test(String(host))) {
      throw new Error(`electronegativity scan is offline: refused a connection to ${host}`);
    }
    return connect.apply(this, args);
  };
  const packageDir = resolve(require.resolve('@doyensec/electronegativity/package.json'), '..');
  const fromPackage = createRequire(join(packageDir, 'package.json'));
  const offline = () => Promise.reject(new Error('offline'));
  const got = Object.assign(offline, { get: offline, head: offline, post: offline, stream: offline, extend: () => got });
  const gotPath = fromPackage.resolve('got');
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: got, children: [], paths: [] };
  const run = fromPackage('./dist/runner.js');
  const quiet = console.log;
  console.log = () => undefined; // "could not retrieve translations / releases": expected offline
  let result;
  try {
    result = await run(
      {
        input,
        output: sarif,
        isSarif: true,
        customScan: [],
        excludeFromScan: [],
        isRelative: true,
        isVerbose: false,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    );
  } finally {
    console.log = quiet;
  }
  // The library writes the SARIF file asynchronously; this process ends once it is written.
  process.stdout.write(`${JSON.stringify({ errors: result.errors, checks: result.globalChecks + result.atomicChecks })}\n`);
}

/** Scans `input` and returns the SARIF results, the files it could not parse and the checks run. */
export function scan(input, sarifPath) {
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const child = spawnSync(process.execPath, [SELF, '--child', resolve(input), resolve(sarifPath), electronVersion], { encoding: 'utf8', env: { ...process.env, LANG: 'en-US' } });
  if (child.status !== 0) throw new Error(`electronegativity failed (${child.status}): ${child.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  const summary = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}');
  const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
  const results = sarif.runs?.[0]?.results;
  if (!Array.isArray(results)) throw new Error(`${sarifPath}: no SARIF results array`);
  return { electronVersion, results, errors: summary.errors ?? [], checks: summary.checks ?? 0, sarif };
}

function describe(result) {
  const where = result.locations?.[0]?.physicalLocation;
  return `${result.level} ${result.ruleId} ${where?.artifactLocation?.uri ?? '?'}:${where?.region?.startLine ?? '?'} ${result.message?.text ?? ''}`;
}

async function main(argv) {
  if (argv[0] === '--child') return scanOffline(argv[1], argv[2], argv[3]);
  let sarifPath = null;
  let json = false;
  const inputs = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--sarif') sarifPath = argv[++i];
    else if (argv[i] === '--json') json = true;
    else inputs.push(argv[i]);
  }
  if (inputs.length === 0) inputs.push('main/app');
  const temp = mkdtempSync(join(tmpdir(), 'yoxla-eng-'));
  let failed = false;
  try {
    for (const [index, input] of inputs.entries()) {
      const out = sarifPath && inputs.length === 1 ? sarifPath : join(temp, `scan-${index}.sarif`);
      const { electronVersion, results, errors, checks } = scan(input, out);
      failed ||= results.length > 0 || errors.length > 0;
      if (json) {
        process.stdout.write(`${JSON.stringify({ input, electronVersion, checks, findings: results.length, errors })}\n`);
        continue;
      }
      console.log(`electronegativity ${input} (Electron ${electronVersion}, ${checks} checks): ${results.length} findings, ${errors.length} files not parsed`);
      for (const result of results) console.log(`  ${describe(result)}`);
      for (const error of errors) console.log(`  not parsed: ${error.file}: ${error.message}`);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) await main(process.argv.slice(2));
