// `yoxla vpn [--json OUT] [--vpn on|off] [--restart]`: does my VPN break my bank? On the real
// network, in two runs: the first with the VPN as it is (saved), the second after the user toggled
// it (compared, printed, written). What measures is injected, so tests need no network.
import type { Run } from '../contract/run.ts';
import { translator, type Language } from '../i18n.ts';
import { DEFAULT_CONCURRENCY, runTargets, type ProgressEvent } from '../runner.ts';
import { productionNetworkFor, productionSetup } from '../checks/production.ts';
import type { RunEndpoints } from '../contract/endpoints.ts';
import { ENDPOINT_OPTIONS, endpointsOf } from './endpoints.ts';
import { productionIdentify } from '../checks/egress.ts';
import { detectVpnState, type VpnStateReport } from '../checks/vpn-state.ts';
import { resolveSets } from '../targets/sets.ts';
import { runVpnPhase, type Measured, type PhaseOutcome } from '../vpn/guided.ts';
import { defaultSessionPath } from '../vpn/session.ts';
import { writeAtomic } from '../vpn/files.ts';
import { renderComparison, renderVpnState } from '../vpn/render.ts';
import { concurrencyOf, languageOf, parseStrict, type Io } from './args.ts';
import { UsageError } from './usage-error.ts';
import { privateRun, serializeRun } from '../report/index.ts';

export interface MeasureOptions {
  useControl: boolean;
  concurrency: number;
  includeIp: boolean;
  /** The person's chosen test helper, DoH resolver, portal check and egress page (default: ours). */
  endpoints?: RunEndpoints;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

export interface VpnCommandDeps {
  sessionPath?: string;
  now?: () => Date;
  /** One run over the local set; production measures the real network. */
  measure?: (options: MeasureOptions) => Promise<Measured>;
  /** Count of services a run checks, for the progress line. */
  targetCount?: number;
}

/** The local set on the real network, with the VPN state found while identifying the network. */
export async function productionMeasure(options: MeasureOptions): Promise<Measured> {
  const endpoints = options.endpoints ?? {};
  const net = productionNetworkFor(endpoints);
  const setup = await productionSetup(net, { useControl: options.useControl || endpoints.control !== undefined, endpoints });
  const found: { report?: VpnStateReport } = {};
  const run = await runTargets({
    ...setup,
    targets: resolveSets('local'),
    net,
    identify: productionIdentify(net, {
      onVpnState: (report) => (found.report = report),
      ...(endpoints.egress !== undefined ? { egress: endpoints.egress } : {}),
    }),
    includeIp: options.includeIp,
    concurrency: options.concurrency,
    mode: 'vpn',
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  // Without a working connection the run never identified the network: the tables still tell.
  return { run, state: found.report ?? (await detectVpnState({ egress: null })) };
}

const OPTIONS = {
  ...ENDPOINT_OPTIONS,
  json: { type: 'string' },
  vpn: { type: 'string' },
  restart: { type: 'boolean', default: false },
  'use-control': { type: 'boolean', default: false },
  'include-ip': { type: 'boolean', default: false },
  concurrency: { type: 'string' },
  lang: { type: 'string', default: 'en' },
  quiet: { type: 'boolean', short: 'q', default: false },
} as const;

function progress(io: Io, lang: Language, quiet: boolean): (event: ProgressEvent) => void {
  const t = translator(lang);
  return (event) => {
    if (quiet || event.type !== 'target-done') return;
    io.stderr(`[${event.done}/${event.total}] ${event.result.host} ${t(`cli.status.${event.result.status}`)}\n`);
  };
}

/** The run file passes the same redactor as every output; the IP stays only when the run holds it (asked for). */
async function writeRunFile(path: string, run: Run): Promise<void> {
  await writeAtomic(path, serializeRun(privateRun(run, { includeIp: Boolean(run.network.ip) }).run));
}

async function report(io: Io, lang: Language, outcome: PhaseOutcome): Promise<number> {
  const t = translator(lang);
  switch (outcome.kind) {
    case 'not-measured':
      io.stdout(`${t(outcome.reason === 'interrupted' ? 'vpn.phase.interrupted' : 'vpn.phase.noConnection')}\n`);
      return outcome.reason === 'interrupted' ? 130 : 0;
    case 'first': {
      io.stdout(renderVpnState(outcome.state, t));
      if (outcome.note) io.stdout(`${t(`vpn.phase.${outcome.note}`)}\n`);
      const next = outcome.state.state === 'on' ? 'toggleOff' : outcome.state.state === 'off' ? 'toggleOn' : 'toggleUnknown';
      io.stdout(`\n${t('vpn.phase.firstSaved')}\n${t(`vpn.phase.${next}`)}\n`);
      return 0;
    }
    case 'same-state':
      io.stdout(renderVpnState(outcome.state, t));
      io.stdout(`\n${t(outcome.state.state === 'on' ? 'vpn.phase.sameStateOn' : 'vpn.phase.sameStateOff')}\n`);
      return 0;
    case 'undecidable':
      io.stdout(renderVpnState(outcome.state, t));
      io.stdout(`\n${t('vpn.phase.undecidable')}\n`);
      return 0;
    case 'compared':
      io.stdout(renderVpnState(outcome.second, t));
      io.stdout(`\n${renderComparison(outcome.comparison, outcome.run.results, t)}`);
      if (outcome.json) {
        await writeRunFile(outcome.json, outcome.run);
        io.stderr(`${t('cli.wrote', { path: outcome.json })}\n`);
      }
      return 0;
  }
}

export async function commandVpn(args: string[], io: Io, deps: VpnCommandDeps = {}): Promise<number> {
  const { values, positionals } = parseStrict(args, OPTIONS);
  if (positionals.length > 0) throw new UsageError(`yoxla vpn takes no ${positionals[0]}; it checks the bundled local services`);
  if (values.vpn !== undefined && values.vpn !== 'on' && values.vpn !== 'off') throw new UsageError(`--vpn must be on or off, not ${values.vpn}`);
  const lang = languageOf(values.lang);
  const concurrency = concurrencyOf(values.concurrency, DEFAULT_CONCURRENCY);
  const endpoints = endpointsOf(values);
  const t = translator(lang);
  const measure = deps.measure ?? productionMeasure;

  const controller = new AbortController();
  const onSigint = () => {
    io.stderr(`\n${t('cli.interrupted')}\n`);
    controller.abort(new Error('interrupted'));
  };
  process.once('SIGINT', onSigint);
  let outcome: PhaseOutcome;
  try {
    if (!values.quiet) io.stderr(`${t('vpn.phase.measuring', { count: deps.targetCount ?? resolveSets('local').length })}\n`);
    outcome = await runVpnPhase(
      {
        sessionPath: deps.sessionPath ?? defaultSessionPath(),
        now: deps.now ?? (() => new Date()),
        measure: (signal) =>
          measure({
            useControl: values['use-control'],
            concurrency,
            includeIp: values['include-ip'],
            endpoints,
            ...(signal ? { signal } : {}),
            onProgress: progress(io, lang, values.quiet),
          }),
      },
      {
        ...(values.vpn ? { declared: values.vpn as 'on' | 'off' } : {}),
        restart: values.restart,
        ...(values.json ? { json: values.json } : {}),
        signal: controller.signal,
      },
    );
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const code = await report(io, lang, outcome);
  if (outcome.kind === 'first' && values.json) io.stdout(`${t('vpn.phase.jsonLater')}\n`);
  return code;
}
