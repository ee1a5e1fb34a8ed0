// A slow or erratic server is never called blocked. When a real-name handshake is still waiting
// after a few round trips, its re-check starts beside it with the SNI test; the re-check's silence
// counts once it lasted three times the harmless name's handshake with the same server (at least
// half the TLS timeout), and the first try keeps its full timeout. Shown over many seeds of a
// server whose handshake time varies from two to seven and a half round trips, and for a server
// that always takes seven; and shown not to hold by chance: the same runs trusting one harmless
// handshake for both tries, or a short fixed wait, do call healthy sites blocked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadScenario } from '../../main/lab/load.ts';
import { runLabScenario } from '../../main/lab/run-lab.ts';
import { deriveTimeouts, type Calibration } from '../../main/engine/timeouts.ts';
import type { Run } from '../../main/contract/run.ts';
import type { Scenario } from '../../main/lab/scenario.ts';

const SCENARIOS = join(import.meta.dirname, '..', '..', 'main', 'lab', 'scenarios');
const SEEDS = 16;
const DROPPED = 'www.tiktok.com';

function withSeed(scenario: Scenario, seed: number): Scenario {
  return { ...scenario, network: { ...scenario.network, seed } };
}

/** Healthy sites called blocked, and how often the dropped one was found. */
function tally(runs: readonly { seed: number; run: Run }[]): { falseBlocks: string[]; dropsFound: number } {
  const falseBlocks: string[] = [];
  let dropsFound = 0;
  for (const { seed, run } of runs) {
    for (const r of run.results) {
      if (r.host === DROPPED) {
        dropsFound += Number(r.status === 'blocked' && r.method === 'tls.sni-drop');
        continue;
      }
      if (r.status === 'blocked') falseBlocks.push(`seed ${seed}: ${r.host} ${r.method} (${r.evidence.code})`);
    }
  }
  return { falseBlocks, dropsFound };
}

async function runSeeds(scenario: Scenario, seeds: number, calibration?: Calibration): Promise<{ seed: number; run: Run }[]> {
  const runs: { seed: number; run: Run }[] = [];
  for (let seed = 1; seed <= seeds; seed += 1) {
    // A calibration other than the engine's own is tried on the scenario's nominal round trip.
    const options = calibration ? { timeouts: deriveTimeouts(scenario.network.rttMs, calibration) } : {};
    runs.push({ seed, run: await runLabScenario(withSeed(scenario, seed), options) });
  }
  return runs;
}

test(`variable-server, ${SEEDS} seeds: a server answering in 2 to 7.5 round trips is never called blocked; the SNI drop still is`, async () => {
  const scenario = await loadScenario(join(SCENARIOS, 'variable-server.json'));
  const { falseBlocks, dropsFound } = tally(await runSeeds(scenario, SEEDS));
  assert.deepEqual(falseBlocks, []);
  assert.equal(dropsFound, SEEDS);
});

test('variable-server: trusting one quick harmless handshake for both tries would call healthy sites blocked', async () => {
  const scenario = await loadScenario(join(SCENARIOS, 'variable-server.json'));
  const { falseBlocks } = tally(await runSeeds(scenario, 8, { factor: 1, floorShare: 0, cutsFirstTry: true }));
  assert.ok(falseBlocks.length > 0, 'the scenario must vary enough to fool a wait calibrated on one sample alone');
});

test('slow-server: six round trips per handshake are slowness, not blocking; a short fixed wait would say blocked', async () => {
  const scenario = await loadScenario(join(SCENARIOS, 'slow-server.json'));
  const runs = await runSeeds(scenario, 3);
  const calibrated = tally(runs);
  assert.deepEqual(calibrated.falseBlocks, []);
  assert.equal(calibrated.dropsFound, 3);
  // A wait of four round trips that ignores the server's pace calls this server blocked.
  const short = { ...deriveTimeouts(scenario.network.rttMs), tls: 4 * scenario.network.rttMs };
  const fixed = tally([{ seed: 1, run: await runLabScenario(scenario, { timeouts: short }) }]);
  assert.ok(fixed.falseBlocks.length > 0, 'the scenario must be slow enough to fool a short fixed wait');
});
