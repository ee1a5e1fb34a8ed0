// The bridge service (main/contract/bridge.ts): answers every channel of CHANNELS for the Electron
// main process and the renderer tests' harness alike. Every request is validated with the
// channel's schema, every answer with its response schema; whatever goes wrong comes back as an
// error value, never as an exception into the caller.
import { basename } from 'node:path';
import {
  CHANNELS,
  parseRequest,
  type BridgeResult,
  type ChannelName,
  type ChannelResponse,
  type ProgressEvent,
  type RunRequest,
  type Settings,
} from '../contract/bridge.ts';
import type { Run } from '../contract/run.ts';
import { parseRun } from '../report/run-json.ts';
import { reanalyse } from '../report/reanalyse.ts';
import { parseScenario } from '../lab/load.ts';
import { BridgeFailure, errorValue, failure, success } from './errors.ts';
import { historyStore } from './history-store.ts';
import { settingsStore } from './settings-store.ts';
import { compareRuns } from './compare.ts';
import { exportRun } from './export.ts';
import { uploadRun } from './upload.ts';
import { listBundledScenarios, loadBundledScenario, validateScenarioText } from './scenarios.ts';
import { explainOoni } from './ooni-explain.ts';
import { rememberFirstPhase, vpnPhase, wizardState } from './vpn.ts';
import { splitTunnel } from './split-tunnel.ts';
import { validateList } from './lists.ts';
import { runControl } from './run-control.ts';
import { endpointsOfSettings } from './endpoints.ts';
import type { BridgeService, BridgeServiceOptions } from './types.ts';

type Handlers = {
  [C in ChannelName]: (request: ReturnType<typeof parseRequest<C>> extends BridgeResult<infer R> ? R : never, payload: unknown) => Promise<ChannelResponse<C>>;
};

/**
 * Only the keys the person changed. SettingsPatchSchema (a `.partial()` of a schema with
 * defaults) fills every missing key with its default, which would reset the other settings.
 */
function changedKeys<T extends object>(parsed: T, payload: unknown): Partial<T> {
  const sent = payload && typeof payload === 'object' ? payload : {};
  return Object.fromEntries(Object.entries(parsed).filter(([key]) => Object.hasOwn(sent, key))) as Partial<T>;
}

