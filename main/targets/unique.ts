// One rule for lists that name an input twice, shared by the CLI and the app (main/bridge/lab-plan.ts).
import type { Target } from '../contract/run.ts';

/** Each input once, the first keeping its place (as the CLI's --targets plus --list does). */
export function uniqueByInput(targets: readonly Target[]): Target[] {
  const seen = new Set<string>();
  return targets.filter((t) => !seen.has(t.input) && Boolean(seen.add(t.input)));
}
