// The catalogue of options: what each is, how safe it is, what it does to a VPN, and which
// strategies tried on the person's own network (DESIGN.md section 10) tell whether it works there.
import type { StrategyName } from '../contract/strategies.ts';
import type { Method } from '../contract/verdict.ts';
import type { Effectiveness, OptionId, Safety, VpnEffect } from './types.ts';

export interface OptionSpec {
  id: OptionId;
  safety: Safety;
  vpnEffect: VpnEffect;
  circumvents: boolean;
  /** Strategies whose outcome on this network says whether this option works here. */
  strategies: readonly StrategyName[];
  titleKey: string;
  howKey: string;
  safetyKey: string;
}

const spec = (
  id: OptionId,
  safety: Safety,
  vpnEffect: VpnEffect,
  circumvents: boolean,
  strategies: readonly StrategyName[],
  keys: { title: string; how: string; safety: string },
): OptionSpec => ({ id, safety, vpnEffect, circumvents, strategies, titleKey: keys.title, howKey: keys.how, safetyKey: keys.safety });

// Keys are written out in full so the locale usage test can see every one of them.
/** In order of preference when two options work equally well and are equally safe. */
export const OPTIONS: readonly OptionSpec[] = [
  spec('protect-yourself', 'low-risk', 'none', false, [], {
    title: 'guidance.option.protect-yourself.title',
    how: 'guidance.option.protect-yourself.how',
    safety: 'guidance.option.protect-yourself.safety',
  }),
  spec('check-connection', 'low-risk', 'none', false, [], {
    title: 'guidance.option.check-connection.title',
    how: 'guidance.option.check-connection.how',
    safety: 'guidance.option.check-connection.safety',
  }),
  spec('wifi-login', 'low-risk', 'none', false, [], {
    title: 'guidance.option.wifi-login.title',
    how: 'guidance.option.wifi-login.how',
    safety: 'guidance.option.wifi-login.safety',
  }),
  spec('split-tunnel', 'some-risk', 'leaves-one-service-outside', false, [], {
    title: 'guidance.option.split-tunnel.title',
    how: 'guidance.option.split-tunnel.how',
    safety: 'guidance.option.split-tunnel.safety',
  }),
  spec('keep-in-vpn', 'low-risk', 'uses-vpn', true, [], {
    title: 'guidance.option.keep-in-vpn.title',
    how: 'guidance.option.keep-in-vpn.how',
    safety: 'guidance.option.keep-in-vpn.safety',
  }),
  spec('try-https', 'low-risk', 'none', true, [], {
    title: 'guidance.option.try-https.title',
    how: 'guidance.option.try-https.how',
    safety: 'guidance.option.try-https.safety',
  }),
  spec('encrypted-dns', 'low-risk', 'none', true, ['doh'], {
    title: 'guidance.option.encrypted-dns.title',
    how: 'guidance.option.encrypted-dns.how',
    safety: 'guidance.option.encrypted-dns.safety',
  }),
  spec('vpn', 'some-risk', 'uses-vpn', true, ['vpn'], {
    title: 'guidance.option.vpn.title',
    how: 'guidance.option.vpn.how',
    safety: 'guidance.option.vpn.safety',
  }),
  spec('tor', 'some-risk', 'none', true, ['tor'], {
    title: 'guidance.option.tor.title',
    how: 'guidance.option.tor.how',
    safety: 'guidance.option.tor.safety',
  }),
  spec('psiphon', 'some-risk', 'none', true, [], {
    title: 'guidance.option.psiphon.title',
    how: 'guidance.option.psiphon.how',
    safety: 'guidance.option.psiphon.safety',
  }),
  spec('outline', 'some-risk', 'none', true, [], {
    title: 'guidance.option.outline.title',
    how: 'guidance.option.outline.how',
    safety: 'guidance.option.outline.safety',
  }),
  spec('dpi-tool', 'take-care', 'none', true, ['tcp-split', 'tls-record-split', 'host-case'], {
    title: 'guidance.option.dpi-tool.title',
    how: 'guidance.option.dpi-tool.how',
    safety: 'guidance.option.dpi-tool.safety',
  }),
  spec('wait', 'low-risk', 'none', false, [], {
    title: 'guidance.option.wait.title',
    how: 'guidance.option.wait.how',
    safety: 'guidance.option.wait.safety',
  }),
  spec('rerun', 'low-risk', 'none', false, [], {
    title: 'guidance.option.rerun.title',
    how: 'guidance.option.rerun.how',
    safety: 'guidance.option.rerun.safety',
  }),
  spec('other-network', 'low-risk', 'none', false, [], {
    title: 'guidance.option.other-network.title',
    how: 'guidance.option.other-network.how',
    safety: 'guidance.option.other-network.safety',
  }),
  spec('allow-control', 'some-risk', 'none', false, [], {
    title: 'guidance.option.allow-control.title',
    how: 'guidance.option.allow-control.how',
    safety: 'guidance.option.allow-control.safety',
  }),
];

/** Replaces the VPN option's words when the run already went through a VPN and still failed. */
export const VPN_ALREADY_ON_HOW_KEY = 'guidance.option.vpn.howWhenOn';

/** The kind of interference, as far as the choice of a way around it goes. */
export type MethodFamily = 'dns' | 'ip' | 'sni' | 'mitm' | 'http' | 'throttled';

export function methodFamily(method: Method): MethodFamily {
  if (method.startsWith('dns.')) return 'dns';
  if (method.startsWith('tcp.')) return 'ip';
  if (method === 'tls.mitm') return 'mitm';
  if (method.startsWith('tls.')) return 'sni';
  if (method.startsWith('http.')) return 'http';
  return 'throttled';
}

const CIRCUMVENTION_TOOLS = { vpn: 'usually', tor: 'usually', psiphon: 'usually', outline: 'usually' } as const;

/** Encrypted tunnels to a server abroad get past every method of blocking seen in Azerbaijan. */
export const EXPECTED_FOR_ANY_METHOD: Partial<Record<OptionId, Effectiveness>> = CIRCUMVENTION_TOOLS;

/**
 * What is expected to work against each kind of interference before anything was tried here.
 * Encrypted DNS only helps when the lie is in DNS; a split ClientHello is never suggested untested,
 * because whether a DPI box reassembles is a property of one network, not of the method.
 */
export const EXPECTED: Record<MethodFamily, Partial<Record<OptionId, Effectiveness>>> = {
  dns: { 'encrypted-dns': 'usually', ...CIRCUMVENTION_TOOLS },
  ip: { ...CIRCUMVENTION_TOOLS },
  sni: { ...CIRCUMVENTION_TOOLS },
  // Interception: first protect what you type, then an encrypted tunnel the box cannot open.
  mitm: { 'protect-yourself': 'usually', ...CIRCUMVENTION_TOOLS },
  http: { 'try-https': 'usually', ...CIRCUMVENTION_TOOLS },
  // Tor and Psiphon get through, but are slow themselves: not a cure for a slowed-down video.
  throttled: { vpn: 'usually', outline: 'usually', psiphon: 'sometimes', tor: 'sometimes' },
};
