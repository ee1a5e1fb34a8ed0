// Settings → Advanced: the outside services a check talks to (test helper, DoH resolver, portal
// check, egress page), for people whose defaults are blocked or distrusted. Empty means default.
// Saved together, so a DoH URL and its address are checked as one (main/contract/endpoint-rules.ts).
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings, SettingsPatch } from '../../main/contract/bridge.ts';
import {
  CONTROL_PROTOCOLS,
  DOH_PROTOCOLS,
  EGRESS_PROTOCOLS,
  PORTAL_CHECK_PROTOCOLS,
  dohAddressProblem,
  endpointUrlProblem,
  ipAddressProblem,
  type EndpointProtocol,
} from '../../main/contract/endpoint-rules.ts';
import { CheckboxField } from './CheckboxField.tsx';

type UrlKey = 'controlUrl' | 'dohUrl' | 'dohAddress' | 'portalCheckUrl' | 'egressUrl';

const URL_PROTOCOLS: Record<Exclude<UrlKey, 'dohAddress'>, readonly EndpointProtocol[]> = {
  controlUrl: CONTROL_PROTOCOLS,
  dohUrl: DOH_PROTOCOLS,
  portalCheckUrl: PORTAL_CHECK_PROTOCOLS,
  egressUrl: EGRESS_PROTOCOLS,
};

function TextField(props: { label: string; hint: string; value: string; problem?: string; onChange(value: string): void; inputMode?: 'url' | 'text' }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <p id={`${id}-hint`} className="hint">
        {props.hint}
      </p>
      <input
        id={id}
        type="text"
        inputMode={props.inputMode ?? 'url'}
        value={props.value}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={props.problem ? `${id}-hint ${id}-problem` : `${id}-hint`}
        spellCheck={false}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.problem ? (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          {props.problem}
        </p>
      ) : null}
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
  const [problems, setProblems] = useState<Partial<Record<UrlKey, string>>>({});
  const field = (key: UrlKey) => ({
    value: values[key],
    ...(problems[key] ? { problem: problems[key] } : {}),
    onChange: (value: string) => {
      setSaved(false);
      setValues((v) => ({ ...v, [key]: value }));
    },
  });
  const orNull = (text: string) => (text.trim() === '' ? null : text.trim());
  /** The same rules as the bridge and the CLI flags, said in the person's language before anything is sent. */
  const check = (): Partial<Record<UrlKey, string>> => {
    const found: Partial<Record<UrlKey, string>> = {};
    for (const [key, protocols] of Object.entries(URL_PROTOCOLS) as [Exclude<UrlKey, 'dohAddress'>, readonly EndpointProtocol[]][]) {
      const value = orNull(values[key]);
      if (value !== null && endpointUrlProblem(value, protocols) !== null) {
        found[key] = t('app.settings.advanced.invalidUrl', { start: protocols.map((p) => `${p}//`).join(' / ') });
      }
    }
    const address = orNull(values.dohAddress);
    if (address !== null && ipAddressProblem(address) !== null) found.dohAddress = t('app.settings.advanced.invalidAddress');
    else if (!found.dohUrl && dohAddressProblem(orNull(values.dohUrl), address) !== null) found.dohAddress = t('app.settings.advanced.dohNeedsAddress');
    return found;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = check();
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setSaved(false);
      return;
    }
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
