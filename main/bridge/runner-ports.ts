// Starting the runner process: Node's child_process.fork (tests, the CLI if it ever wants it) and
// Electron's utilityProcess (the app), both seen as a RunnerChild. Electron is not imported here:
// the shell passes its utilityProcess in, so this module loads under plain Node too.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunnerChild, ToRunner } from './protocol.ts';

/** The runner's entry beside this module: `runner-entry.ts` from the sources, `runner-entry.js` in dist/. */
export function runnerEntryPath(): string {
  const fromSources = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSources ? './runner-entry.ts' : './runner-entry.js', import.meta.url));
}

export interface ForkRunnerOptions {
  entry?: string;
  /** Node options for the child; from the sources `--import tsx` is added. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
}

/** A spawn function for createChildExecutor that forks a Node process with an IPC channel. */
export function forkRunner(options: ForkRunnerOptions = {}): () => RunnerChild {
  const entry = options.entry ?? runnerEntryPath();
  const execArgv = options.execArgv ?? (entry.endsWith('.ts') ? ['--import', 'tsx'] : []);
  return () => {
    const child = fork(entry, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], ...(options.env ? { env: options.env } : {}) });
    const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
    let exited = false;
    child.once('exit', (code, signal) => {
      exited = true;
      for (const l of exitListeners) l(code, signal);
    });
    // A child that cannot start at all ('error' before 'exit') counts as ended.
    child.once('error', (err) => {
      if (!exited && child.exitCode === null && child.pid === undefined) {
        exited = true;
        for (const l of exitListeners) l(null, err.message);
      }
    });
    return {
      postMessage: (message: ToRunner) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => exitListeners.push(listener),
      kill: () => {
        if (!exited) child.kill('SIGKILL');
      },
    };
  };
}

/** What the shell's `utilityProcess.fork(runnerEntryPath(), [], options)` returns, as far as used here. */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** A spawn function for createChildExecutor from Electron's utilityProcess.fork. */
export function utilityRunner(start: () => UtilityProcessLike): () => RunnerChild {
  return () => {
    const child = start();
    let exited = false;
    const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
    child.on('exit', (code) => {
      exited = true;
      for (const l of exitListeners) l(code, null);
    });
    return {
      postMessage: (message: ToRunner) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => exitListeners.push(listener),
      kill: () => {
        if (!exited) child.kill();
      },
    };
  };
}
