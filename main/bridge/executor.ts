// The in-process RunExecutor: one validated request run to the end with the same code as the CLI
// (main/runner.ts, main/lab). The app runs it inside a utilityProcess (runner-host.ts); tests and
// the renderer harness call it directly. Lab mode never leaves the lab's loopback network.
import type { Run, Target } from '../contract/run.ts';
import { runLabScenarioWithVpn } from '../lab/run-lab-vpn.ts';
import { parseScenario } from '../lab/load.ts';
import type { Scenario } from '../lab/scenario.ts';
import { DEFAULT_CONCURRENCY, runTargets, type ProgressEvent } from '../runner.ts';
import { importList, type FetchJson } from '../targets/import/index.ts';
import { ooniRunLinkId } from '../targets/import/ooni-run.ts';
import { resolveSets } from '../targets/sets.ts';
import { productionNetworkFor, productionSetup } from '../checks/production.ts';
import { productionIdentify } from '../checks/egress.ts';
import { BridgeFailure } from './errors.ts';
import { labTargets, uniqueByInput } from './lab-plan.ts';
import { loadBundledScenario } from './scenarios.ts';
import type { ExecutorEvent, ExecutorRequest, RunExecutor } from './types.ts';
import { appendAll } from '../util/arrays.ts';

export interface InProcessExecutorOptions {
  concurrency?: number;
  /**
   * What `check` mode measures: the real network (the app), or a lab scenario standing in for it
   * (the renderer tests and demos: "check TikTok" then runs against that censored lab).
   */
  checkNetwork?: 'production' | { scenario: string | Scenario };
  /** For OONI Run links in a custom list (check mode on the real network only). Default: fetch. */
  fetchJson?: FetchJson;
  /** Where bundled scenarios live (default main/lab/scenarios). */
  scenariosDir?: string;
}

/** Fetching lists is for the real network only, as in the CLI. */
async function fetchJsonFromInternet(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/** The targets a person picked: bundled sets, then a custom list's text or an OONI Run link. */
export async function pickedTargets(sets: readonly string[], list: string | undefined, fetchJson: FetchJson | null): Promise<Target[]> {
  const targets: Target[] = sets.length > 0 ? resolveSets(sets.join(',')) : [];
  if (list !== undefined && list.trim() !== '') {
    const trimmed = list.trim();
    const link = ooniRunLinkId(trimmed) !== null;
    const imported = await importList(link ? trimmed : 'list', {
      ...(fetchJson ? { fetchJson } : {}),
      // The text itself is the list; its format is read from the content (no extension).
      readFile: async () => list,
    });
    appendAll(targets, imported.targets);
  }
  return uniqueByInput(targets);
}

const forward =
  (onEvent: (event: ExecutorEvent) => void) =>
  (event: ProgressEvent): void =>
    onEvent(event);

export function createInProcessExecutor(options: InProcessExecutorOptions = {}): RunExecutor {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const checkNetwork = options.checkNetwork ?? 'production';

  const scenarioOf = async (ref: string | Scenario): Promise<Scenario> =>
    typeof ref === 'string' ? loadBundledScenario(ref, options.scenariosDir) : ref;

  const runLab = async (scenario: Scenario, targets: Target[], request: ExecutorRequest, onEvent: (e: ExecutorEvent) => void, signal: AbortSignal): Promise<Run> => {
    onEvent({ type: 'started', total: targets.length });
    // As `yoxla lab`: the scenario's sites and the local services are also measured over the lab's
    // vpn path, so the run carries the VPN comparison (vpnImpact) without a second run.
    return runLabScenarioWithVpn(scenario, {
      targets,
      concurrency,
      includeIp: request.includeIp,
      strategies: request.strategies ?? false,
      signal,
      onProgress: forward(onEvent),
    });
  };

  return {
    async execute(request, onEvent, signal) {
      if (request.mode === 'lab') {
        const scenario =
          request.scenario !== undefined ? await scenarioOf(request.scenario) : parseScenario((request.scenarioText ?? '').replace(/^\uFEFF/, ''), 'scenario');
        const sets = request.sets ?? [];
        return runLab(scenario, labTargets(scenario, sets.length > 0 ? resolveSets(sets.join(',')) : null), request, onEvent, signal);
      }

      const production = checkNetwork === 'production';
      const targets = await pickedTargets(request.sets ?? [], request.list, production ? (options.fetchJson ?? fetchJsonFromInternet) : null);
      if (targets.length === 0) throw new BridgeFailure('bad-request', 'nothing to check: choose a set or give a list');
      if (!production) {
        const scenario = await scenarioOf(checkNetwork.scenario);
        return runLab(scenario, labTargets(scenario, targets), request, onEvent, signal);
      }
      return runCheck(targets, request, concurrency, onEvent, signal);
    },
  };
}

/** `yoxla check` on the person's own connection (main/cli.ts commandCheck); tested in test/world. */
async function runCheck(targets: Target[], request: ExecutorRequest, concurrency: number, onEvent: (e: ExecutorEvent) => void, signal: AbortSignal): Promise<Run> {
  const endpoints = request.endpoints ?? {};
  const net = productionNetworkFor(endpoints);
  onEvent({ type: 'started', total: targets.length });
  // As in the CLI: a test helper the person named in Settings is one they consented to.
  const setup = await productionSetup(net, { useControl: request.useControl || endpoints.control !== undefined, endpoints });
  return runTargets({
    ...setup,
    targets,
    net,
    identify: productionIdentify(net, endpoints.egress !== undefined ? { egress: endpoints.egress } : {}),
    concurrency,
    includeIp: request.includeIp,
    mode: 'check',
    strategies: request.strategies ?? false,
    signal,
    onProgress: forward(onEvent),
  });
}
