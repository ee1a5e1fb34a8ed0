// `yoxla` command line (DESIGN.md section 8). Exit 0 when a run completed, whatever it found;
// 2 on bad input with a one-line reason; 130 when stopped with Ctrl-C (what finished is kept).
// Only what every command needs loads here; each command imports its own modules when it runs, so
// `yoxla --help`, `list` and `split-tunnel` start without the engine, undici, zod or the reports.
import type { ParseArgsConfig } from 'node:util';
import { join } from 'node:path';
import { yoxlaHome } from './paths.ts';
import type { Run, Target } from './contract/run.ts';
import type { ProgressEvent } from './runner.ts';
import { ENDPOINT_OPTIONS, ENDPOINT_USAGE, endpointsOf } from './commands/endpoints.ts';
import { translator, type Language } from './i18n.ts';
import { UsageError } from './commands/usage-error.ts';
import { concurrencyOf, languageOf, parseStrict as parse, type Io } from './commands/args.ts';
import { stripControls } from './util/shown-text.ts';
import { appendAll } from './util/arrays.ts';

export { UsageError };

const COMMON_OPTIONS = {
  targets: { type: 'string' },
  list: { type: 'string' },
  json: { type: 'string' },
  html: { type: 'string' },
  ooni: { type: 'string' },
  csv: { type: 'string' },
  pdf: { type: 'string' },
  'include-ip': { type: 'boolean', default: false },
  // Try the circumvention strategies on blocked targets (DESIGN.md section 10).
  strategies: { type: 'boolean', default: false },
  concurrency: { type: 'string' },
  lang: { type: 'string', default: 'en' },
  quiet: { type: 'boolean', short: 'q', default: false },
} as const satisfies ParseArgsConfig['options'];

const USAGE = `usage:
  yoxla lab SCENARIO.json [--targets SETS] [--list FILE] [--json OUT] [--html OUT] [--ooni OUT.jsonl] [--csv OUT] [--pdf OUT] [--include-ip] [--strategies] [--concurrency N] [--lang az|en]
  yoxla check [--targets SETS] [--list FILE] [--json OUT] [--html OUT] [--ooni OUT.jsonl] [--csv OUT] [--pdf OUT] [--include-ip] [--use-control] [--strategies] [--concurrency N] [--lang az|en]
        ${ENDPOINT_USAGE}
  yoxla report RUN.json [--html OUT] [--pdf OUT] [--csv OUT] [--ooni OUT.jsonl] [--lang az|en] [--include-ip] [--upload [--collector URL] [--yes-i-understand-the-risks]]
  yoxla merge RUN.json... [--html OUT] [--json OUT] [--lang az|en]
  yoxla explain OONI_MEASUREMENT... [--json OUT] [--html OUT] [--lang az|en]
  yoxla vpn [--json OUT] [--vpn on|off] [--restart] [--use-control] [--concurrency N] [--include-ip] [--lang az|en]
        ${ENDPOINT_USAGE}
  yoxla split-tunnel --exclude HOST|IP|CIDR... [--wireguard IN.conf] [--out OUT.conf] [--json] [--lang az|en]
  yoxla split-tunnel --guide [CLIENT...]
  yoxla list [--targets SETS] [--list FILE] [--json] [--save NAME]
  (--list takes a plain-text list, a Citizen Lab CSV, an OONI Run v2 descriptor or link, or saved:NAME)`;

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
};

/** Trainers' named lists: $YOXLA_HOME/lists, or ~/.yoxla/lists. */
function savedListsDir(): string {
  return join(yoxlaHome(), 'lists');
}

