// Vite's additions to the page's types (import.meta.glob, CSS imports).
/// <reference types="vite/client" />

/** The locale text of the renderer, built by vite.config.ts from locales/ (scripts/renderer-locales.ts). */
declare module 'virtual:yoxla-locales' {
  export type PairedLocales = { [key: string]: PairedLocales | (string | null)[] };
  const locales: { languages: readonly string[]; tree: PairedLocales };
  export default locales;
}
