// Trainer mode: run a bundled or loaded lab scenario to show blocking without touching a real
// network, and put participants' results side by side.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeError, HistoryEntry, RunRequest, ScenarioInfo, TargetSetName } from '../../main/contract/bridge.ts';
import { call } from '../bridge.ts';
import { ScreenHeading } from '../components/ScreenHeading.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { FileTextInput, type OpenedFile } from '../components/FileTextInput.tsx';
import { Notice } from '../components/Notice.tsx';
import { CheckboxField } from '../components/CheckboxField.tsx';
import { useBridgeValue } from '../state/use-bridge.ts';
import { useNavigation, type OpenedScenario } from '../state/navigation.tsx';
import { useSettings } from '../state/settings.tsx';
import { track } from '../state/run-store.ts';

function useStartLab(): { start(request: RunRequest): Promise<void>; error: BridgeError | null } {
  const { go } = useNavigation();
  const [error, setError] = useState<BridgeError | null>(null);
  const start = async (request: RunRequest) => {
    setError(null);
    const answer = await call('run:start', request);
    if (!answer.ok) return setError(answer.error);
    track(answer.value.runId, 'trainer');
    go({ name: 'progress', runId: answer.value.runId });
  };
  return { start, error };
}

function Heading({ level, children }: { level: 3 | 4; children: ReactNode }) {
  return level === 3 ? <h3 className="scenario-title">{children}</h3> : <h4 className="scenario-title">{children}</h4>;
}

/** The bundled scenarios by what they show a room; a scenario not named here is "other". */
const SCENARIO_GROUPS: Readonly<Record<string, 'real' | 'not' | 'vpn' | 'ways'>> = {
  'az-2022-tiktok': 'real',
  'az-2022-tiktok-azercell': 'real',
  'az-2020-war': 'real',
  'news-dpi': 'real',
  'tiktok-app': 'real',
  messengers: 'real',
  'streaming-throttled': 'real',
  'site-down': 'not',
  offline: 'not',
  'captive-portal': 'not',
  flaky: 'not',
  'slow-but-fine': 'not',
  'vpn-banks': 'vpn',
  'vpn-geofence-styles': 'vpn',
  'vpn-local': 'vpn',
  'strategies-what-works': 'ways',
  'strategies-dpi-depth': 'ways',
  'strategies-doh-blocked': 'ways',
};
const GROUP_ORDER = ['real', 'not', 'vpn', 'ways', 'other'] as const;

function ScenarioItem({ info, onRun, level = 4 }: { info: ScenarioInfo; onRun(): void; level?: 3 | 4 }) {
  const { t, i18n } = useTranslation();
  const key = `app.trainer.scenarios.${info.name}`;
  const title = `app.glance.scenario.${info.name}`;
  return (
    <li className="card scenario" data-scenario={info.name}>
      <Heading level={level}>
        {i18n.exists(title) ? t(title) : info.name} <code className="scenario-file">{info.name}</code>
      </Heading>
      {i18n.exists(key) ? <p>{t(key)}</p> : null}
      <p className="muted">
        {info.blockedHosts.length > 0 ? t('app.trainer.blockedHosts', { count: info.blockedHosts.length, hosts: info.blockedHosts.join(', ') }) : t('app.trainer.noBlockedHosts')}
      </p>
      <button type="button" className="primary" onClick={onRun} aria-label={t('app.trainer.runLabel', { name: info.name })}>
        {t('app.trainer.run')}
      </button>
    </li>
  );
}

function BundledScenarios({ onRun }: { onRun(name: string): void }) {
  const { t } = useTranslation();
  const [loaded] = useBridgeValue('scenarios:list', null);
  return (
    <section aria-labelledby="bundled-heading">
      <h2 id="bundled-heading">{t('app.trainer.bundled')}</h2>
      {loaded.state === 'loading' ? <p>{t('app.common.loading')}</p> : null}
      {loaded.state === 'error' ? <ErrorNotice error={loaded.error} /> : null}
      {loaded.state === 'ok'
        ? GROUP_ORDER.map((group) => {
            const members = loaded.value.filter((info) => (SCENARIO_GROUPS[info.name] ?? 'other') === group);
            if (members.length === 0) return null;
            return (
              <section key={group} aria-labelledby={`scenario-group-${group}`}>
                <h3 id={`scenario-group-${group}`}>{t(`app.glance.scenarioGroup.${group}`)}</h3>
                <ul className="plain scenario-list">
                  {members.map((info) => (
                    <ScenarioItem key={info.name} info={info} onRun={() => onRun(info.name)} />
                  ))}
                </ul>
              </section>
            );
          })
        : null}
    </section>
  );
}