/** Fetching lists (OONI Run links) is for the real network only; lab runs never reach out. */
async function fetchJsonFromInternet(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

async function listTargets(
  io: Io,
  values: { targets?: string; list?: string },
  fallback: () => Target[],
  options: { mayFetch: boolean },
): Promise<Target[]> {
  const [{ resolveSets }, { loadList }, { importList, ListError, readListFile }, { uniqueByInput }] = await Promise.all([
    import('./targets/sets.ts'),
    import('./targets/import/saved-lists.ts'),
    import('./targets/import/index.ts'),
    import('./targets/unique.ts'),
  ]);
  const targets: Target[] = [];
  if (values.targets !== undefined) {
    appendAll(targets, resolveSets(values.targets));
  }
  if (values.list?.startsWith('saved:')) {
    appendAll(targets, await loadList(savedListsDir(), values.list.slice('saved:'.length)));
  } else if (values.list !== undefined) {
    const imported = await importList(values.list, {
      ...(options.mayFetch ? { fetchJson: fetchJsonFromInternet } : {}),
      readFile: async (path) => {
        try {
          return await readListFile(path);
        } catch (err) {
          if (err instanceof ListError) throw err;
          throw new UsageError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
        }
      },
    });
    for (const note of imported.notes) io.stderr(`yoxla: ${values.list}: ${note}\n`);
    appendAll(targets, imported.targets);
  }
  if (values.targets === undefined && values.list === undefined) return fallback();
  return uniqueByInput(targets);
}

function progressPrinter(io: Io, lang: Language, quiet: boolean): (event: ProgressEvent) => void {
  const t = translator(lang);
  return (event) => {
    if (quiet) return;
    if (event.type === 'connectivity') {
      io.stderr(`${t('cli.progress.connectivity', { state: t(`cli.connectivity.${event.connectivity}`), rtt: event.rttMs ?? '?' })}\n`);
    } else if (event.type === 'target-done') {
      const r = event.result;
      const method = r.method ? ` (${r.method})` : '';
      io.stderr(`[${event.done}/${event.total}] ${r.host} ${t(`cli.status.${r.status}`)}${method}\n`);
    }
  };
}

/** Runs, then writes the JSON and the table, also after Ctrl-C. */
interface OutputOptions {
  json?: string;
  html?: string;
  ooni?: string;
  csv?: string;
  pdf?: string;
  'include-ip'?: boolean;
  lang: Language;
}

async function execute(io: Io, options: OutputOptions, start: (signal: AbortSignal) => Promise<Run>): Promise<number> {
  const [{ renderRunTable }, { renderRunVpnSection }, { runFileText, writeFileAtomic }, { privateRun, renderReports, sha256Hex, writeRendered }] = await Promise.all([
    import('./report/table.ts'),
    import('./vpn/render.ts'),
    import('./report/run-json.ts'),
    import('./report/index.ts'),
  ]);
  const controller = new AbortController();
  const onSigint = () => {
    io.stderr(`\n${translator(options.lang)('cli.interrupted')}\n`);
    controller.abort(new Error('interrupted'));
  };
  process.once('SIGINT', onSigint);
  let run: Run;
  try {
    run = await start(controller.signal);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  // The run file is an output like the others: the same redactor (this machine's names, and the IP
  // unless --include-ip) as every report, whatever the runner already scrubbed.
  const includeIp = Boolean(options['include-ip']);
  const shown = privateRun(run, { includeIp }).run;
  io.stdout(renderRunTable(shown, options.lang));
  io.stdout(renderRunVpnSection(shown, options.lang));
  // Every output is made in memory first, then all are written: a run one renderer cannot handle
  // leaves no half set of files behind.
  const runJson = options.json ? runFileText(shown) : null;
  const { html, ooni, csv, pdf } = options;
  // --include-ip at run time keeps the IP in the run; exports made now may show it too.
  const rendered = html || ooni || csv || pdf ? await renderReports(run, { html, ooni, csv, pdf, lang: options.lang, includeIp, ...(runJson ? { runSha256: sha256Hex(runJson) } : {}) }) : null;
  if (options.json && runJson !== null) {
    await writeFileAtomic(options.json, runJson);
    io.stderr(`${translator(options.lang)('cli.wrote', { path: options.json })}\n`);
  }
  if (rendered) {
    const reports = await writeRendered(rendered, options.lang);
    for (const message of reports.messages) io.stderr(`${message}\n`);
    if (reports.failed) return 2;
  }
  return run.interrupted ? 130 : 0;
}

async function commandLab(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, COMMON_OPTIONS);
  if (positionals.length !== 1) throw new UsageError('yoxla lab takes exactly one SCENARIO.json');
  const [{ DEFAULT_CONCURRENCY }, { loadScenario }, { scenarioTargets }, { labTargets: planLabTargets }, { runLabScenarioWithVpn }] = await Promise.all([
    import('./runner.ts'),
    import('./lab/load.ts'),
    import('./lab/run-lab.ts'),
    import('./bridge/lab-plan.ts'),
    import('./lab/run-lab-vpn.ts'),
  ]);
  const lang = languageOf(values.lang);
  const concurrency = concurrencyOf(values.concurrency, DEFAULT_CONCURRENCY);
  const scenario = await loadScenario(positionals[0] as string);
  const targets = await listTargets(io, values, () => scenarioTargets(scenario), { mayFetch: false });
  // Hosts from a list are lab hosts like any other: the scenario decides how each is treated.
  const labTargets = planLabTargets(scenario, targets);
  return execute(io, { ...values, lang }, (signal) =>
    runLabScenarioWithVpn(scenario, {
      targets: labTargets,
      concurrency,
      includeIp: values['include-ip'],
      strategies: values.strategies,
      signal,
      onProgress: progressPrinter(io, lang, values.quiet),
    }),
  );
}

async function commandCheck(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { ...COMMON_OPTIONS, ...ENDPOINT_OPTIONS, 'use-control': { type: 'boolean', default: false } });
  if (positionals.length > 0) throw new UsageError(`yoxla check takes no ${positionals[0]}; name targets with --targets or --list`);
  const [{ runTargets, DEFAULT_CONCURRENCY }, { productionNetworkFor, productionSetup }, { productionIdentify }] = await Promise.all([
    import('./runner.ts'),
    import('./checks/production.ts'),
    import('./checks/egress.ts'),
  ]);
  const lang = languageOf(values.lang);
  const concurrency = concurrencyOf(values.concurrency, DEFAULT_CONCURRENCY);
  // Every flag is read and checked before anything is contacted.
  const endpoints = endpointsOf(values);
  const targets = await listTargets(io, values, () => {
    throw new UsageError('say what to check: --targets SETS or --list FILE');
  }, { mayFetch: true });
  const net = productionNetworkFor(endpoints);
  // Naming a test helper is consent to use it.
  const useControl = values['use-control'] || endpoints.control !== undefined;
  const setup = await productionSetup(net, { useControl, endpoints });
  if (!useControl) io.stderr(`${translator(lang)('cli.noControlHint')}\n`);
  if (values.strategies && !useControl) io.stderr(`${translator(lang)('strategy.cli.needsControl')}\n`);
  return execute(io, { ...values, lang }, (signal) =>
    runTargets({
      ...setup,
      targets,
      net,
      identify: productionIdentify(net, endpoints.egress !== undefined ? { egress: endpoints.egress } : {}),
      concurrency,
      includeIp: values['include-ip'],
      strategies: values.strategies,
      mode: 'check',
      signal,
      onProgress: progressPrinter(io, lang, values.quiet),
    }),
  );
}

