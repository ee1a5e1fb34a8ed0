// Languages: every string comes from locales/{az,en}/*.json (bundled, no requests). Azerbaijani is
// the default when the system prefers it; the person can switch at any time (Settings, header).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../main/contract/bridge.ts';
// Every locale file but the text only main, the CLI or the report shows (vite.config.ts): the
// screens reuse words the CLI and the report already have.
import locales from 'virtual:yoxla-locales';
import { languageTree } from './locale-tree.ts';

export const LANGUAGES: readonly Language[] = ['az', 'en'];

/** The saved choice, else the first of the system's languages that Yoxla speaks, else English. */
export function pickLanguage(saved: Language | null, system: readonly string[]): Language {
  if (saved) return saved;
  for (const tag of system) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === 'az' || base === 'en') return base;
  }
  return 'en';
}

/** BCP 47 tag for Intl (dates 23.11.2026 in Azerbaijani, day-first in English too). */
export function intlLocale(lang: string): string {
  return lang === 'az' ? 'az-Latn-AZ' : 'en-GB';
}

export async function startI18n(lang: Language): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    lng: lang,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: languageTree(locales.tree, locales.languages.indexOf(l)) }])),
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  document.documentElement.lang = lang;
  i18next.on('languageChanged', (next) => {
    document.documentElement.lang = next;
  });
  return i18next;
}
