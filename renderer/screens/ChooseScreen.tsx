// What to check on the person's own connection: bundled lists, and under "More options" a list of
// their own (checked here as they write it, with the line that cannot be used) and whether to try
// ways around what is found blocked. What was chosen is kept when the person comes back.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeError, ListValidation, TargetSetName } from '../../main/contract/bridge.ts';
import { call } from '../bridge.ts';
import { ScreenHeading } from '../components/ScreenHeading.tsx';
import { CheckboxField } from '../components/CheckboxField.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { FileTextInput } from '../components/FileTextInput.tsx';
import { ActionBar } from '../components/ActionBar.tsx';
import { Icon } from '../components/Icon.tsx';
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

/** What the person chose, kept for this window's life: going elsewhere and back loses nothing. */
interface Draft {
  sets: TargetSetName[];
  list: string;
  /** The file the list came from; null when it was typed. */
  fileName: string | null;
  strategies: boolean | null;
}
let draft: Draft = { sets: ['tiktok'], list: '', fileName: null, strategies: null };

/** Waits for typing to pause before asking the bridge. */
const CHECK_DELAY_MS = 300;

function ListCheck({ checked, list, fileName }: { checked: ListValidation | null; list: string; fileName: string | null }) {
  const { t } = useTranslation();
  if (!checked || list.trim() === '') return null;
  if (checked.valid) {
    return (
      <p className="list-check list-ok">
        <Icon name="works" />
        <span>{checked.count === null ? t('app.glance.list.link') : t('app.glance.list.ok', { count: checked.count })}</span>
      </p>
    );
  }
  const where = fileName ? t('app.glance.list.inFile', { name: fileName }) : t('app.glance.list.inTyped');
  const text = checked.line === null ? '' : (list.split(/\r?\n/)[checked.line - 1] ?? '').trim();
  return (
    <div className="list-check list-bad" data-line={checked.line ?? undefined}>
      <Icon name="blocked" />
      <div>
        <p>
          <strong>{checked.line === null ? t('app.glance.list.bad', { where }) : t('app.glance.list.badLine', { where, line: checked.line })}</strong>{' '}
          {text ? <code>{text.length > 120 ? `${text.slice(0, 119)}…` : text}</code> : null}
        </p>
        <p>
          {t('app.glance.list.fix')} <span className="muted">({checked.reason})</span>
        </p>
      </div>
    </div>
  );
}

export function ChooseScreen() {
  const { t } = useTranslation();
  const { go } = useNavigation();
  const { settings } = useSettings();
  const listId = useId();
  const [sets, setSets] = useState<TargetSetName[]>(draft.sets);
  const [list, setList] = useState(draft.list);
  const [fileName, setFileName] = useState<string | null>(draft.fileName);
  const [strategies, setStrategies] = useState(draft.strategies ?? settings.tryStrategies);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const [checked, setChecked] = useState<{ text: string; result: ListValidation } | null>(null);
  const hasList = list.trim() !== '';
  const nothingChosen = sets.length === 0 && !hasList;
  const current = checked && checked.text === list ? checked.result : null;
  const listBad = hasList && current !== null && !current.valid;

  useEffect(() => {
    draft = { sets, list, fileName, strategies };
  }, [sets, list, fileName, strategies]);

  // The list is checked as it is written (or opened), through the bridge: the same reading as run:start.
  useEffect(() => {
    if (list.trim() === '') return;
    let live = true;
    const timer = setTimeout(() => {
      void call('lists:validate', { text: list }).then((answer) => {
        if (live && answer.ok) setChecked({ text: list, result: answer.value });
      });
    }, CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [list]);

  const toggle = (name: TargetSetName, on: boolean) => setSets((now) => (on ? [...now, name] : now.filter((s) => s !== name)));

  const start = async () => {
    setStarting(true);
    setError(null);
    const answer = await call('run:start', { mode: 'check', sets, strategies, ...(hasList ? { list } : {}) });
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
      <details className="more-choices" open={hasList || undefined}>
        <summary>{t('app.glance.moreChoices')}</summary>
        <fieldset>
          <legend>{t('app.choose.customLegend')}</legend>
          <div className="field">
            <label htmlFor={listId}>{t('app.choose.listLabel')}</label>
            <p id={`${listId}-hint`} className="hint">
              {t('app.choose.listHint')}
            </p>
            <textarea
              id={listId}
              rows={5}
              value={list}
              aria-describedby={`${listId}-hint ${listId}-check`}
              aria-invalid={listBad || undefined}
              onChange={(e) => {
                setList(e.target.value);
                setFileName(null);
              }}
              spellCheck={false}
            />
            <div id={`${listId}-check`} aria-live="polite">
              <ListCheck checked={current} list={list} fileName={fileName} />
            </div>
          </div>
          <FileTextInput
            label={t('app.choose.listFile')}
            accept=".txt,.csv,.json,text/plain,text/csv,application/json"
            onFiles={(files) => {
              setList(files[0]?.text ?? '');
              setFileName(files[0]?.name ?? null);
            }}
          />
        </fieldset>
        <fieldset>
          <legend>{t('app.choose.optionsLegend')}</legend>
          <CheckboxField label={t('app.settings.tryStrategies.label')} hint={t('app.settings.tryStrategies.hint')} checked={strategies} onChange={setStrategies} />
          <p className="hint">{settings.useControl || settings.controlUrl !== null ? t('app.choose.controlOn') : t('app.choose.controlOff')}</p>
        </fieldset>
      </details>
      {error ? (
        <ErrorNotice
          error={error}
          {...(error.code === 'bad-file' ? { title: t('app.glance.list.bad', { where: fileName ? t('app.glance.list.inFile', { name: fileName }) : t('app.glance.list.inTyped') }) } : {})}
        />
      ) : null}
      <ActionBar>
        <button type="button" className="primary" disabled={nothingChosen || listBad || starting} onClick={() => void start()}>
          {t('app.choose.start')}
        </button>
        {nothingChosen ? <p className="hint">{t('app.choose.nothingChosen')}</p> : null}
        {listBad ? <p className="hint">{t('app.glance.list.fixFirst')}</p> : null}
      </ActionBar>
    </div>
  );
}
