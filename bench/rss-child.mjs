// Child of bench.ts: checks 1,000 lab URLs (one in ten blocked) and reports its peak RSS. Plain
// JavaScript over dist/main/ (bench.ts runs `npm run build:cli` first) because the app's engine
// process runs built JavaScript: tsx's compiler and source maps would add about 25 MB of its own.
import { ScenarioSchema } from '../dist/main/lab/scenario.js';
import { runLabScenario, targetForLabHost } from '../dist/main/lab/run-lab.js';

const hosts = Array.from({ length: 1000 }, (_, i) => `rss${String(i).padStart(4, '0')}.bench.az`);
const scenario = ScenarioSchema.parse({
  schema: 'yoxla.lab/1',
  name: 'bench-rss-1000',
  network: { rttMs: 5 },
  censor: hosts.filter((_, i) => i % 10 === 0).map((host) => ({ host, at: 'sni', do: 'reset' })),
});
const run = await runLabScenario(scenario, { targets: hosts.map((h) => targetForLabHost(scenario, h)), concurrency: 16 });
if (run.results.length !== 1000) throw new Error(`only ${run.results.length} results`);
console.log(`maxrss_kb: ${process.resourceUsage().maxRSS}`);
