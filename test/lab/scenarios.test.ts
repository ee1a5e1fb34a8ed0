// Every bundled scenario runs through the real engine against the lab; every expectation must hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../main/lab/load.ts';
import { runLabScenario, scenarioTargets, targetForLabHost } from '../../main/lab/run-lab.ts';
import { runLabScenarioWithVpn } from '../../main/lab/run-lab-vpn.ts';
import type { Scenario } from '../../main/lab/scenario.ts';
import { RunSchema, type Result, type Run, type Target } from '../../main/contract/run.ts';
import { summariseMessengers } from '../../main/analysis/messengers.ts';
import { resolveSets } from '../../main/targets/sets.ts';
import { exportMeasurements, toJsonl } from '../../main/report/ooni-export.ts';
import { importedResult, parseMeasurements } from '../../main/report/ooni-import.ts';
import { makeRedactor } from '../../main/report/redact.ts';
import { ooniValidator } from '../support/ooni-collector.ts';

const DIR = join(import.meta.dirname, '..', '..', 'main', 'lab', 'scenarios');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

/**
 * Scenarios about an app run with the bundled set a person would pass as `--targets`, because
 * the app's inputs are not all `https://HOST/` (tcpconnect://HOST:5222, http://IP:443/): the
 * scenario format is a stable contract and names hosts only. Hosts the scenario names that the
 * set lacks are added as the scenario's own targets. Every result of an expected host is checked.
 */
const TARGET_SETS: readonly { prefix: string; sets: string }[] = [
  { prefix: 'messengers', sets: 'messengers' },
  { prefix: 'tiktok-app', sets: 'tiktok' },
  { prefix: 'vpn-local', sets: 'local' },
];

/** OONI-style messenger verdicts a scenario must produce (keyed by scenario file). */
const MESSENGER_SUMMARIES: Record<string, Record<string, string>> = {
  'messengers.json': { whatsapp: 'blocked', telegram: 'blocked', signal: 'accessible', facebook_messenger: 'accessible' },
};

const validateOoni = ooniValidator();

/**
 * Issue 10's round trip: the run exported as OONI measurements and explained again gets the same
 * status and method for every web measurement (messengers travel as OONI's messenger tests, which
 * `yoxla explain` does not read back). Returns the mismatches.
 */
function ooniRoundTrip(run: Run): string[] {
  const { measurements } = exportMeasurements(run, makeRedactor({}));
  const web = measurements.filter((m) => m.test_name === 'web_connectivity');
  const invalid = web.filter((m) => !validateOoni(structuredClone(m) as unknown)).map((m) => `${m.input}: not valid against the OONI schema`);
  const back = parseMeasurements(toJsonl(web), 'export.jsonl').map(importedResult);
  const mismatches = back.flatMap((imported) => {
    const original = run.results.find((r) => r.input === imported.input);
    if (!original) return [`${imported.input}: imported but not in the run`];
    return imported.status === original.status && imported.method === original.method
      ? []
      : [`${imported.input}: ${original.status}/${original.method} became ${imported.status}/${imported.method} (${imported.evidence.code})`];
  });
  return [...invalid, ...mismatches];
}

function targetsFor(file: string, scenario: Scenario): Target[] | undefined {
  const sets = TARGET_SETS.find((t) => file.startsWith(t.prefix))?.sets;
  if (!sets) return undefined;
  // As `yoxla lab --targets`: a listed host is a lab host, treated as the scenario says.
  const listed = resolveSets(sets).map((t) => ({ ...targetForLabHost(scenario, t.host), ...t, input: t.input }));
  const hosts = new Set(listed.map((t) => t.host));
  return [...listed, ...scenarioTargets(scenario).filter((t) => !hosts.has(t.host))];
}

test('the scenarios the foundation and issues 5 and 6 promise are all there', () => {
  const promised = ['az-2022-tiktok', 'az-2020-war', 'news-dpi', 'site-down', 'offline', 'captive-portal', 'flaky', 'slow-but-fine'];
  for (const name of [...promised, 'tiktok-app', 'messengers', 'streaming-throttled', 'vpn-banks', 'vpn-local']) {
    assert.ok(files.includes(`${name}.json`), `missing scenario ${name}`);
  }
});

for (const file of files) {
  test(`scenario ${file}: every expectation holds`, async () => {
    const scenario = await loadScenario(join(DIR, file));
    const expectations = Object.entries(scenario.expect);
    assert.ok(expectations.length > 0, 'a scenario without expectations proves nothing');
    const targets = targetsFor(file, scenario);
    const expectVpn = Object.entries(scenario.expectVpn);
    // As `yoxla lab` does: with a VPN verdict expected, the services also run over the vpn path.
    const runScenario = expectVpn.length > 0 ? runLabScenarioWithVpn : runLabScenario;
    const run = await runScenario(scenario, { concurrency: 8, ...(targets ? { targets } : {}) });
    RunSchema.parse(run);
    const byHost = new Map<string, Result[]>();
    for (const r of run.results) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r]);
    const mismatches: string[] = [];
    for (const [host, want] of expectations) {
      const got = byHost.get(host) ?? [];
      if (got.length === 0) mismatches.push(`${host}: not measured`);
      const wantMethod = want.method ?? null;
      const methodMatters = want.status === 'blocked' || want.method !== undefined;
      for (const r of got) {
        if (r.status !== want.status || (methodMatters && r.method !== wantMethod)) {
          mismatches.push(`${r.input}: expected ${want.status}/${wantMethod} got ${r.status}/${r.method} (${r.evidence.code}: ${r.evidence.failure ?? ''})`);
        }
      }
    }
    assert.deepEqual(mismatches, []);
    const impacts = new Map(run.vpnImpact.map((i) => [i.host, i]));
    const vpnMismatches = expectVpn.flatMap(([host, want]) => {
      const got = impacts.get(host);
      if (!got) return [`${host}: no VPN verdict`];
      const why = `${got.domestic}/${got.vpn}, ${got.evidence?.domestic.signature ?? '-'}/${got.evidence?.vpn.signature ?? '-'}`;
      return got.verdict === want ? [] : [`${host}: expected ${want} got ${got.verdict} (${why})`];
    });
    assert.deepEqual(vpnMismatches, []);
    const summaries = MESSENGER_SUMMARIES[file];
    if (summaries) {
      const got = Object.fromEntries(summariseMessengers(run.results).map((s) => [s.testName, s.status]));
      assert.deepEqual(got, summaries);
    }
    if (scenario.network.state !== 'ok') {
      assert.equal(run.network.connectivity, scenario.network.state);
      assert.ok(run.results.every((r) => r.status !== 'blocked'), 'no working path: nothing may be called blocked');
    }
    assert.equal(run.network.asn, scenario.network.state === 'ok' ? scenario.network.asn : 'AS0');
    assert.equal(run.network.ip, undefined, 'the public IP is left out unless asked');
    assert.deepEqual(ooniRoundTrip(run), [], 'OONI export -> yoxla explain keeps each verdict');
  });
}

test('the VPN scenarios cover all four VPN verdicts', async () => {
  const verdicts = new Set<string>();
  for (const file of files) for (const v of Object.values((await loadScenario(join(DIR, file))).expectVpn)) verdicts.add(v);
  assert.deepEqual([...verdicts].sort(), ['blocked-without-vpn', 'breaks-with-vpn', 'fails-both', 'works-both']);
});
