// Where the package's own files are, whether running from the sources (tsx) or from dist/.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'locales'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Yoxla package root above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const LOCALES_DIR = join(PACKAGE_ROOT, 'locales');

/** The user's own Yoxla folder (saved lists, the VPN session): $YOXLA_HOME, or ~/.yoxla. */
export function yoxlaHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.YOXLA_HOME ?? join(homedir(), '.yoxla');
}
/** Bundled lab scenarios (trainer mode, `yoxla lab`). */
export const SCENARIOS_DIR = join(PACKAGE_ROOT, 'main', 'lab', 'scenarios');
