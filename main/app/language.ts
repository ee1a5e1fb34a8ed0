// The language of the shell's own text (menus, native dialogs): the person's choice in the settings,
// otherwise the system's, as the renderer decides it. Strings come from locales/{az,en} only.
import type { TFunction } from 'i18next';
import { translator } from '../i18n.ts';

export type ShellLanguage = 'az' | 'en';

export function shellLanguage(chosen: ShellLanguage | null | undefined, systemLanguages: readonly string[]): ShellLanguage {
  if (chosen === 'az' || chosen === 'en') return chosen;
  for (const tag of systemLanguages) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === 'az' || base === 'en') return base;
  }
  return 'en';
}

export function shellText(language: ShellLanguage): TFunction {
  return translator(language);
}
