// The bridge's dependencies on the real machine and network, for the app's main process. Tests
// never use these: they inject lab runs, recorded VPN states and fake fetchers instead.
import { detectVpnState } from '../checks/vpn-state.ts';
import { systemResolver } from '../commands/split-tunnel.ts';
import type { BridgeServiceOptions, ResolveHost, VpnDeps } from './types.ts';

/** VPN state from this machine's interfaces and routes; the measuring is the executor's (off the UI thread). */
export const productionVpnDeps = (): VpnDeps => ({ detect: (egress) => detectVpnState({ egress }) });

/** The system resolver, as the person's apps see the services they exclude. */
export const productionResolveHost: ResolveHost = systemResolver;

/** OONI's API for ooni:explain links; only ever called when the person pastes a link. */
export const productionFetchText: NonNullable<BridgeServiceOptions['fetchText']> = (url) =>
  fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(20_000) });
