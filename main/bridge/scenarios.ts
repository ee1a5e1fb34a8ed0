// Trainer mode's lab scenarios: the bundled ones (main/lab/scenarios) by name, and files a trainer
// opens, validated exactly as `yoxla lab` validates them (main/lab/load.ts).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScenarioInfo } from '../contract/bridge.ts';
import { parseScenario, ScenarioError } from '../lab/load.ts';
import type { Scenario } from '../lab/scenario.ts';
import { SCENARIOS_DIR } from '../paths.ts';
import { BridgeFailure } from './errors.ts';

/** A bundled scenario's name is its file name; nothing else may reach the file system. */
const NAME = /^[a-z0-9][a-z0-9-]{0,99}$/;

export function scenarioInfo(name: string, scenario: Scenario): ScenarioInfo {
  return {
    name,
    blockedHosts: Object.entries(scenario.expect)
      .filter(([, e]) => e.status === 'blocked')
      .map(([host]) => host),
    hasVpn: Object.keys(scenario.expectVpn).length > 0,
    hasStrategies: Object.keys(scenario.expectStrategies).length > 0,
  };
}

export async function bundledScenarioNames(dir = SCENARIOS_DIR): Promise<string[]> {
  const files = await readdir(dir);
  return files
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((n) => NAME.test(n))
    .sort();
}

/** A bundled scenario by name; `not-found` for a name that is not one. */
export async function loadBundledScenario(name: string, dir = SCENARIOS_DIR): Promise<Scenario> {
  if (!NAME.test(name) || !(await bundledScenarioNames(dir)).includes(name)) {
    throw new BridgeFailure('not-found', `no bundled scenario ${name.slice(0, 100)}`);
  }
  return parseScenario(await readFile(join(dir, `${name}.json`), 'utf8'), `${name}.json`);
}

export async function listBundledScenarios(dir = SCENARIOS_DIR): Promise<ScenarioInfo[]> {
  const names = await bundledScenarioNames(dir);
  return Promise.all(names.map(async (name) => scenarioInfo(name, await loadBundledScenario(name, dir))));
}

/** A scenario file's text: its info, or `bad-file` naming the bad field as the CLI does. */
export function validateScenarioText(name: string, text: string): ScenarioInfo {
  const origin = name.split(/[\\/]/).pop() || 'scenario';
  try {
    const scenario = parseScenario(text.replace(/^\uFEFF/, ''), origin);
    return scenarioInfo(scenario.name, scenario);
  } catch (err) {
    if (err instanceof ScenarioError) throw new BridgeFailure('bad-file', err.message);
    throw err;
  }
}
