// Which screen is showing. A small state machine instead of a router: the app is one window with
// no addresses to share, and every screen change moves focus to the new screen's heading.
import { createContext, useContext } from 'react';
import type { Run } from '../../main/contract/run.ts';
import type { ScenarioInfo } from '../../main/contract/bridge.ts';

/** A scenario file opened from the app's menu or by drag-and-drop, already checked by the bridge. */
export interface OpenedScenario {
  name: string;
  text: string;
  info: ScenarioInfo;
}

export type Screen =
  | { name: 'choose' }
  | { name: 'progress'; runId: string }
  /** `from`: the section the results belong to, for the menu's "you are here" (default History). */
  | { name: 'results'; historyId: string; run?: Run; from?: 'choose' | 'trainer' | 'vpn' | 'ooni' | 'history' }
  | { name: 'history' }
  | { name: 'compare'; historyIds: string[] }
  | { name: 'vpn' }
  | { name: 'trainer'; opened?: OpenedScenario }
  | { name: 'ooni' }
  | { name: 'settings' }
  | { name: 'consent' };

export type ScreenName = Screen['name'];

export interface Navigation {
  screen: Screen;
  go(screen: Screen): void;
}

export const NavigationContext = createContext<Navigation>({ screen: { name: 'choose' }, go: () => undefined });

export function useNavigation(): Navigation {
  return useContext(NavigationContext);
}
