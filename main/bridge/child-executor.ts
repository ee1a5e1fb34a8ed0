// A RunExecutor whose runs happen in another process (runner-host.ts): the app's UI thread only
// passes messages. Cancel is a message; a runner that ends mid-run (crash, killed, out of memory)
// rejects the run with `runner-crashed`, and the service keeps the results that had arrived as an
// interrupted run. The runner is started on first use and again after it ended.
import { randomBytes } from 'node:crypto';
import type { Run } from '../contract/run.ts';
import { BridgeFailure } from './errors.ts';
import { FromRunnerSchema, type RunnerChild } from './protocol.ts';
import type { ExecutorEvent, RunExecutor } from './types.ts';

export interface ChildExecutorOptions {
  /** How long a cancelled run may take to hand back what finished before the runner is killed. */
  cancelGraceMs?: number;
  log?: (message: string) => void;
}

export interface ChildExecutor extends RunExecutor {
  /** Ends the runner process (quitting the app); running runs reject with `runner-crashed`. */
  close(): Promise<void>;
}

interface Pending {
  onEvent: (event: ExecutorEvent) => void;
  resolve: (run: Run) => void;
  reject: (err: Error) => void;
}

interface Runner {
  child: RunnerChild;
  ready: Promise<void>;
  exited: Promise<void>;
  pending: Map<string, Pending>;
}

export function createChildExecutor(spawn: () => RunnerChild, options: ChildExecutorOptions = {}): ChildExecutor {
  const log = options.log ?? ((message: string) => console.error(`yoxla runner: ${message}`));
  const grace = options.cancelGraceMs ?? 15_000;
  let current: Runner | null = null;

  const start = (): Runner => {
    const child = spawn();
    const pending = new Map<string, Pending>();
    let markReady: () => void = () => undefined;
    let markExited: () => void = () => undefined;
    let failStart: (err: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    ready.catch(() => undefined);
    const exited = new Promise<void>((resolve) => (markExited = resolve));
    const runner: Runner = { child, ready, exited, pending };

    child.onMessage((raw) => {
      const parsed = FromRunnerSchema.safeParse(raw);
      if (!parsed.success) {
        log(`ignored a malformed message from the runner: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
        return;
      }
      const message = parsed.data;
      if (message.type === 'ready') {
        markReady();
        return;
      }
      const job = pending.get(message.id);
      if (!job) return;
      if (message.type === 'event') {
        job.onEvent(message.event);
      } else if (message.type === 'done') {
        pending.delete(message.id);
        job.resolve(message.run);
      } else {
        pending.delete(message.id);
        job.reject(new BridgeFailure(message.error.code, message.error.detail));
      }
    });
    child.onExit((code, signal) => {
      if (current === runner) current = null;
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      const err = new BridgeFailure('runner-crashed', `the runner process ${how}`);
      failStart(err);
      for (const job of pending.values()) job.reject(err);
      pending.clear();
      markExited();
    });
    return runner;
  };

  return {
    async execute(request, onEvent, signal) {
      const runner = (current ??= start());
      await runner.ready;
      const id = `x${randomBytes(6).toString('hex')}`;
      const { useControl, includeIp, endpoints, ...runRequest } = request;
      return new Promise<Run>((resolve, reject) => {
        let killTimer: NodeJS.Timeout | undefined;
        const onAbort = () => {
          runner.child.postMessage({ type: 'cancel', id });
          // A runner that does not stop within the grace period is ended; what arrived is kept by the service.
          killTimer = setTimeout(() => {
            log(`run ${id} did not stop within ${grace} ms; ending the runner`);
            runner.child.kill();
          }, grace);
        };
        const settle = () => {
          signal.removeEventListener('abort', onAbort);
          clearTimeout(killTimer);
        };
        runner.pending.set(id, {
          onEvent,
          resolve: (run) => {
            settle();
            resolve(run);
          },
          reject: (err) => {
            settle();
            reject(err);
          },
        });
        runner.child.postMessage({ type: 'execute', id, request: runRequest, settings: { useControl, includeIp, ...(endpoints ? { endpoints } : {}) } });
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    async explain(file) {
      const runner = (current ??= start());
      await runner.ready;
      const id = `x${randomBytes(6).toString('hex')}`;
      return new Promise<Run>((resolve, reject) => {
        runner.pending.set(id, { onEvent: () => undefined, resolve, reject });
        runner.child.postMessage({ type: 'explain', id, file });
      });
    },
    async close() {
      const runner = current;
      if (!runner) return;
      runner.child.kill();
      await runner.exited;
    },
  };
}
