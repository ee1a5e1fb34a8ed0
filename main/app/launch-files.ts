// Files handed to the app by the operating system rather than chosen in it: a report or scenario
// double-clicked (or opened with Yoxla) before the app has started, or while it runs. Windows and
// Linux put the path on the command line (of this instance, or of a second one that hands its
// argv over and quits); macOS sends `open-file` events, possibly before the app is ready. Such a
// file waits until the window's page has loaded, then goes the way File > Open goes.
import { isAbsolute, resolve } from 'node:path';

/** Most files one start (or one second instance) may hand over; the rest is ignored. */
export const MAX_LAUNCH_FILES = 20;

export interface ArgvOptions {
  /** Where relative paths are relative to (the second instance's working directory). */
  workingDirectory: string;
  /**
   * Unpacked (`electron [switches] path/to/main.js …`, `electron .`), the app's own path is on the
   * command line too, so only .json and .jsonl files count there.
   */
  packaged: boolean;
}

const OPENABLE = /\.jsonl?$/i;

/** The files on a command line: what follows the executable and is not a switch (unpacked: a .json or .jsonl file). */
export function filesInArgv(argv: readonly string[], options: ArgvOptions): string[] {
  // Chromium and Electron switches (--flag, --flag=value; macOS's old -psn_…) are not files.
  const paths = argv.slice(1).filter((arg) => arg !== '' && !arg.startsWith('-') && (options.packaged || OPENABLE.test(arg)));
  return paths.slice(0, MAX_LAUNCH_FILES).map((path) => (isAbsolute(path) ? path : resolve(options.workingDirectory, path)));
}

/**
 * Holds file paths until the page can take them. `open` is called once the page has loaded (and
 * the bridge service exists), `close` when it starts loading again (a reload after a crash).
 */
export class LaunchFileQueue {
  private pending: string[] = [];
  private ready = false;

  constructor(private readonly deliver: (paths: string[]) => void) {}

  add(paths: readonly string[]): void {
    if (paths.length === 0) return;
    if (this.ready) {
      this.deliver([...paths]);
      return;
    }
    for (const path of paths) if (this.pending.length < MAX_LAUNCH_FILES && !this.pending.includes(path)) this.pending.push(path);
  }

  open(): void {
    this.ready = true;
    const paths = this.pending.splice(0);
    if (paths.length > 0) this.deliver(paths);
  }

  close(): void {
    this.ready = false;
  }

  get waiting(): readonly string[] {
    return this.pending;
  }
}
