// Guidance: from one result (+ the VPN state and what was tried on this network) to ranked options,
// each with how well it works against what was seen and how safe it is. Pure: no I/O, no Node.
//
// Order of precedence:
//   1. no working connection (offline, Wi-Fi login page): only that, whatever the verdict says;
//   2. the VPN comparison's word for a local service (split tunnelling, never "switch it off");
//   3. the verdict: blocked -> ways around it; down -> wait; unclear -> why, and what to try.
// Ranking: what worked on this network first, then what usually works, then what sometimes does,
// then what was tried here and failed; within each, the safer first, then catalogue order.
import type { StrategyOutcome } from '../contract/strategies.ts';
import { EFFECTIVENESS, SAFETY, type Effectiveness, type GuidanceInput, type GuidanceOption, type OptionId, type TestedStrategy } from './types.ts';
import { EXPECTED, EXPECTED_FOR_ANY_METHOD, OPTIONS, VPN_ALREADY_ON_HOW_KEY, methodFamily, type OptionSpec } from './options.ts';

export * from './types.ts';
export { methodFamily } from './options.ts';

type Candidate = { id: OptionId; effectiveness: Effectiveness };

const specOf = (id: OptionId): OptionSpec => {
  const found = OPTIONS.find((o) => o.id === id);
  if (!found) throw new Error(`guidance: no option ${id}`);
  return found;
};

/** Why a result is unclear: the last part of `verdict.inconclusive.<reason>`. */
export function inconclusiveReason(explanationKey: string): string | null {
  const prefix = 'verdict.inconclusive.';
  return explanationKey.startsWith(prefix) ? explanationKey.slice(prefix.length) : null;
}

function testedFor(spec: OptionSpec, input: GuidanceInput): TestedStrategy[] {
  const strategies = input.strategies ?? {};
  return spec.strategies.flatMap((strategy) => {
    const result = strategies[strategy];
    return result ? [{ strategy, outcome: result.outcome, code: result.code }] : [];
  });
}

/** What was tried here decides; without a conclusive try, the expectation for the method stands. */
function effectivenessHere(expected: Effectiveness | undefined, tested: { outcome: StrategyOutcome }[]): Effectiveness | undefined {
  if (tested.some((t) => t.outcome === 'works')) return 'worked-here';
  if (tested.some((t) => t.outcome === 'fails')) return 'failed-here';
  return expected;
}

function blockedCandidates(input: GuidanceInput): Candidate[] {
  // Blocked without a named method (imported data): the ways around that work whatever the method.
  const expected = { ...(input.method ? EXPECTED[methodFamily(input.method)] : EXPECTED_FOR_ANY_METHOD) };
  // https:// is only a way around a block of plain-HTTP requests.
  if (!input.input.toLowerCase().startsWith('http://')) delete expected['try-https'];
  const candidates: Candidate[] = [];
  for (const spec of OPTIONS) {
    const effectiveness = effectivenessHere(expected[spec.id], testedFor(spec, input));
    if (effectiveness) candidates.push({ id: spec.id, effectiveness });
  }
  return candidates;
}

function inconclusiveCandidates(input: GuidanceInput): Candidate[] {
  switch (inconclusiveReason(input.explanationKey)) {
    case 'offline':
      return [{ id: 'check-connection', effectiveness: 'usually' }];
    case 'captive-portal':
      return [{ id: 'wifi-login', effectiveness: 'usually' }];
    case 'local-redirect':
      return [{ id: 'wifi-login', effectiveness: 'sometimes' }, { id: 'other-network', effectiveness: 'usually' }];
    case 'no-control':
      return [{ id: 'rerun', effectiveness: 'sometimes' }, { id: 'allow-control', effectiveness: 'usually' }];
    case 'transient':
      return [{ id: 'rerun', effectiveness: 'usually' }];
    case 'http-timeout':
      return [
        { id: 'other-network', effectiveness: 'sometimes' },
        { id: 'rerun', effectiveness: 'sometimes' },
        { id: 'vpn', effectiveness: 'sometimes' },
      ];
    default:
      return [{ id: 'rerun', effectiveness: 'sometimes' }, { id: 'other-network', effectiveness: 'sometimes' }];
  }
}

/**
 * The VPN comparison's word for this service, when there is one: it was measured on both paths, so
 * it outranks what is only expected. Null when there is no comparison (or nothing it changes).
 */
function vpnComparisonCandidates(input: GuidanceInput): Candidate[] | null {
  const withoutVpnOption = () => (input.status === 'blocked' ? blockedCandidates(input).filter((c) => c.id !== 'vpn') : []);
  switch (input.vpnVerdict) {
    case 'breaks-with-vpn':
      // The person may need the VPN for everything else: leave out this one service only.
      return [{ id: 'split-tunnel', effectiveness: 'usually' }];
    case 'blocked-without-vpn': {
      // A VPN was seen to get through: first (keep using it, when it is on); the other ways stay listed.
      const vpnFirst: Candidate = { id: input.vpn === 'on' ? 'keep-in-vpn' : 'vpn', effectiveness: 'worked-here' };
      return [vpnFirst, ...withoutVpnOption()];
    }
    case 'fails-both':
      return input.status === 'blocked' ? withoutVpnOption() : [{ id: 'wait', effectiveness: 'sometimes' }];
    default:
      return null;
  }
}

function candidates(input: GuidanceInput): Candidate[] {
  if (input.connectivity === 'offline') return [{ id: 'check-connection', effectiveness: 'usually' }];
  if (input.connectivity === 'captive-portal') return [{ id: 'wifi-login', effectiveness: 'usually' }];
  const fromVpn = vpnComparisonCandidates(input);
  if (fromVpn) return fromVpn;
  switch (input.status) {
    case 'accessible':
      return [];
    case 'down':
      return [{ id: 'wait', effectiveness: 'usually' }];
    case 'inconclusive':
      return inconclusiveCandidates(input);
    case 'blocked':
      return blockedCandidates(input);
  }
}

const catalogueIndex = (id: OptionId) => OPTIONS.findIndex((o) => o.id === id);

/** Ranked options for one result; empty when there is nothing to do. */
export function guidanceFor(input: GuidanceInput): GuidanceOption[] {
  const unique = new Map<OptionId, Candidate>();
  for (const c of candidates(input)) if (!unique.has(c.id)) unique.set(c.id, c);
  const ranked = [...unique.values()].sort(
    (a, b) =>
      EFFECTIVENESS.indexOf(a.effectiveness) - EFFECTIVENESS.indexOf(b.effectiveness) ||
      SAFETY.indexOf(specOf(a.id).safety) - SAFETY.indexOf(specOf(b.id).safety) ||
      catalogueIndex(a.id) - catalogueIndex(b.id),
  );
  return ranked.map((c, i) => {
    const spec = specOf(c.id);
    return {
      id: c.id,
      rank: i + 1,
      effectiveness: c.effectiveness,
      safety: spec.safety,
      vpnEffect: spec.vpnEffect,
      circumvents: spec.circumvents,
      tested: testedFor(spec, input),
      titleKey: spec.titleKey,
      howKey: c.id === 'vpn' && input.vpn === 'on' ? VPN_ALREADY_ON_HOW_KEY : spec.howKey,
      safetyKey: spec.safetyKey,
    };
  });
}
