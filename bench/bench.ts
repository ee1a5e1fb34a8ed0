// `npm run bench`: DESIGN.md section 9 figures, measured in the lab, one `name: value` line each.
// `npm run bench -- --quick` skips the slow sequential OONI-like baseline.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ScenarioSchema, type Scenario } from '../main/lab/scenario.ts';
import { runLabScenario, targetForLabHost } from '../main/lab/run-lab.ts';
import { OONI_TIMEOUTS } from '../main/engine/timeouts.ts';
import type { Target } from '../main/contract/run.ts';

const args = new Set(process.argv.slice(2));

function print(name: string, value: number | string): void {
  console.log(`${name}: ${typeof value === 'number' ? Number(value.toFixed(3)) : value}`);
}

function suiteScenario(count: number, blockedEvery: number, rttMs: number): { scenario: Scenario; targets: Target[] } {
  const hosts = Array.from({ length: count }, (_, i) => `site${String(i).padStart(4, '0')}.bench.az`);
  const scenario = ScenarioSchema.parse({
    schema: 'yoxla.lab/1',
    name: `bench-${count}`,
    network: { rttMs, asn: 'AS29049', cc: 'AZ' },
    censor: hosts.filter((_, i) => i % blockedEvery === 0).map((host) => ({ host, at: 'sni', do: 'drop' })),
  });
  return { scenario, targets: hosts.map((h) => targetForLabHost(scenario, h)) };
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

async function suiteSeconds(sequentialBaseline: boolean): Promise<{ suite: number; sequential: number | null; count: number }> {
  // 64 targets, a quarter blocked by SNI drop, 100 ms RTT (DESIGN.md section 9).
  const { scenario, targets } = suiteScenario(64, 4, 100);
  let t0 = performance.now();
  const run = await runLabScenario(scenario, { targets });
  const suite = (performance.now() - t0) / 1000;
  const blocked = run.results.filter((r) => r.status === 'blocked').length;
  if (blocked !== 16) throw new Error(`suite: expected 16 blocked, got ${blocked}`);
  if (!sequentialBaseline) return { suite, sequential: null, count: targets.length };
  t0 = performance.now();
  await runLabScenario(scenario, { targets, concurrency: 1, timeouts: OONI_TIMEOUTS, rechecks: false });
  return { suite, sequential: (performance.now() - t0) / 1000, count: targets.length };
}

/** Peak RSS of a separate process checking 1,000 URLs (lab included), in MB. */
function rssMb1000(): number {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/rss-child.ts'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`rss child failed: ${child.stderr}`);
  const match = /maxrss_kb: (\d+)/.exec(child.stdout);
  if (!match?.[1]) throw new Error(`rss child said: ${child.stdout}`);
  return Number(match[1]) / 1024;
}

function rendererKbGz(): number | null {
  const dir = join('dist', 'renderer', 'assets');
  if (!existsSync(dir)) return null;
  const js = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const bytes = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f))).length, 0);
  return js.length && statSync(dir).isDirectory() ? bytes / 1024 : null;
}

const sni = await sniDropVerdictSeconds();
print('sni_drop_verdict_s', sni);
const suite = await suiteSeconds(!args.has('--quick'));
print('suite_targets', suite.count);
print('suite_s', suite.suite);
if (suite.sequential !== null) {
  print('suite_sequential_ooni_s', suite.sequential);
  print('suite_vs_sequential', suite.suite / suite.sequential);
}
print('rss_mb_1000', rssMb1000());
const renderer = rendererKbGz();
if (renderer !== null) print('renderer_kb_gz', renderer);
