// Settings: language, the comparison server, upload consent, the IP address, trying ways around
// blocks, trainer mode; the outside services a check uses (Advanced); and the consent text to read again.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeError, Language, SettingsPatch } from '../../main/contract/bridge.ts';
import { ScreenHeading } from '../components/ScreenHeading.tsx';
import { CheckboxField } from '../components/CheckboxField.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { BuildInfoSection } from '../components/BuildInfoSection.tsx';
import { useSettings } from '../state/settings.tsx';
import { useNavigation } from '../state/navigation.tsx';
import { AdvancedSettings } from '../components/AdvancedSettings.tsx';

const LANGUAGES: readonly [Language, string][] = [
  ['az', 'app.languageSwitch.az'],
  ['en', 'app.languageSwitch.en'],
];

function LanguageChoice({ onError }: { onError(e: BridgeError): void }) {
  const { t, i18n } = useTranslation();
  const { update } = useSettings();
  const name = useId();
  return (
    <fieldset>
      <legend>{t('app.settings.language')}</legend>
      {LANGUAGES.map(([lang, key]) => (
        <div key={lang} className="field field-radio">
          <input
            id={`${name}-${lang}`}
            type="radio"
            name={name}
            value={lang}
            checked={i18n.language === lang}
            onChange={() => {
              void i18n.changeLanguage(lang);
              void update({ language: lang }).then((a) => (a.ok ? undefined : onError(a.error)));
            }}
          />
          <label htmlFor={`${name}-${lang}`} lang={lang}>
            {t(key)}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export function SettingsScreen() {
  const { t } = useTranslation();
  const { settings, update } = useSettings();
  const { go } = useNavigation();
  const [error, setError] = useState<BridgeError | null>(null);
  const set = (patch: SettingsPatch) => void update(patch).then((a) => (a.ok ? setError(null) : setError(a.error)));
  return (
    <div className="screen settings">
      <ScreenHeading>{t('app.settings.title')}</ScreenHeading>
      {error ? <ErrorNotice error={error} /> : null}
      <LanguageChoice onError={setError} />
      <fieldset>
        <legend>{t('app.settings.privacy')}</legend>
        <CheckboxField label={t('app.settings.useControl.label')} hint={t('app.settings.useControl.hint')} checked={settings.useControl} onChange={(v) => set({ useControl: v })} />
        <CheckboxField label={t('app.settings.includeIp.label')} hint={t('app.settings.includeIp.hint')} checked={settings.includeIp} onChange={(v) => set({ includeIp: v })} />
        <CheckboxField label={t('app.settings.uploadConsent.label')} hint={t('app.upload.risks')} checked={settings.uploadConsent} onChange={(v) => set({ uploadConsent: v })} />
      </fieldset>
      <fieldset>
        <legend>{t('app.settings.checking')}</legend>
        <CheckboxField label={t('app.settings.tryStrategies.label')} hint={t('app.settings.tryStrategies.hint')} checked={settings.tryStrategies} onChange={(v) => set({ tryStrategies: v })} />
        <CheckboxField label={t('app.settings.trainerMode.label')} hint={t('app.settings.trainerMode.hint')} checked={settings.trainerMode} onChange={(v) => set({ trainerMode: v })} />
      </fieldset>
      <AdvancedSettings
        settings={settings}
        save={async (patch) => {
          const answer = await update(patch);
          setError(answer.ok ? null : answer.error);
          return answer.ok;
        }}
      />
      <div className="actions">
        <button type="button" onClick={() => go({ name: 'consent' })}>
          {t('app.settings.readConsent')}
        </button>
      </div>
      <BuildInfoSection />
    </div>
  );
}
