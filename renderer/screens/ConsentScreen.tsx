// First-run informed consent (DESIGN.md section 6): what checking reveals to the provider and to
// anyone with the device, the legal risk in Azerbaijan, what the comparison server learns. Nothing
// runs until it is accepted; it can be read again and withdrawn from Settings.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeError } from '../../main/contract/bridge.ts';
import { ScreenHeading } from '../components/ScreenHeading.tsx';
import { CheckboxField } from '../components/CheckboxField.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Notice } from '../components/Notice.tsx';
import { ActionBar } from '../components/ActionBar.tsx';
import { CONSENT_VERSION, useSettings } from '../state/settings.tsx';
import { useNavigation } from '../state/navigation.tsx';

const SECTIONS: readonly { id: string; heading: string; body: string }[] = [
  { id: 'isp', heading: 'app.consent.isp.heading', body: 'app.consent.isp.body' },
  { id: 'device', heading: 'app.consent.device.heading', body: 'app.consent.device.body' },
  { id: 'legal', heading: 'app.consent.legal.heading', body: 'app.consent.legal.body' },
  { id: 'control', heading: 'app.consent.control.heading', body: 'app.consent.control.body' },
  { id: 'sharing', heading: 'app.consent.sharing.heading', body: 'app.consent.sharing.body' },
];

export function ConsentScreen() {
  const { t } = useTranslation();
  const { settings, update } = useSettings();
  const { go } = useNavigation();
  const [useControl, setUseControl] = useState(settings.useControl);
  const [error, setError] = useState<BridgeError | null>(null);
  const accepted = settings.consentAccepted && settings.consentVersion >= CONSENT_VERSION;

  const accept = async () => {
    const answer = await update({ consentAccepted: true, consentVersion: CONSENT_VERSION, useControl });
    if (!answer.ok) return setError(answer.error);
    go({ name: 'choose' });
  };
  const withdraw = async () => {
    const answer = await update({ consentAccepted: false });
    if (!answer.ok) setError(answer.error);
  };

  return (
    <div className="screen consent">
      <ScreenHeading>{t('app.consent.title')}</ScreenHeading>
      <p className="lede">{t('app.consent.intro')}</p>
      {SECTIONS.map((s) => (
        <section key={s.id} aria-labelledby={`consent-${s.id}`} className="consent-section">
          <h2 id={`consent-${s.id}`}>{t(s.heading)}</h2>
          <p>{t(s.body)}</p>
          {s.id === 'control' ? (
            <CheckboxField label={t('app.settings.useControl.label')} hint={t('app.settings.useControl.hint')} checked={useControl} onChange={setUseControl} />
          ) : null}
        </section>
      ))}
      {error ? <ErrorNotice error={error} /> : null}
      {accepted ? (
        <>
          <Notice tone="info">
            <p>{t('app.consent.alreadyAccepted')}</p>
          </Notice>
          <div className="actions">
            <button type="button" onClick={() => void withdraw()}>
              {t('app.consent.withdraw')}
            </button>
          </div>
        </>
      ) : (
        <ActionBar>
          <button type="button" className="primary" onClick={() => void accept()}>
            {t('app.consent.accept')}
          </button>
          <p className="hint">{t('app.consent.later')}</p>
        </ActionBar>
      )}
    </div>
  );
}
