// The bundled locale text (`virtual:yoxla-locales`, vite.config.ts) holds every language's text
// side by side under one key; i18next wants one tree per language.
import type { PairedLocales } from 'virtual:yoxla-locales';

export type LocaleTree = { [key: string]: string | LocaleTree };

/** The tree of the language at `index` of the bundle's languages; a key that language lacks is left out (i18next falls back to English). */
export function languageTree(paired: PairedLocales, index: number): LocaleTree {
  const out: LocaleTree = {};
  for (const [key, value] of Object.entries(paired)) {
    const text = Array.isArray(value) ? value[index] : languageTree(value, index);
    if (typeof text === 'string' || (typeof text === 'object' && text !== null)) out[key] = text;
  }
  return out;
}
