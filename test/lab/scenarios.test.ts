// Every bundled scenario runs through the real engine against the lab; every expectation must hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../main/lab/load.ts';
import { runLabScenario } from '../../main/lab/run-lab.ts';
import { RunSchema } from '../../main/contract/run.ts';

const DIR = join(import.meta.dirname, 'scenarios');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

test('the scenarios the foundation promises are all there', () => {
  for (const name of ['az-2022-tiktok', 'az-2020-war', 'news-dpi', 'site-down', 'offline', 'captive-portal', 'flaky', 'slow-but-fine']) {
    assert.ok(files.includes(`${name}.json`), `missing scenario ${name}`);
  }
});

for (const file of files) {
  test(`scenario ${file}: every expectation holds`, async () => {
    const scenario = await loadScenario(join(DIR, file));
    const expectations = Object.entries(scenario.expect);
    assert.ok(expectations.length > 0, 'a scenario without expectations proves nothing');
    const run = await runLabScenario(scenario, { concurrency: 8 });
    RunSchema.parse(run);
    const byHost = new Map(run.results.map((r) => [r.host, r]));
    const mismatches: string[] = [];
    for (const [host, want] of expectations) {
      const got = byHost.get(host);
      if (!got) {
        mismatches.push(`${host}: not measured`);
        continue;
      }
      const wantMethod = want.method ?? null;
      const methodMatters = want.status === 'blocked' || want.method !== undefined;
      if (got.status !== want.status || (methodMatters && got.method !== wantMethod)) {
        mismatches.push(`${host}: expected ${want.status}/${wantMethod} got ${got.status}/${got.method} (${got.evidence.code}: ${got.evidence.failure ?? ''})`);
      }
    }
    assert.deepEqual(mismatches, []);
    if (scenario.network.state !== 'ok') {
      assert.equal(run.network.connectivity, scenario.network.state);
      assert.ok(run.results.every((r) => r.status !== 'blocked'), 'no working path: nothing may be called blocked');
    }
    assert.equal(run.network.asn, scenario.network.state === 'ok' ? scenario.network.asn : 'AS0');
    assert.equal(run.network.ip, undefined, 'the public IP is left out unless asked');
  });
}
