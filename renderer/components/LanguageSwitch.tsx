// Azərbaycan dili · English, switchable at any time; the choice is kept in the settings.
import { useTranslation } from 'react-i18next';
import type { Language } from '../../main/contract/bridge.ts';
import { useSettings } from '../state/settings.tsx';

const CHOICES: readonly [Language, string][] = [
  ['az', 'app.languageSwitch.az'],
  ['en', 'app.languageSwitch.en'],
];

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { update } = useSettings();
  const choose = (lang: Language) => {
    void i18n.changeLanguage(lang);
    void update({ language: lang });
  };
  return (
    <div className="language-switch" role="group" aria-label={t('app.languageSwitch.label')}>
      {CHOICES.map(([lang, key]) => (
        <button key={lang} type="button" lang={lang} aria-pressed={i18n.language === lang} onClick={() => choose(lang)}>
          {t(key)}
        </button>
      ))}
    </div>
  );
}
