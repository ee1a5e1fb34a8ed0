// What the guidance works on and what it gives back. Pure data: shared by the renderer (which shows
// it) and the tests; the words live in locales/{en,az}/guidance.json under the keys named here.
import type { Method, Status, Connectivity } from '../contract/verdict.ts';
import type { Strategies, StrategyName, StrategyOutcome } from '../contract/strategies.ts';
import type { VpnVerdict } from '../contract/run.ts';

export type VpnState = 'on' | 'off' | 'unknown';

/** One result as the guidance needs it: a `Result` of the run JSON fits as it is. */
export interface GuidanceInput {
  /** The measured input (`https://host/`, `http://host/`, `tcpconnect://host:port`). */
  input: string;
  status: Status;
  method: Method | null;
  /** `verdict.inconclusive.<reason>` tells why a result is unclear. */
  explanationKey: string;
  /** What each circumvention strategy achieved on this network (DESIGN.md section 10). */
  strategies?: Strategies;
  /** Whole-run connection state: offline or a Wi-Fi login page outranks every verdict. */
  connectivity: Connectivity;
  /** VPN state of the run the result comes from. */
  vpn: VpnState;
  /** The VPN comparison's word for this service, when it was compared. */
  vpnVerdict?: VpnVerdict;
}

/** How well an option works against what was seen, best first. */
export const EFFECTIVENESS = ['worked-here', 'usually', 'sometimes', 'failed-here'] as const;
export type Effectiveness = (typeof EFFECTIVENESS)[number];

/** How safe an option is for the person, safest first. */
export const SAFETY = ['low-risk', 'some-risk', 'take-care'] as const;
export type Safety = (typeof SAFETY)[number];

/**
 * What an option does to a VPN the person may need: nothing, keeps it on (and may add one), or
 * leaves single services outside it (split tunnelling). No option switches the VPN off for everything.
 */
export type VpnEffect = 'none' | 'uses-vpn' | 'leaves-one-service-outside';

export const OPTION_IDS = [
  'encrypted-dns',
  'try-https',
  'dpi-tool',
  'vpn',
  'tor',
  'psiphon',
  'outline',
  'protect-yourself',
  'split-tunnel',
  'keep-in-vpn',
  'wait',
  'check-connection',
  'wifi-login',
  'rerun',
  'other-network',
  'allow-control',
] as const;
export type OptionId = (typeof OPTION_IDS)[number];

export interface TestedStrategy {
  strategy: StrategyName;
  outcome: StrategyOutcome;
  /** `strategy.evidence.<code>` in locales. */
  code: string;
}

/** An option a person can take, with locale keys for its words. */
export interface GuidanceOption {
  id: OptionId;
  /** 1 for the first thing to try. */
  rank: number;
  effectiveness: Effectiveness;
  safety: Safety;
  vpnEffect: VpnEffect;
  /** Whether it gets around blocking (false for advice such as waiting or logging in to Wi-Fi). */
  circumvents: boolean;
  /** Strategies tried on this network that back this option: what they achieved, and the evidence word. */
  tested: TestedStrategy[];
  titleKey: string;
  howKey: string;
  safetyKey: string;
}
