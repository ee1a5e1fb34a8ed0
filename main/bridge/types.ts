// The Node side of the renderer bridge (main/contract/bridge.ts): one service that answers every
// channel, used by the Electron main process (main/app) and by the renderer tests' harness alike.
// Runs themselves happen in a RunExecutor, so the app can move them off the UI thread (an Electron
// utilityProcess) while tests and the CLI run them in-process with the very same code.
import type { BridgeResult, ChannelName, ChannelResponse, ProgressEvent, RunRequest } from '../contract/bridge.ts';
import type { Run } from '../contract/run.ts';

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
}

/** What an executor needs beyond the renderer's request: the settings that shape a run. */
export type ExecutorRequest = RunRequest & { useControl: boolean; includeIp: boolean };

/** Asks the person where to save an export (a native dialog in the app; a fixed folder in tests). Null: canceled. */
export type ChooseSavePath = (suggestedName: string, format: string) => Promise<string | null>;

/** Prints self-contained HTML to PDF (Electron's printToPDF in the app; the system Chromium otherwise). */
export type PrintPdf = (html: string) => Promise<Uint8Array>;

export interface BridgeServiceOptions {
  storage: BridgeStorage;
  executor: RunExecutor;
  chooseSavePath: ChooseSavePath;
  printPdf: PrintPdf;
  /** Fetches an OONI measurement by link/uid in production; tests inject a fake or leave it out (then `unavailable`). */
  fetchText?: (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;
  now?: () => Date;
}

export interface BridgeService {
  /** Validates `payload` against the channel's schema and answers with a value or an error value; never throws. */
  invoke<C extends ChannelName>(channel: C | string, payload: unknown): Promise<BridgeResult<ChannelResponse<C>>>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** Cancels running runs and waits until what finished is saved in history (quit, Ctrl-C). */
  shutdown(): Promise<void>;
}