async function commandList(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    targets: COMMON_OPTIONS.targets,
    list: COMMON_OPTIONS.list,
    json: { type: 'boolean', default: false },
    save: { type: 'string' },
  });
  const targets = await listTargets(io, values, () => {
    throw new UsageError('say what to list: --targets SETS or --list FILE');
  }, { mayFetch: true });
  if (values.save !== undefined) {
    const { saveList } = await import('./targets/import/saved-lists.ts');
    const path = await saveList(savedListsDir(), values.save, targets);
    io.stderr(`${translator('en')('cli.wrote', { path })} (--list saved:${values.save})\n`);
  }
  if (values.json) {
    io.stdout(`${JSON.stringify(targets, null, 2)}\n`);
  } else {
    for (const t of targets) io.stdout(`${[t.input, t.host, t.kind, t.category ?? '-', t.set ?? '-', t.source ?? '-'].join('\t')}\n`);
  }
  return 0;
}

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = {
  lab: commandLab,
  check: commandCheck,
  list: commandList,
  report: async (args, io) => (await import('./commands/report.ts')).commandReport(args, io),
  merge: async (args, io) => (await import('./commands/merge.ts')).commandMerge(args, io),
  explain: async (args, io) => (await import('./commands/explain.ts')).commandExplain(args, io),
  vpn: async (args, io) => (await import('./commands/vpn.ts')).commandVpn(args, io),
  'split-tunnel': async (args, io) => (await import('./commands/split-tunnel.ts')).commandSplitTunnel(args, io),
};

/**
 * Bad input (exit 2 with one line) rather than a bug. The error classes live in the modules that
 * throw them; a module a command never loaded is only imported here, after something went wrong.
 */
async function isInputError(err: Error): Promise<boolean> {
  if (err instanceof UsageError) return true;
  const [{ ScenarioError }, { ListError }, { UnknownSetError }] = await Promise.all([
    import('./lab/load.ts'),
    import('./targets/import/plain-text.ts'),
    import('./targets/sets.ts'),
  ]);
  return err instanceof ScenarioError || err instanceof ListError || err instanceof UnknownSetError;
}

/** Whatever a command prints passes here: measured data must not drive the terminal. */
function terminalSafe(io: Io): Io {
  return { ...io, stdout: (text) => io.stdout(stripControls(text)), stderr: (text) => io.stderr(stripControls(text)) };
}

export async function main(argv: string[], rawIo: Io = defaultIo): Promise<number> {
  const io = terminalSafe(rawIo);
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  const handler = COMMANDS[command];
  try {
    if (!handler) throw new UsageError(`unknown command ${command}\n${USAGE}`);
    return await handler(rest, io);
  } catch (err) {
    if (err instanceof Error && (await isInputError(err))) {
      io.stderr(`yoxla: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
