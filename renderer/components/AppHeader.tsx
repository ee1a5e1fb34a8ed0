// The top of every screen: the name, the language, and (after consent) the way around the app.
import { useTranslation } from 'react-i18next';
import { useNavigation, type ScreenName } from '../state/navigation.tsx';
import { useSettings } from '../state/settings.tsx';
import { useActiveRun } from '../state/run-store.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Logo } from './Icon.tsx';

const ITEMS: readonly { screen: 'choose' | 'history' | 'vpn' | 'ooni' | 'trainer' | 'settings'; key: string; trainerOnly?: boolean }[] = [
  { screen: 'choose', key: 'app.nav.choose' },
  { screen: 'history', key: 'app.nav.history' },
  { screen: 'vpn', key: 'app.nav.vpn' },
  { screen: 'ooni', key: 'app.nav.ooni' },
  { screen: 'trainer', key: 'app.nav.trainer', trainerOnly: true },
  { screen: 'settings', key: 'app.nav.settings' },
];

/** Screens reached from another one count as part of it for "you are here". */
const SECTION: Partial<Record<ScreenName, ScreenName>> = { compare: 'history', progress: 'choose' };

function Nav() {
  const { t } = useTranslation();
  const { screen, go } = useNavigation();
  const { settings } = useSettings();
  const active = useActiveRun();
  const here = screen.name === 'results' ? (screen.from ?? 'history') : screen.name === 'progress' && active?.origin === 'trainer' ? 'trainer' : (SECTION[screen.name] ?? screen.name);
  return (
    <nav aria-label={t('app.nav.label')}>
      <ul className="nav-list">
        {ITEMS.filter((i) => !i.trainerOnly || settings.trainerMode).map((item) => (
          <li key={item.screen}>
            <button type="button" aria-current={here === item.screen ? 'page' : undefined} onClick={() => go({ name: item.screen })}>
              {t(item.key)}
            </button>
          </li>
        ))}
        {active && screen.name !== 'progress' ? (
          <li>
            <button type="button" className="running" onClick={() => go(active.origin === 'vpn' ? { name: 'vpn' } : { name: 'progress', runId: active.runId })}>
              {t('app.nav.running')}
            </button>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export function AppHeader({ showNav }: { showNav: boolean }) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <p className="brand">
        <Logo />
        <span className="brand-name">Yoxla</span> <span className="brand-tagline">{t('app.tagline')}</span>
      </p>
      {showNav ? <Nav /> : <span className="header-gap" />}
      <LanguageSwitch />
    </header>
  );
}
