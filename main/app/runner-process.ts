// The runner in an Electron utilityProcess: runs happen there (main/bridge/runner-host.ts), so a
// long run never freezes the window, and a runner that crashes ends its run with `runner-crashed`
// while the app goes on (the next run starts a fresh runner).
import { createChildExecutor } from '../bridge/child-executor.ts';
import { runnerEntryPath, utilityRunner, type UtilityProcessLike } from '../bridge/runner-ports.ts';
import type { ShellElectron, ShellLog } from './electron-api.ts';
import { ENGINE_V8_FLAGS } from '../engine/v8-flags.ts';
import type { ShellExecutor } from './shell.ts';

export const RUNNER_SERVICE_NAME = 'Yoxla runner';

export function createUtilityExecutor(electron: Pick<ShellElectron, 'utilityProcess'>, log: ShellLog, entry: string = runnerEntryPath()): ShellExecutor {
  const start = (): UtilityProcessLike => electron.utilityProcess.fork(entry, [], {
      serviceName: RUNNER_SERVICE_NAME,
      stdio: 'inherit',
      // The runner's memory stays near what a run needs (bench: rss_mb_1000).
      execArgv: [...ENGINE_V8_FLAGS],
    });
  return createChildExecutor(utilityRunner(start), { log: (message) => log(`runner: ${message}`) });
}
