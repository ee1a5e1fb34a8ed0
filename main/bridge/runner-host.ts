// The runner process: receives validated run requests from the app's main process and runs them
// with the in-process executor, so a long run never freezes the UI and a crash here is reported
// by main (child-executor.ts), not fatal. Started by runner-entry.ts in an Electron
// utilityProcess (`process.parentPort`) or, in tests, a Node child process (`process.send`).
import type { BridgeError } from '../contract/bridge.ts';
import { errorValue } from './errors.ts';
import { createInProcessExecutor } from './executor.ts';
import { explainOoni } from './ooni-explain.ts';
import { ToRunnerSchema, type FromRunner, type RunnerPort } from './protocol.ts';
import type { ExecutorRequest, RunExecutor } from './types.ts';

export function serveRunner(port: RunnerPort, executor: RunExecutor = createInProcessExecutor(), log: (message: string) => void = (m) => console.error(`yoxla runner: ${m}`)): void {
  const running = new Map<string, AbortController>();
  const post = (message: FromRunner) => {
    try {
      port.postMessage(message);
    } catch (err) {
      log(`cannot post ${message.type}: ${(err as Error).message}`);
    }
  };

  port.onMessage((raw) => {
    const parsed = ToRunnerSchema.safeParse(raw);
    if (!parsed.success) {
      log(`ignored a malformed message: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
      return;
    }
    const message = parsed.data;
    if (message.type === 'cancel') {
      running.get(message.id)?.abort(new Error('cancelled'));
      return;
    }
    if (message.type === 'explain') {
      // Parsing and judging a file is CPU work only: here it cannot freeze the app's window.
      explainOoni(message.file, undefined).then(
        (run) => post({ type: 'done', id: message.id, run }),
        (err: unknown) => post({ type: 'error', id: message.id, error: errorValue(err) }),
      );
      return;
    }
    if (running.has(message.id)) {
      post({ type: 'error', id: message.id, error: { code: 'busy', detail: `run ${message.id} is already going` } });
      return;
    }
    const controller = new AbortController();
    running.set(message.id, controller);
    const request = { ...message.request, ...message.settings } as ExecutorRequest;
    executor
      .execute(request, (event) => post({ type: 'event', id: message.id, event }), controller.signal)
      .then(
        (run) => post({ type: 'done', id: message.id, run }),
        (err: unknown) => {
          const error: BridgeError = errorValue(err, 'runner-crashed');
          post({ type: 'error', id: message.id, error });
        },
      )
      .finally(() => running.delete(message.id));
  });
  port.onClose(() => {
    for (const controller of running.values()) controller.abort(new Error('the app went away'));
    // Let the runs stop and the labs close, then leave.
    setTimeout(() => process.exit(0), 2_000).unref();
  });
  post({ type: 'ready' });
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The port this process was started with: Electron's parentPort, or Node's IPC channel. */
export function processPort(): RunnerPort {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      postMessage: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      // Electron ends a utility process together with its parent.
      onClose: () => undefined,
    };
  }
  if (process.send) {
    return {
      postMessage: (message) => void process.send?.(message),
      onMessage: (listener) => process.on('message', listener),
      onClose: (listener) => process.once('disconnect', listener),
    };
  }
  throw new Error('the runner must be started by the app (utilityProcess) or with an IPC channel (child_process.fork)');
}
