// What a lab run measures, chosen as `yoxla lab` chooses it (main/cli.ts commandLab): the
// scenario's own hosts, or the sets/list the person picked, each host treated as the scenario
// says (a host it does not name is a healthy origin). Shared here so the app and the CLI agree.
import type { Target } from '../contract/run.ts';
import { scenarioTargets, targetForLabHost } from '../lab/run-lab.ts';
import type { Scenario } from '../lab/scenario.ts';
import { uniqueByInput } from '../targets/unique.ts';

export { uniqueByInput };

/** `listed` null: nothing was picked, so the scenario's own targets run. */
export function labTargets(scenario: Scenario, listed: readonly Target[] | null): Target[] {
  if (listed === null) return scenarioTargets(scenario);
  return uniqueByInput(listed).map((t) => (t.set === 'lab' ? t : { ...targetForLabHost(scenario, t.host), ...t, input: t.input }));
}