export function createBridgeService(options: BridgeServiceOptions): BridgeService {
  const { dataDir } = options.storage;
  const log = options.log ?? ((message: string) => console.warn(`yoxla bridge: ${message}`));
  const now = options.now ?? (() => new Date());
  const settings = settingsStore(dataDir, log);
  const history = historyStore(dataDir, log);
  const listeners = new Set<(event: ProgressEvent) => void>();
  const emit = (event: ProgressEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (err) {
        log(`progress listener failed: ${(err as Error).message}`);
      }
    }
  };
  const runs = runControl(history, emit, log, now);
  /** Reports saved in this session, the only files report:show may reveal. */
  const savedReports = new Set<string>();

  /**
   * Runs need a free slot and informed consent. The slot is taken before anything is awaited, so
   * two run:start arriving together cannot both pass; `start` must start the run (or throw).
   */
  let admitting = false;
  const admit = async <T>(start: (current: Settings) => Promise<T>): Promise<T> => {
    if (runs.active || admitting) throw new BridgeFailure('busy', runs.active ? `run ${runs.active.runId} is still going` : 'a run is starting');
    admitting = true;
    try {
      const current = await settings.get();
      if (!current.consentAccepted) throw new BridgeFailure('consent-required', 'informed consent has not been given');
      return await start(current);
    } finally {
      admitting = false;
    }
  };

  /** Problems with the request itself are answered at once rather than as a failed run. */
  const checkLabRequest = async (request: Extract<RunRequest, { mode: 'lab' }>): Promise<string> => {
    if (request.scenario !== undefined) return (await loadBundledScenario(request.scenario)).name;
    return parseScenario((request.scenarioText ?? '').replace(/^\uFEFF/, ''), 'scenario').name;
  };

  /** A list that cannot be read is refused before the run starts, with its line, as on the Choose screen. */
  const checkList = async (list: string): Promise<void> => {
    const checked = await validateList(list);
    if (!checked.valid) throw new BridgeFailure('bad-file', checked.line === null ? checked.reason : `line ${checked.line}: ${checked.reason}`);
  };

  const handlers: Handlers = {
    'settings:get': () => settings.get(),
    'settings:set': (patch, payload) => settings.update(changedKeys(patch, payload)),

    'run:start': (request) =>
      admit(async (current) => {
        const scenario = request.mode === 'lab' ? await checkLabRequest(request) : undefined;
        if (request.mode === 'check' && request.list !== undefined && request.list.trim() !== '') await checkList(request.list);
        const active = runs.start({
          mode: request.mode,
          ...(scenario ? { scenario } : {}),
          execute: (onEvent, signal) =>
            options.executor.execute(
              // On the real network strategies also need the standing consent of the settings; the lab sends nothing out.
              { ...request, strategies: request.strategies && (request.mode === 'lab' || current.tryStrategies), useControl: current.useControl, includeIp: current.includeIp, endpoints: endpointsOfSettings(current) },
              onEvent,
              signal,
            ),
        });
        return { runId: active.runId };
      }),
    'run:cancel': async ({ runId }) => ({ cancelled: runs.cancel(runId) }),

    'history:list': () => history.list(),
    'history:open': ({ historyId }) => history.open(historyId),
    'history:delete': async ({ historyId }) => ({ deleted: await history.delete(historyId) }),
    'history:compare': async ({ historyIds }) => {
      const opened = await Promise.all(historyIds.map(async (id) => ({ id, run: await history.open(id) })));
      return compareRuns(opened.map(({ id, run }) => ({ entry: history.entryOf(id, run), run })));
    },
    'history:import': async ({ name, text }) => {
      const run = parseRun(text.replace(/^\uFEFF/, ''), basename(name.replaceAll('\\', '/')) || 'run.json');
      // Today's analysis on the participant's observations, as `yoxla report` does.
      return history.save({ ...reanalyse(run), mode: 'participant' });
    },

    'report:export': async ({ historyId, format, lang, includeIp, summaryOnly }) => {
      const run = await history.open(historyId);
      const result = await exportRun(run, { historyId, format, lang, includeIp, summaryOnly }, { chooseSavePath: options.chooseSavePath, printPdf: options.printPdf, now });
      if (result.kind === 'saved') savedReports.add(result.path);
      return result;
    },
    // Only what this session saved: the page cannot point the file manager anywhere else.
    'report:show': async ({ path }) => {
      if (!savedReports.has(path)) throw new BridgeFailure('not-found', 'only a report saved in this session can be shown');
      if (!options.showItemInFolder) throw new BridgeFailure('unavailable', 'no file manager here');
      options.showItemInFolder(path);
      return { shown: true };
    },

    'report:upload': async ({ historyId }) => {
      if (!(await settings.get()).uploadConsent) throw new BridgeFailure('consent-required', 'sending to OONI is not allowed in Settings');
      return uploadRun(await history.open(historyId), options.upload ?? {}, options.confirmUpload);
    },

    'lists:validate': ({ text }) => validateList(text),
    'scenarios:list': () => listBundledScenarios(),
    'scenarios:validate': async ({ name, text }) => validateScenarioText(name, text),

    // A file is explained in the runner process when there is one; a link needs OONI's API, fetched here.
    'ooni:explain': async (request) =>
      history.save('text' in request && options.executor.explain ? await options.executor.explain(request) : await explainOoni(request, options.fetchText)),

    'vpn:state': () => wizardState(dataDir, options.vpn, now()),
    'vpn:phase': async ({ declared, restart }) => {
      const vpn = options.vpn;
      if (!vpn) throw new BridgeFailure('unavailable', 'the VPN comparison is not available here');
      return admit(async (current) => {
        let firstPhase = false;
        const active = runs.start({
          mode: 'vpn',
          execute: async (onEvent, signal) => {
            const phase = await vpnPhase({
              dataDir,
              deps: vpn,
              executor: options.executor,
              now,
              useControl: current.useControl,
              includeIp: current.includeIp,
              endpoints: endpointsOfSettings(current),
              ...(declared ? { declared } : {}),
              restart,
              signal,
              onEvent,
            });
            firstPhase = phase.outcome.kind === 'first';
            return phase.run;
          },
          afterSave: async (_run: Run, historyId: string) => {
            if (firstPhase) await rememberFirstPhase(dataDir, historyId, now());
          },
        });
        return { runId: active.runId };
      });
    },
    'vpn:split-tunnel': (request) => splitTunnel(request, options.resolveHost),
  };

  async function invoke<C extends ChannelName>(channel: C | string, payload: unknown): Promise<BridgeResult<ChannelResponse<C>>> {
    try {
      const request = parseRequest<C>(channel, payload);
      if (!request.ok) {
        log(`rejected: ${request.error.detail}`);
        return request;
      }
      const name = channel as C;
      const handler = handlers[name] as (request: unknown, payload: unknown) => Promise<unknown>;
      const value = await handler(request.value, payload);
      const checked = CHANNELS[name].response.safeParse(value);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        log(`${name}: invalid response: ${issue?.path.join('.') || '(value)'}: ${issue?.message ?? ''}`);
        return failure('io', `${name}: invalid response`);
      }
      return success(checked.data as ChannelResponse<C>);
    } catch (err) {
      const error = errorValue(err, 'io');
      if (error.code === 'io') log(`${String(channel).slice(0, 80)}: ${error.detail}`);
      return { ok: false, error };
    }
  }

  return {
    invoke,
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    shutdown: () => runs.stop(),
  };
}