function LoadedScenario({ onRun, opened }: { onRun(text: string): void; opened: OpenedScenario | undefined }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<{ file: OpenedFile; info: ScenarioInfo } | null>(
    opened ? { file: { name: opened.name, text: opened.text }, info: opened.info } : null,
  );
  const [error, setError] = useState<BridgeError | null>(null);
  const open = async ([first]: OpenedFile[]) => {
    if (!first) return;
    setFile(null);
    setError(null);
    const answer = await call('scenarios:validate', { name: first.name, text: first.text });
    if (!answer.ok) return setError(answer.error);
    setFile({ file: first, info: answer.value });
  };
  return (
    <section aria-labelledby="load-heading">
      <h2 id="load-heading">{t('app.trainer.load')}</h2>
      <FileTextInput label={t('app.trainer.loadLabel')} hint={t('app.trainer.loadHint')} accept=".json,application/json" onFiles={(files) => void open(files)} />
      {error ? <ErrorNotice error={error} /> : null}
      {file ? (
        <ul className="plain">
          <ScenarioItem info={file.info} level={3} onRun={() => onRun(file.file.text)} />
        </ul>
      ) : null}
    </section>
  );
}

const SETS: readonly { name: TargetSetName; label: string }[] = [
  { name: 'tiktok', label: 'app.choose.sets.tiktok.label' },
  { name: 'news', label: 'app.choose.sets.news.label' },
  { name: 'messengers', label: 'app.choose.sets.messengers.label' },
  { name: 'social', label: 'app.choose.sets.social.label' },
  { name: 'local', label: 'app.choose.sets.local.label' },
];

/** Some scenarios are made for a bundled list (the TikTok app's endpoints, the messengers): check it instead of the scenario's own sites. */
function ListsForLab({ sets, onChange }: { sets: TargetSetName[]; onChange(sets: TargetSetName[]): void }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('app.trainer.setsLegend')}</legend>
      <p className="hint">{t('app.trainer.setsHint')}</p>
      {SETS.map((s) => (
        <CheckboxField
          key={s.name}
          label={t(s.label)}
          checked={sets.includes(s.name)}
          onChange={(on) => onChange(on ? [...sets, s.name] : sets.filter((x) => x !== s.name))}
        />
      ))}
    </fieldset>
  );
}

type Imported = { name: string; entry: HistoryEntry } | { name: string; error: BridgeError };

function Participants() {
  const { t } = useTranslation();
  const { go } = useNavigation();
  const [imported, setImported] = useState<Imported[]>([]);
  const open = async (files: OpenedFile[]) => {
    const results: Imported[] = [];
    for (const f of files) {
      const answer = await call('history:import', { name: f.name, text: f.text });
      results.push(answer.ok ? { name: f.name, entry: answer.value } : { name: f.name, error: answer.error });
    }
    setImported((current) => [...current, ...results]);
  };
  const ids = imported.flatMap((i) => ('entry' in i ? [i.entry.id] : []));
  return (
    <section aria-labelledby="participants-heading">
      <h2 id="participants-heading">{t('app.trainer.participants')}</h2>
      <p>{t('app.trainer.participantsIntro')}</p>
      <FileTextInput label={t('app.trainer.participantsLabel')} accept=".json,application/json" multiple onFiles={(files) => void open(files)} />
      {imported.length > 0 ? (
        <ul className="plain imported" aria-live="polite">
          {imported.map((i, index) => (
            <li key={`${i.name}-${index}`}>
              {'entry' in i ? (
                <span>{t('app.trainer.imported', { name: i.name, count: i.entry.total })}</span>
              ) : (
                <>
                  <span>{t('app.trainer.notImported', { name: i.name })}</span>
                  <ErrorNotice error={i.error} />
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" disabled={ids.length < 2} onClick={() => go({ name: 'compare', historyIds: ids })}>
          {t('app.trainer.compare', { count: ids.length })}
        </button>
      </div>
    </section>
  );
}

export function TrainerScreen({ opened }: { opened?: OpenedScenario }) {
  const { t } = useTranslation();
  const { settings } = useSettings();
  const { start, error } = useStartLab();
  const [sets, setSets] = useState<TargetSetName[]>([]);
  const strategies = settings.tryStrategies;
  return (
    <div className="screen trainer">
      <ScreenHeading>{t('app.trainer.title')}</ScreenHeading>
      <p className="lede">{t('app.trainer.intro')}</p>
      <Notice tone="info">
        <p>{t('app.trainer.safe')}</p>
      </Notice>
      {error ? <ErrorNotice error={error} /> : null}
      <ListsForLab sets={sets} onChange={setSets} />
      <BundledScenarios onRun={(scenario) => void start({ mode: 'lab', scenario, sets, strategies })} />
      <LoadedScenario opened={opened} onRun={(scenarioText) => void start({ mode: 'lab', scenarioText, sets, strategies })} />
      <Participants />
    </div>
  );
}
