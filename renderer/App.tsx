// The window: header, the current screen, and the gate that keeps everything behind consent.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeError, Settings, SettingsPatch } from '../main/contract/bridge.ts';
import { call, onFileOpened } from './bridge.ts';
import { AppHeader } from './components/AppHeader.tsx';
import { ErrorNotice } from './components/ErrorNotice.tsx';
import { NavigationContext, type Screen } from './state/navigation.tsx';
import { CONSENT_VERSION, SettingsContext } from './state/settings.tsx';
import { ConsentScreen } from './screens/ConsentScreen.tsx';
import { ChooseScreen } from './screens/ChooseScreen.tsx';
import { ProgressScreen } from './screens/ProgressScreen.tsx';
import { ResultsScreen } from './screens/ResultsScreen.tsx';
import { HistoryScreen } from './screens/HistoryScreen.tsx';
import { CompareScreen } from './screens/CompareScreen.tsx';
import { VpnScreen } from './screens/VpnScreen.tsx';
import { TrainerScreen } from './screens/TrainerScreen.tsx';
import { OoniScreen } from './screens/OoniScreen.tsx';
import { SettingsScreen } from './screens/SettingsScreen.tsx';

function CurrentScreen({ screen }: { screen: Screen }) {
  switch (screen.name) {
    case 'consent':
      return <ConsentScreen />;
    case 'choose':
      return <ChooseScreen />;
    case 'progress':
      return <ProgressScreen runId={screen.runId} />;
    case 'results':
      return <ResultsScreen historyId={screen.historyId} {...(screen.run ? { run: screen.run } : {})} />;
    case 'history':
      return <HistoryScreen />;
    case 'compare':
      return <CompareScreen historyIds={screen.historyIds} />;
    case 'vpn':
      return <VpnScreen />;
    case 'trainer':
      return <TrainerScreen {...(screen.opened ? { opened: screen.opened } : {})} />;
    case 'ooni':
      return <OoniScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

/** A key per screen instance, so moving between screens remounts (and refocuses) the heading. */
function screenKey(screen: Screen): string {
  switch (screen.name) {
    case 'progress':
      return `progress:${screen.runId}`;
    case 'results':
      return `results:${screen.historyId}`;
    case 'compare':
      return `compare:${screen.historyIds.join(',')}`;
    case 'trainer':
      return screen.opened ? `trainer:${screen.opened.name}:${screen.opened.text.length}` : 'trainer';
    default:
      return screen.name;
  }
}

export function App({ initialSettings, startupError }: { initialSettings: Settings; startupError: BridgeError | null }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState(initialSettings);
  const [screen, setScreen] = useState<Screen>({ name: 'choose' });
  const consented = settings.consentAccepted && settings.consentVersion >= CONSENT_VERSION;

  // Shown at once (a checkbox must follow the click), then what the bridge stored; undone on error.
  const update = useCallback(async (patch: SettingsPatch) => {
    let before: Settings | null = null;
    setSettings((current) => {
      before = current;
      return { ...current, ...patch };
    });
    const answer = await call('settings:set', patch);
    if (answer.ok) setSettings(answer.value);
    else if (before) setSettings(before);
    return answer;
  }, []);
  const [openError, setOpenError] = useState<BridgeError | null>(null);
  const go = useCallback((next: Screen) => {
    setOpenError(null);
    setScreen(next);
  }, []);

  // The desktop app's File > Open and drag-and-drop: main has read and checked the file already.
  useEffect(
    () =>
      onFileOpened((event) => {
        if (event.kind === 'history') go({ name: 'results', historyId: event.entry.id });
        else if (event.kind === 'scenario') go({ name: 'trainer', opened: { name: event.name, text: event.text, info: event.info } });
        else setOpenError(event.error);
      }),
    [go],
  );
  const navigation = useMemo(() => ({ screen, go }), [screen, go]);
  const settingsState = useMemo(() => ({ settings, update }), [settings, update]);

  // Trainer mode: larger text for a projector, through a class (no inline styles).
  useEffect(() => {
    document.documentElement.classList.toggle('trainer', settings.trainerMode);
  }, [settings.trainerMode]);

  const shown: Screen = consented ? screen : { name: 'consent' };
  return (
    <SettingsContext.Provider value={settingsState}>
      <NavigationContext.Provider value={navigation}>
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        <AppHeader showNav={consented} />
        <main id="main" tabIndex={-1}>
          {startupError ? <ErrorNotice error={startupError} /> : null}
          {openError && consented ? <ErrorNotice error={openError} /> : null}
          <CurrentScreen key={screenKey(shown)} screen={shown} />
        </main>
      </NavigationContext.Provider>
    </SettingsContext.Provider>
  );
}
