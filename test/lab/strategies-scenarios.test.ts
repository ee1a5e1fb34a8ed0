// Every bundled scenario with `expectStrategies` runs through the real engine against the lab with
// the strategies on, and every expected outcome must hold. The strategies' results must also be
// well-formed run JSON, present only for blocked targets, and judged from their own observations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../main/lab/load.ts';
import { runLabScenario } from '../../main/lab/run-lab.ts';
import { runLabScenarioWithVpn } from '../../main/lab/run-lab-vpn.ts';
import { resolveDoh } from '../../main/engine/doh.ts';
import { startLab } from '../../main/lab/lab.ts';
import { RunSchema } from '../../main/contract/run.ts';
import { STRATEGY_NAMES, type StrategyOutcome } from '../../main/contract/strategies.ts';
import { verdictFor } from '../../main/strategies/judge.ts';
import { scenario } from './lab-support.ts';

const DIR = join(import.meta.dirname, '..', '..', 'main', 'lab', 'scenarios');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const withStrategies = (
  await Promise.all(files.map(async (file) => ({ file, scenario: await loadScenario(join(DIR, file)) })))
).filter(({ scenario: s }) => Object.keys(s.expectStrategies).length > 0);

test('there are scenarios with expected strategy outcomes', () => {
  assert.ok(withStrategies.length >= 3, `found ${withStrategies.map((s) => s.file).join(', ')}`);
});

test('together they show every strategy both working and failing, and each split or host-case not applying', () => {
  const seen = new Set<string>();
  for (const { scenario: s } of withStrategies) {
    for (const outcomes of Object.values(s.expectStrategies)) {
      for (const [name, outcome] of Object.entries(outcomes)) seen.add(`${name}=${outcome}`);
    }
  }
  const missing = STRATEGY_NAMES.flatMap((name) => (['works', 'fails'] as StrategyOutcome[]).map((o) => `${name}=${o}`)).filter((k) => !seen.has(k));
  for (const name of ['tcp-split', 'tls-record-split', 'host-case']) if (!seen.has(`${name}=not-applicable`)) missing.push(`${name}=not-applicable`);
  assert.deepEqual(missing, []);
});

test('the honest case is there: a blocked site that nothing but a VPN gets past', () => {
  const vpnOnly = withStrategies.some(({ scenario: s }) =>
    Object.values(s.expectStrategies).some((o) => o.vpn === 'works' && STRATEGY_NAMES.every((n) => n === 'vpn' || o[n] !== 'works')),
  );
  assert.ok(vpnOnly);
});

for (const { file, scenario: s } of withStrategies) {
  test(`scenario ${file}: every expected strategy outcome holds`, async () => {
    const run = await (Object.keys(s.expectVpn).length > 0 ? runLabScenarioWithVpn : runLabScenario)(s, { strategies: true });
    RunSchema.parse(run);
    const mismatches: string[] = [];
    for (const [host, expected] of Object.entries(s.expectStrategies)) {
      const results = run.results.filter((r) => r.host === host);
      if (results.length === 0) mismatches.push(`${host}: not measured`);
      for (const r of results) {
        if (r.status !== 'blocked') mismatches.push(`${host}: ${r.status}, so no strategies were tried`);
        for (const [name, want] of Object.entries(expected)) {
          const got = r.strategies?.[name as keyof typeof expected];
          if (got?.outcome !== want) mismatches.push(`${host} ${name}: expected ${want} got ${got?.outcome ?? 'nothing'} (${got?.code ?? '-'}: ${got?.failure ?? ''})`);
        }
      }
    }
    assert.deepEqual(mismatches, []);
    for (const r of run.results) {
      if (r.status !== 'blocked') {
        assert.equal(r.strategies, undefined, `${r.host} is not blocked: nothing to try`);
        continue;
      }
      assert.deepEqual(Object.keys(r.strategies ?? {}).sort(), [...STRATEGY_NAMES].sort(), `${r.host}: every strategy reported`);
      for (const [name, outcome] of Object.entries(r.strategies ?? {})) {
        if (outcome.outcome === 'not-applicable') {
          assert.deepEqual(outcome.observations, [], `${r.host} ${name}: nothing sent when not applicable`);
          continue;
        }
        assert.ok(outcome.observations.length > 0, `${r.host} ${name}: evidence recorded`);
        // Recomputable from the run: the same analysis on the recorded observations says the same.
        if (name === 'vpn' || name === 'tor') continue; // their endpoint's connect comes first
        const again = verdictFor(r, outcome.observations, run.network.connectivity);
        assert.equal(again.status === 'accessible', outcome.outcome === 'works', `${r.host} ${name}: re-judged`);
      }
    }
  });
}

test('without --strategies nothing is tried', async () => {
  const s = withStrategies[0]?.scenario;
  assert.ok(s);
  const run = await runLabScenario({ ...s, censor: s.censor.filter((rule) => rule.at === 'dns') });
  assert.ok(run.results.some((r) => r.status === 'blocked'));
  assert.ok(run.results.every((r) => r.strategies === undefined));
});

test("the lab's DoH resolver tells the truth about a name the ISP's resolver hides, unless a rule blocks the resolver itself", async () => {
  const lying = scenario({ censor: [{ host: 'www.azadliq.org', at: 'dns', do: 'nxdomain' }] });
  const blocked = scenario({ censor: [...lying.censor, { host: 'dns.lab.yoxla', at: 'sni', do: 'reset' }] });
  for (const [s, expectAnswer] of [[lying, true], [blocked, false]] as const) {
    const lab = await startLab(s);
    try {
      const answer = await resolveDoh(lab.network('domestic'), 'www.azadliq.org', { timeoutMs: 2000 });
      if (expectAnswer) assert.deepEqual(answer.answers, [lab.addressOf('www.azadliq.org')]);
      else assert.equal(answer.failure, 'connection_reset');
    } finally {
      await lab.close();
    }
  }
});
