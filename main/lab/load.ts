// Reading a scenario file: any problem becomes one line naming the bad field (CLI exit code 2).
import { readFile } from 'node:fs/promises';
import { ScenarioSchema, describeScenarioError, type Scenario } from './scenario.ts';

export class ScenarioError extends Error {}

export function parseScenario(text: string, origin: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ScenarioError(`${origin}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = ScenarioSchema.safeParse(json);
  if (!parsed.success) throw new ScenarioError(`${origin}: ${describeScenarioError(parsed.error)}`);
  return parsed.data;
}

export async function loadScenario(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ScenarioError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseScenario(text, path);
}
