// Bundled target sets by name (`--targets tiktok,news`).
import type { Target } from '../contract/run.ts';
import { CATALOG_NAMES, entryToTarget, loadCatalog, type CatalogName } from './catalog.ts';

export class UnknownSetError extends Error {}

/** What runs when a person asks for no particular set; `local` is left out because it belongs to the VPN comparison. */
export const DEFAULT_SETS: readonly CatalogName[] = ['tiktok', 'news', 'social', 'messengers'];

export const SET_NAMES: readonly string[] = [...CATALOG_NAMES, 'default'];

function expand(name: string): readonly CatalogName[] {
  if (name === 'default') return DEFAULT_SETS;
  if ((CATALOG_NAMES as readonly string[]).includes(name)) return [name as CatalogName];
  throw new UnknownSetError(`unknown target set ${name} (known: ${SET_NAMES.join(', ')})`);
}

/**
 * Targets of the named sets, in order, each input once: the first set that names an input keeps
 * it (the data files agree on kind and app for a shared input; a test checks that).
 */
export function resolveSets(spec: string): Target[] {
  const names = spec.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) throw new UnknownSetError('--targets names no set');
  const catalogs = names.flatMap(expand);
  const seen = new Set<string>();
  const targets: Target[] = [];
  for (const name of catalogs) {
    for (const entry of loadCatalog(name).entries) {
      const target = entryToTarget(entry, name);
      if (seen.has(target.input)) continue;
      seen.add(target.input);
      targets.push(target);
    }
  }
  return targets;
}
