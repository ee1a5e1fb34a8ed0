// `npm run bench`: DESIGN.md section 9 figures, measured in the lab, one `name: value` line each.
// `npm run bench -- --quick` skips the slow sequential OONI-like baseline.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ScenarioSchema, type Scenario } from '../main/lab/scenario.ts';
import { labTunnels, runInLab, runLabScenario } from '../main/lab/run-lab.ts';
import { startLab } from '../main/lab/lab.ts';
import { tryStrategies } from '../main/strategies/index.ts';
import { deriveTimeouts } from '../main/engine/timeouts.ts';
import { OONI_TIMEOUTS } from '../main/engine/timeouts.ts';
import type { Target } from '../main/contract/run.ts';
import { resolveSets } from '../main/targets/sets.ts';
import { ENGINE_V8_FLAGS } from '../main/engine/v8-flags.ts';
import { rendererKbGz } from './renderer-size.ts';
import { ooniImportSeconds } from './ooni-import.ts';

const args = new Set(process.argv.slice(2));

function print(name: string, value: number | string): void {
  console.log(`${name}: ${typeof value === 'number' ? Number(value.toFixed(3)) : value}`);
}

/** The bundled default suite, with every fourth target blocked by a silent drop. */
function defaultSuite(rttMs: number): { scenario: Scenario; targets: Target[]; blockedHosts: Set<string> } {
  const targets = resolveSets('default');
  const blocked = targets.filter((_, i) => i % 4 === 0);
  const blockedHosts = new Set(blocked.map((t) => t.host));
  const scenario = ScenarioSchema.parse({
    schema: 'yoxla.lab/1',
    name: 'bench-default-suite',
    network: { rttMs, asn: 'AS29049', cc: 'AZ' },
    // An SNI drop spares a host's plain-HTTP inputs, so hosts that have any are dropped by address.
    censor: [...blockedHosts].map((host) =>
      targets.every((t) => t.host !== host || t.input.startsWith('https:'))
        ? { host, at: 'sni', do: 'drop' }
        : { host, at: 'ip', do: 'drop' },
    ),
  });
  return { scenario, targets, blockedHosts };
}

async function sniDropVerdictSeconds(): Promise<number> {
  const scenario = ScenarioSchema.parse({
    schema: 'yoxla.lab/1',
    name: 'bench-sni-drop',
    network: { rttMs: 100 },
    sites: { 'www.tiktok.com': {} },
    censor: [{ host: 'tiktok.com', subdomains: true, at: 'sni', do: 'drop' }],
  });
  const run = await runLabScenario(scenario);
  const result = run.results[0];
  if (result?.method !== 'tls.sni-drop') throw new Error(`expected tls.sni-drop, got ${result?.status}/${result?.method}`);
  return result.durationMs / 1000;
}

/**
 * Every strategy for one blocked target at 100 ms RTT, in the costliest case: a box that
 * reassembles the whole ClientHello and drops it, and a blocked Tor bridge, so every strategy but
 * the VPN waits out its timeouts (DESIGN.md section 10; target under 5 s).
 */
async function strategiesSeconds(): Promise<number> {
  const scenario = ScenarioSchema.parse({
    schema: 'yoxla.lab/1',
    name: 'bench-strategies',
    network: { rttMs: 100 },
    sites: { 'www.tiktok.com': {} },
    censor: [
      { host: 'tiktok.com', subdomains: true, at: 'sni', do: 'drop', inspects: 'stream' },
      { host: 'tor.lab.yoxla', at: 'ip', do: 'drop' },
    ],
  });
  const lab = await startLab(scenario);
  try {
    const run = await runInLab(lab);
    const result = run.results[0];
    if (result?.method !== 'tls.sni-drop') throw new Error(`expected tls.sni-drop, got ${result?.status}/${result?.method}`);
    const t0 = performance.now();
    const strategies = await tryStrategies(result, { net: lab.network('domestic'), timeouts: deriveTimeouts(run.network.rttMs), tunnels: labTunnels(lab) });
    const seconds = (performance.now() - t0) / 1000;
    const works = Object.entries(strategies).filter(([, s]) => s.outcome === 'works').map(([name]) => name);
    if (works.join() !== 'vpn') throw new Error(`expected only the VPN to work, got ${works.join(', ') || 'nothing'}`);
    return seconds;
  } finally {
    await lab.close();
  }
}

async function suiteSeconds(sequentialBaseline: boolean): Promise<{ suite: number; sequential: number | null; count: number }> {
  // The default suite (>= 60 targets), a quarter blocked by drop, 100 ms RTT (DESIGN.md section 9).
  const { scenario, targets, blockedHosts } = defaultSuite(100);
  let t0 = performance.now();
  const run = await runLabScenario(scenario, { targets });
  const suite = (performance.now() - t0) / 1000;
  const wrong = run.results.filter((r) => (r.status === 'blocked') !== blockedHosts.has(r.host));
  if (wrong.length) throw new Error(`suite: unexpected verdicts for ${wrong.map((r) => `${r.input}=${r.status}`).join(', ')}`);
  if (!sequentialBaseline) return { suite, sequential: null, count: targets.length };
  t0 = performance.now();
  await runLabScenario(scenario, { targets, concurrency: 1, timeouts: OONI_TIMEOUTS, rechecks: false });
  return { suite, sequential: (performance.now() - t0) / 1000, count: targets.length };
}


/** `npm run build:cli`: dist/main/ as `yoxla` and the RSS child run it. */
function buildCli(): void {
  const built = spawnSync(process.execPath, [join('scripts', 'build-cli.mjs')], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build:cli failed: ${built.stderr}`);
}

/** Median wall-clock seconds of cold `node bin/yoxla.js --help` processes (built JavaScript). */
function cliStartSeconds(runs = 9): number {
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, [join('bin', 'yoxla.js'), '--help'], { encoding: 'utf8' });
    seconds.push((performance.now() - t0) / 1000);
    if (child.status !== 0 || !child.stdout.startsWith('usage:')) throw new Error(`yoxla --help failed: ${child.stderr}`);
  }
  return seconds.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

/** Peak RSS of a separate process checking 1,000 URLs (lab included), in MB. */
function rssMb1000(v8Flags: readonly string[]): number {
  const child = spawnSync(process.execPath, [...v8Flags, join('bench', 'rss-child.mjs')], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`rss child failed: ${child.stderr}`);
  const match = /maxrss_kb: (\d+)/.exec(child.stdout);
  if (!match?.[1]) throw new Error(`rss child said: ${child.stdout}`);
  return Number(match[1]) / 1024;
}

/** The renderer's gzipped JS, built afresh: a `dist/renderer` left from older sources would be measured instead. */
function rendererSize(): number {
  const built = spawnSync(process.execPath, [join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`vite build failed: ${built.stderr}`);
  return rendererKbGz(join('dist', 'renderer'));
}

buildCli();
print('cli_start_s', cliStartSeconds());
const sni = await sniDropVerdictSeconds();
print('sni_drop_verdict_s', sni);
print('strategies_s', await strategiesSeconds());
const suite = await suiteSeconds(!args.has('--quick'));
print('suite_targets', suite.count);
print('suite_s', suite.suite);
if (suite.sequential !== null) {
  print('suite_sequential_ooni_s', suite.sequential);
  print('suite_vs_sequential', suite.suite / suite.sequential);
}
print('rss_mb_1000', rssMb1000(ENGINE_V8_FLAGS));
print('rss_mb_1000_default_heap', rssMb1000([]));
print('renderer_kb_gz', rendererSize());
print('ooni_import_s', ooniImportSeconds());
