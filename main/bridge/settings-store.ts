// The person's settings in `dataDir/settings.json`: validated on read (a broken file means the
// defaults, never a crash), written atomically, one write at a time so no change is lost.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SettingsSchema, type Settings, type SettingsPatch } from '../contract/bridge.ts';
import { writeFileAtomic } from '../report/run-json.ts';
import { BridgeFailure } from './errors.ts';
import { settingsEndpointsProblem } from './endpoints.ts';

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

export interface SettingsStore {
  get(): Promise<Settings>;
  update(patch: SettingsPatch): Promise<Settings>;
}

export function settingsStore(dataDir: string, log: (message: string) => void): SettingsStore {
  const path = join(dataDir, 'settings.json');
  let queue: Promise<unknown> = Promise.resolve();

  const read = async (): Promise<Settings> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log(`settings: cannot read ${path}: ${(err as Error).message}`);
      return { ...DEFAULT_SETTINGS };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      log(`settings: ${path} is not JSON; using the defaults`);
      return { ...DEFAULT_SETTINGS };
    }
    const parsed = SettingsSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    // Keep what is still valid (a newer version's extra key, one bad value) rather than losing consent.
    log(`settings: ${path}: ${parsed.error.issues[0]?.path.join('.') ?? ''} invalid; keeping the valid keys`);
    const kept: Record<string, unknown> = {};
    if (json && typeof json === 'object') {
      for (const [key, value] of Object.entries(json)) {
        const one = SettingsSchema.shape[key as keyof Settings]?.safeParse(value);
        if (one?.success) kept[key] = one.data;
      }
    }
    return SettingsSchema.parse(kept);
  };

  /** Serialised: two quick toggles never race each other to the file. */
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job, job);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    get: () => serial(read),
    update: (patch) =>
      serial(async () => {
        const merged = SettingsSchema.parse({ ...(await read()), ...patch });
        // Endpoints that only work together are refused together, before anything is written.
        const problem = settingsEndpointsProblem(merged);
        if (problem) throw new BridgeFailure('bad-request', problem);
        await writeFileAtomic(path, `${JSON.stringify(merged, null, 2)}\n`);
        return merged;
      }),
  };
}
