// What of locales/ the renderer bundle carries, and how (vite.config.ts builds `virtual:yoxla-locales` from it).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
/**
 * Locale text only the main process, the CLI or the exported report shows (the app's menu and
 * dialogs, `yoxla explain`, the CLI's tables, the report's methodology, banner, footer and CSV
 * columns, the VPN wizard's CLI steps): left out of
 * the renderer's bundle to keep it small. test/unit/locales-renderer.test.ts checks that the
 * renderer's code names none of these keys. A key may be a dotted path inside the namespace
 * (`merge.title`); a plural key is named without its `_one`/`_other` suffix.
 */
export const NOT_IN_RENDERER: Readonly<Record<string, readonly string[] | 'all'>> = {
  'menu.json': 'all',
  'app-dialogs.json': 'all',
  'explain.json': 'all',
  'report.json': [
    ...['title', 'lede', 'summary', 'banner', 'apps', 'method', 'footer', 'csv', 'cli', 'vpnImpact', 'upload'],
    // The app's comparison table uses merge.matrix only; the rest is the merged report's and the CLI's.
    ...['title', 'lede', 'runs', 'counts', 'skipped', 'duplicates', 'differSummary', 'cli'].map((key) => `merge.${key}`),
  ],
  'cli.json': ['status', 'table', 'interrupted', 'wrote', 'noControlHint'],
  'vpn.json': [
    ...['evidence', 'phase', 'undecided'],
    // `yoxla vpn` and `yoxla split-tunnel` print these; the app's VPN screen says it its own way.
    ...['compare.undecided', 'compare.wireguardCommand', 'compare.guide'],
    ...['split.excluded', 'split.entry', 'split.endpoint', 'split.wrote', 'split.guideHint'],
  ],
  'strategies.json': ['table', 'report', 'cli'],
};

type Tree = { [key: string]: unknown };
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** The locale file `file` (its parsed JSON) as the renderer bundle carries it. */
export function pruneForRenderer(file: string, tree: Tree): Tree {
  const drop = NOT_IN_RENDERER[file];
  if (drop === undefined) return tree;
  if (drop === 'all') return {};
  for (const namespace of Object.values(tree)) {
    for (const path of drop) {
      const keys = path.split('.');
      const last = keys.pop() ?? '';
      let parent = namespace as Tree | undefined;
      for (const key of keys) parent = parent?.[key] as Tree | undefined;
      if (!parent) continue;
      for (const key of Object.keys(parent)) if (key === last || key.replace(PLURAL, '') === last) delete parent[key];
    }
  }
  return tree;
}

/** A locale tree whose leaves hold one text per language (null where a language lacks the key). */
export type PairedTree = { [key: string]: PairedTree | (string | null)[] };

function mergeInto(target: Tree, source: Tree): Tree {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] = typeof value === 'object' && value !== null && typeof existing === 'object' && existing !== null ? mergeInto(existing as Tree, value as Tree) : value;
  }
  return target;
}

function pair(trees: readonly unknown[]): PairedTree | (string | null)[] {
  if (trees.every((t) => typeof t !== 'object' || t === null)) return trees.map((t) => (typeof t === 'string' ? t : null));
  const keys = [...new Set(trees.flatMap((t) => (typeof t === 'object' && t !== null ? Object.keys(t) : [])))];
  return Object.fromEntries(keys.map((key) => [key, pair(trees.map((t) => (typeof t === 'object' && t !== null ? (t as Tree)[key] : undefined)))]));
}

/**
 * The renderer's locale text: every file of locales/<language>/ pruned (pruneForRenderer), merged
 * in file-name order, and the languages laid side by side key by key, so the bundle names each key
 * once and gzip finds each Azerbaijani text next to its English one. renderer/locale-tree.ts takes it apart.
 */
export function rendererLocales(localesDir: string, languages: readonly string[]): { files: string[]; tree: PairedTree } {
  const files: string[] = [];
  const trees = languages.map((lang) => {
    const dir = join(localesDir, lang);
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .reduce<Tree>((all, name) => {
        files.push(join(dir, name));
        return mergeInto(all, pruneForRenderer(name, JSON.parse(readFileSync(join(dir, name), 'utf8')) as Tree));
      }, {});
  });
  return { files, tree: pair(trees) as PairedTree };
}
