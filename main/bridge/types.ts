// The Node side of the renderer bridge (main/contract/bridge.ts): one service that answers every
// channel, used by the Electron main process (main/app) and by the renderer tests' harness alike.
// Runs themselves happen in a RunExecutor, so the app can move them off the UI thread (an Electron
// utilityProcess) while tests and the CLI run them in-process with the very same code.
import type { RunEndpoints } from '../contract/endpoints.ts';
import type { BridgeResult, ChannelName, ChannelResponse, ProgressEvent, RunRequest } from '../contract/bridge.ts';
import type { Run } from '../contract/run.ts';
import type { NetworkInfo } from '../vpn/ip-database.ts';
import type { VpnStateReport } from '../checks/vpn-state.ts';

/** Where the service keeps settings, history and the VPN session; a temp folder in tests. */
export interface BridgeStorage {
  /** Folder for history (`history/*.json`), `settings.json`, `vpn-session.json`; created when needed. */
  dataDir: string;
}

/** Progress of one run as the runner reports it, before the service tags it with a runId. */
export type ExecutorEvent =
  | { type: 'started'; total: number }
  | { type: 'connectivity'; connectivity: 'ok' | 'offline' | 'captive-portal' | 'unknown'; rttMs: number | null }
  | { type: 'target-start'; input: string; index: number; total: number }
  | { type: 'target-done'; result: Run['results'][number]; done: number; total: number };

/**
 * Runs one validated request to the end and resolves with the run (interrupted when the signal
 * fired: what finished is kept). Rejects only when the run could not happen at all (bad scenario
 * text, crashed runner); the service turns that into a `failed` event with an error value.
 */
export interface RunExecutor {
  execute(request: ExecutorRequest, onEvent: (event: ExecutorEvent) => void, signal: AbortSignal): Promise<Run>;
  /**
   * Explains an OONI measurement file where runs happen (the runner process), so a large file
   * never blocks the app's main process. Absent: the service explains it itself.
   */
  explain?(file: { name: string; text: string }): Promise<Run>;
}

/** What an executor needs beyond the renderer's request: the settings that shape a run. */
export type ExecutorRequest = RunRequest & { useControl: boolean; includeIp: boolean; endpoints?: RunEndpoints };

/** Asks the person where to save an export (a native dialog in the app; a fixed folder in tests). Null: canceled. */
export type ChooseSavePath = (suggestedName: string, format: string) => Promise<string | null>;

/** Prints self-contained HTML to PDF (Electron's printToPDF in the app; the system Chromium otherwise). */
export type PrintPdf = (html: string) => Promise<Uint8Array>;

/** What the VPN comparison wizard (vpn:state, vpn:phase) needs beyond the executor. */
export interface VpnDeps {
  /**
   * Whether a VPN is on now, from the machine's interfaces and routes and, when a run found it,
   * the network the traffic left from. Production: checks/vpn-state.ts detectVpnState.
   */
  detect(egress: NetworkInfo | null): Promise<VpnStateReport>;
  /**
   * One run over the local services with the VPN as it is. Default: the executor in `check` mode
   * over the `local` set (so it runs off the UI thread like any run); tests inject lab runs.
   */
  measure?(context: VpnMeasureContext): Promise<Run>;
}

export interface VpnMeasureContext {
  useControl: boolean;
  includeIp: boolean;
  signal: AbortSignal;
  onEvent: (event: ExecutorEvent) => void;
}

/** Asks the person, outside the renderer, whether to send these measurements now; true only for an explicit yes. */
export type ConfirmUpload = (summary: { count: number; collector: string }) => Promise<boolean>;

/** Addresses of a host name for split-tunnel exclusions (production: the system resolver). */
export type ResolveHost = (host: string) => Promise<string[]>;

export interface BridgeServiceOptions {
  storage: BridgeStorage;
  executor: RunExecutor;
  chooseSavePath: ChooseSavePath;
  printPdf: PrintPdf;
  /** Fetches an OONI measurement by link/uid in production; tests inject a fake or leave it out (then `unavailable`). */
  fetchText?: (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;
  now?: () => Date;
  /**
   * Where `report:upload` sends measurements: OONI's public collector by default. A collector
   * given here (tests: a loopback one) may also take lab runs, which never go to OONI itself.
   */
  upload?: { collector?: string; fetch?: typeof fetch; backoffMs?: number };
  /**
   * The main process's own question before anything is sent (a native dialog in the app): the
   * renderer's confirmation is only what the renderer says. Without it, report:upload sends nothing.
   */
  confirmUpload?: ConfirmUpload;
  /** The VPN wizard; without it vpn:state says `unknown` and vpn:phase answers `unavailable`. */
  vpn?: VpnDeps;
  /** For host names in vpn:split-tunnel; without it only IPs and CIDRs are accepted (`unavailable` otherwise). */
  resolveHost?: ResolveHost;
  /** Opens the file manager at a saved file (Electron's shell.showItemInFolder); without it report:show is `unavailable`. */
  showItemInFolder?: (path: string) => void;
  /** Where rejected payloads and invalid responses are logged (default: console.warn). Never shown to the person. */
  log?: (message: string) => void;
}

export interface BridgeService {
  /** Validates `payload` against the channel's schema and answers with a value or an error value; never throws. */
  invoke<C extends ChannelName>(channel: C | string, payload: unknown): Promise<BridgeResult<ChannelResponse<C>>>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** Cancels running runs and waits until what finished is saved in history (quit, Ctrl-C). */
  shutdown(): Promise<void>;
}
