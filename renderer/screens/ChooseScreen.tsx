// What to check on the person's own connection: bundled lists, a custom list or OONI Run link,
// and whether to try ways around what is found blocked.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeError, TargetSetName } from '../../main/contract/bridge.ts';
import { call } from '../bridge.ts';
import { ScreenHeading } from '../components/ScreenHeading.tsx';
import { CheckboxField } from '../components/CheckboxField.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { FileTextInput } from '../components/FileTextInput.tsx';
import { useNavigation } from '../state/navigation.tsx';
import { useSettings } from '../state/settings.tsx';
import { track } from '../state/run-store.ts';

const SETS: readonly { name: TargetSetName; label: string; hint: string }[] = [
  { name: 'tiktok', label: 'app.choose.sets.tiktok.label', hint: 'app.choose.sets.tiktok.hint' },
  { name: 'news', label: 'app.choose.sets.news.label', hint: 'app.choose.sets.news.hint' },
  { name: 'messengers', label: 'app.choose.sets.messengers.label', hint: 'app.choose.sets.messengers.hint' },
  { name: 'social', label: 'app.choose.sets.social.label', hint: 'app.choose.sets.social.hint' },
  { name: 'local', label: 'app.choose.sets.local.label', hint: 'app.choose.sets.local.hint' },
];

export function ChooseScreen() {
  const { t } = useTranslation();
  const { go } = useNavigation();
  const { settings } = useSettings();
  const listId = useId();
  const [sets, setSets] = useState<TargetSetName[]>(['tiktok']);
  const [list, setList] = useState('');
  const [strategies, setStrategies] = useState(settings.tryStrategies);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const nothingChosen = sets.length === 0 && list.trim() === '';

  const toggle = (name: TargetSetName, on: boolean) => setSets((current) => (on ? [...current, name] : current.filter((s) => s !== name)));

  const start = async () => {
    setStarting(true);
    setError(null);
    const answer = await call('run:start', { mode: 'check', sets, strategies, ...(list.trim() ? { list } : {}) });
    setStarting(false);
    if (!answer.ok) return setError(answer.error);
    track(answer.value.runId, 'check');
    go({ name: 'progress', runId: answer.value.runId });
  };

  return (
    <div className="screen choose">
      <ScreenHeading>{t('app.choose.title')}</ScreenHeading>
      <p className="lede">{t('app.choose.intro')}</p>
      <fieldset>
        <legend>{t('app.choose.setsLegend')}</legend>
        {SETS.map((s) => (
          <CheckboxField key={s.name} label={t(s.label)} hint={t(s.hint)} checked={sets.includes(s.name)} onChange={(on) => toggle(s.name, on)} />
        ))}
      </fieldset>
      <p>
        {t('app.choose.vpnPointer')}{' '}
        <button type="button" className="link" onClick={() => go({ name: 'vpn' })}>
          {t('app.choose.vpnLink')}
        </button>
      </p>
      <fieldset>
        <legend>{t('app.choose.customLegend')}</legend>
        <div className="field">
          <label htmlFor={listId}>{t('app.choose.listLabel')}</label>
          <p id={`${listId}-hint`} className="hint">
            {t('app.choose.listHint')}
          </p>
          <textarea id={listId} rows={5} value={list} aria-describedby={`${listId}-hint`} onChange={(e) => setList(e.target.value)} spellCheck={false} />
        </div>
        <FileTextInput label={t('app.choose.listFile')} accept=".txt,.csv,.json,text/plain,text/csv,application/json" onFiles={(files) => setList(files[0]?.text ?? '')} />
      </fieldset>
      <fieldset>
        <legend>{t('app.choose.optionsLegend')}</legend>
        <CheckboxField label={t('app.settings.tryStrategies.label')} hint={t('app.settings.tryStrategies.hint')} checked={strategies} onChange={setStrategies} />
        <p className="hint">{settings.useControl || settings.controlUrl !== null ? t('app.choose.controlOn') : t('app.choose.controlOff')}</p>
      </fieldset>
      {error ? <ErrorNotice error={error} /> : null}
      <div className="actions">
        <button type="button" className="primary" disabled={nothingChosen || starting} onClick={() => void start()}>
          {t('app.choose.start')}
        </button>
        {nothingChosen ? <p className="hint">{t('app.choose.nothingChosen')}</p> : null}
      </div>
    </div>
  );
}
