// Start-up: settings from the bridge, the language (saved choice, else the system's), then the app.
import './styles/fonts.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_SETTINGS } from '../main/contract/settings-defaults.ts';
import { call, systemLanguages } from './bridge.ts';
import { pickLanguage, startI18n } from './i18n.ts';
import { listenToRuns } from './state/run-store.ts';
import { App } from './App.tsx';

async function start(): Promise<void> {
  listenToRuns();
  const answer = await call('settings:get', null);
  const settings = answer.ok ? answer.value : { ...DEFAULT_SETTINGS };
  await startI18n(pickLanguage(settings.language, systemLanguages()));
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <App initialSettings={settings} startupError={answer.ok ? null : answer.error} />
    </StrictMode>,
  );
}

void start();
