// The person's settings as the bridge keeps them; every change goes through `settings:set`.
import { createContext, useContext } from 'react';
import type { BridgeResult, Settings, SettingsPatch } from '../../main/contract/bridge.ts';

export interface SettingsState {
  settings: Settings;
  update(patch: SettingsPatch): Promise<BridgeResult<Settings>>;
}

export const SettingsContext = createContext<SettingsState | null>(null);

export function useSettings(): SettingsState {
  const state = useContext(SettingsContext);
  if (!state) throw new Error('useSettings outside SettingsContext');
  return state;
}

/** Version of the consent text: raising it asks everyone again. */
export const CONSENT_VERSION = 1;
