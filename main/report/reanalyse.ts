// A saved run judged again by this version's analysis: the observations are the evidence, the
// verdicts stored beside them are only what an older analysis made of them.
import type { Run } from '../contract/run.ts';
import { analyze } from '../analysis/index.ts';

export function reanalyse(run: Run): Run {
  return {
    ...run,
    results: run.results.map((result) => {
      const verdict = analyze({
        target: { input: result.input, host: result.host, kind: result.kind },
        observations: result.observations,
        control: result.control,
        controlFailure: result.controlFailure,
        connectivity: run.network.connectivity,
      });
      return { ...result, ...verdict };
    }),
  };
}
