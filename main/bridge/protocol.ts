// The messages between the app's main process and the runner process (runner-host.ts), each
// validated with zod on arrival: the runner is another process, so nothing it sends is trusted
// blindly, and nothing main sends is run unchecked.
import { RunEndpointsSchema } from '../contract/endpoints.ts';
import { z } from 'zod';
import { BridgeErrorSchema, OpenTextRequestSchema, RunRequestSchema } from '../contract/bridge.ts';
import { ConnectivitySchema } from '../contract/verdict.ts';
import { ResultSchema, RunSchema } from '../contract/run.ts';

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const ExecutorEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), total: z.number().int().min(0) }),
  z.object({ type: z.literal('connectivity'), connectivity: ConnectivitySchema, rttMs: z.number().nullable() }),
  z.object({ type: z.literal('target-start'), input: z.string(), index: z.number().int(), total: z.number().int() }),
  z.object({ type: z.literal('target-done'), result: ResultSchema, done: z.number().int(), total: z.number().int() }),
]);

/** Main -> runner. `settings` are the parts of the person's settings that shape a run. */
export const ToRunnerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('execute'),
    id: Id,
    request: RunRequestSchema,
    settings: z.object({ useControl: z.boolean(), includeIp: z.boolean(), endpoints: RunEndpointsSchema.optional() }).strict(),
  }),
  z.object({ type: z.literal('cancel'), id: Id }),
  /** An OONI measurement file to explain; answered with `done` (the imported run) or `error`. */
  z.object({ type: z.literal('explain'), id: Id, file: OpenTextRequestSchema }),
]);
export type ToRunner = z.input<typeof ToRunnerSchema>;

/** Runner -> main. `ready` once the runner listens; one `done` or `error` ends each execute. */
export const FromRunnerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('event'), id: Id, event: ExecutorEventSchema }),
  z.object({ type: z.literal('done'), id: Id, run: RunSchema }),
  z.object({ type: z.literal('error'), id: Id, error: BridgeErrorSchema }),
]);
export type FromRunner = z.input<typeof FromRunnerSchema>;

/**
 * The runner's end of the channel, whatever carries it: Electron's `process.parentPort` (whose
 * messages arrive as `{ data }`) or Node's IPC (`process.send`/`process.on('message')`).
 */
export interface RunnerPort {
  postMessage(message: FromRunner): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The app went away: the runner stops. */
  onClose(listener: () => void): void;
}

/** Main's end: a spawned runner process. */
export interface RunnerChild {
  postMessage(message: ToRunner): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The process ended, for any reason (`code` null when killed by a signal). */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}
