// Text for people, in Node (CLI, reports): every string comes from locales/<lang>/*.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { LOCALES_DIR } from './paths.ts';

export const LANGUAGES = ['en', 'az'] as const;
export type Language = (typeof LANGUAGES)[number];


type Tree = { [key: string]: string | Tree };

function mergeInto(target: Tree, source: Tree): Tree {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] = typeof value === 'object' && typeof existing === 'object' ? mergeInto(existing, value) : value;
  }
  return target;
}

/** All files of one language merged into one tree (each file owns distinct top-level keys). */
export function loadLocale(lang: Language): Tree {
  const dir = join(LOCALES_DIR, lang);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reduce<Tree>((tree, file) => mergeInto(tree, JSON.parse(readFileSync(join(dir, file), 'utf8')) as Tree), {});
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

const cache = new Map<Language, TFunction>();

export function translator(lang: Language): TFunction {
  const cached = cache.get(lang);
  if (cached) return cached;
  const instance = i18next.createInstance();
  void instance.init({
    lng: lang,
    fallbackLng: 'en',
    initAsync: false,
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: loadLocale(l) }])),
    interpolation: { escapeValue: false },
    returnNull: false,
    // i18next otherwise prints an advertisement to stdout, mixed into the CLI's table.
    showSupportNotice: false,
  });
  cache.set(lang, instance.t);
  return instance.t;
}
