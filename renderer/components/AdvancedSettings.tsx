// Settings → Advanced: the outside services a check talks to (test helper, DoH resolver, portal
// check, egress page), for people whose defaults are blocked or distrusted. Empty means default.
// Saved together, so a DoH URL and its address are checked as one (main/contract/endpoints.ts).
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings, SettingsPatch } from '../../main/contract/bridge.ts';
import { CheckboxField } from './CheckboxField.tsx';

type UrlKey = 'controlUrl' | 'dohUrl' | 'dohAddress' | 'portalCheckUrl' | 'egressUrl';

function TextField(props: { label: string; hint: string; value: string; onChange(value: string): void; inputMode?: 'url' | 'text' }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <p id={`${id}-hint`} className="hint">
        {props.hint}
      </p>
      <input id={id} type="text" inputMode={props.inputMode ?? 'url'} value={props.value} aria-describedby={`${id}-hint`} spellCheck={false} onChange={(e) => props.onChange(e.target.value)} />
    </div>
  );
}

export function AdvancedSettings(props: { settings: Settings; save(patch: SettingsPatch): Promise<boolean> }) {
  const { t } = useTranslation();
  const initial = (key: UrlKey) => props.settings[key] ?? '';
  const [values, setValues] = useState<Record<UrlKey, string>>({
    controlUrl: initial('controlUrl'),
    dohUrl: initial('dohUrl'),
    dohAddress: initial('dohAddress'),
    portalCheckUrl: initial('portalCheckUrl'),
    egressUrl: initial('egressUrl'),
  });
  const [lookupEgress, setLookupEgress] = useState(props.settings.lookupEgress);
  const [saved, setSaved] = useState(false);
  const field = (key: UrlKey) => ({
    value: values[key],
    onChange: (value: string) => {
      setSaved(false);
      setValues((v) => ({ ...v, [key]: value }));
    },
  });
  const orNull = (text: string) => (text.trim() === '' ? null : text.trim());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void props
      .save({
        controlUrl: orNull(values.controlUrl),
        dohUrl: orNull(values.dohUrl),
        dohAddress: orNull(values.dohAddress),
        portalCheckUrl: orNull(values.portalCheckUrl),
        egressUrl: orNull(values.egressUrl),
        lookupEgress,
      })
      .then(setSaved);
  };
  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>{t('app.settings.advanced.legend')}</legend>
        <p className="hint">{t('app.settings.advanced.intro')}</p>
        <TextField label={t('app.settings.advanced.control.label')} hint={t('app.settings.advanced.control.hint')} {...field('controlUrl')} />
        <TextField label={t('app.settings.advanced.doh.label')} hint={t('app.settings.advanced.doh.hint')} {...field('dohUrl')} />
        <TextField label={t('app.settings.advanced.dohAddress.label')} hint={t('app.settings.advanced.dohAddress.hint')} inputMode="text" {...field('dohAddress')} />
        <TextField label={t('app.settings.advanced.portalCheck.label')} hint={t('app.settings.advanced.portalCheck.hint')} {...field('portalCheckUrl')} />
        <TextField label={t('app.settings.advanced.egress.label')} hint={t('app.settings.advanced.egress.hint')} {...field('egressUrl')} />
        <CheckboxField
          label={t('app.settings.advanced.lookupEgress.label')}
          hint={t('app.settings.advanced.lookupEgress.hint')}
          checked={lookupEgress}
          onChange={(v) => {
            setSaved(false);
            setLookupEgress(v);
          }}
        />
        <div className="actions">
          <button type="submit">{t('app.settings.advanced.save')}</button>
          {saved ? (
            <span role="status" className="hint">
              {t('app.settings.advanced.saved')}
            </span>
          ) : null}
        </div>
      </fieldset>
    </form>
  );
}
