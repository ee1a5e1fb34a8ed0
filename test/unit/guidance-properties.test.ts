// Properties of the guidance over arbitrary verdicts, VPN states and strategy outcomes: the safety
// rules hold whatever the network did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { guidanceFor, EFFECTIVENESS, type GuidanceInput, type GuidanceOption } from '../../main/guidance/index.ts';
import { OPTIONS } from '../../main/guidance/options.ts';
import { METHODS, type Method } from '../../main/contract/verdict.ts';
import { STRATEGY_NAMES, type Strategies, type StrategyResult } from '../../main/contract/strategies.ts';
import { INCONCLUSIVE_REASONS } from '../../main/analysis/keys.ts';
import { translator } from '../../main/i18n.ts';

const outcome = fc.constantFrom<StrategyResult['outcome']>('works', 'fails', 'not-applicable');
const strategies: fc.Arbitrary<Strategies> = fc
  .subarray([...STRATEGY_NAMES])
  .chain((names) => fc.tuple(...names.map(() => outcome)).map((outcomes) => Object.fromEntries(names.map((n, i) => [n, { outcome: outcomes[i], code: 'x', failure: null, observations: [], durationMs: 0 }]))));

const common = {
  input: fc.constantFrom('https://www.tiktok.com/', 'http://meydan.tv/', 'tcpconnect://e1.whatsapp.net:443'),
  connectivity: fc.constantFrom('ok' as const, 'offline' as const, 'captive-portal' as const, 'unknown' as const),
  vpn: fc.constantFrom('on' as const, 'off' as const, 'unknown' as const),
  strategies: fc.option(strategies, { nil: undefined }),
  vpnVerdict: fc.option(fc.constantFrom('works-both' as const, 'breaks-with-vpn' as const, 'blocked-without-vpn' as const, 'fails-both' as const), { nil: undefined }),
};

const blocked = fc.record({
  ...common,
  status: fc.constant('blocked' as const),
  method: fc.option(fc.constantFrom<Method>(...METHODS), { nil: null }),
}).map((r) => ({ ...r, explanationKey: r.method ? `verdict.blocked.${r.method}` : 'verdict.inconclusive.unexplained' }));
const inconclusive = fc.record({ ...common, status: fc.constant('inconclusive' as const), method: fc.constant(null), reason: fc.constantFrom(...INCONCLUSIVE_REASONS) })
  .map(({ reason, ...r }) => ({ ...r, explanationKey: `verdict.inconclusive.${reason}` }));
const accessible = fc.record({ ...common, status: fc.constant('accessible' as const), method: fc.constant(null), explanationKey: fc.constant('verdict.accessible') });
const down = fc.record({ ...common, status: fc.constant('down' as const), method: fc.constant(null), explanationKey: fc.constant('verdict.down') });
const anyInput: fc.Arbitrary<GuidanceInput> = fc.oneof(blocked, inconclusive, accessible, down).map(dropUndefined);

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const texts = (option: GuidanceOption) => ({
  en: [option.titleKey, option.howKey, option.safetyKey].map((k) => translator('en')(k)).join(' '),
  az: [option.titleKey, option.howKey, option.safetyKey].map((k) => translator('az')(k)).join(' '),
});

// Positive advice to switch the VPN off (a "do not ..." sentence is fine).
const EN_VPN_OFF = /(?<!not )\b(switch|turn)\s+(off\s+(your|the)\s+VPN|(your|the)\s+VPN\s+off)\b|\bdisable\s+(your|the)\s+VPN\b/i;
const AZ_VPN_OFF = /VPN-i\s+(?:\S+\s+){0,3}söndürün/;

test('every blocked verdict on a working connection gets at least one way around it that was not seen to fail', () => {
  fc.assert(
    fc.property(blocked.map(dropUndefined), (input) => {
      fc.pre(input.connectivity === 'ok' || input.connectivity === 'unknown');
      fc.pre(input.vpnVerdict !== 'breaks-with-vpn'); // that word means it works without the VPN: not blocked
      const options = guidanceFor(input);
      assert.ok(options.some((o) => o.circumvents && o.effectiveness !== 'failed-here'), JSON.stringify(input));
    }),
    { numRuns: 500 },
  );
});

test('no option ever advises switching the VPN off for everything, in either language', () => {
  fc.assert(
    fc.property(anyInput, (input) => {
      for (const option of guidanceFor(input)) {
        assert.ok(['none', 'uses-vpn', 'leaves-one-service-outside'].includes(option.vpnEffect));
        // Leaving something outside the VPN is only ever split tunnelling of one service.
        if (option.vpnEffect === 'leaves-one-service-outside') assert.equal(option.id, 'split-tunnel');
        const { en, az } = texts(option);
        assert.doesNotMatch(en, EN_VPN_OFF, `${option.id} (en)`);
        assert.doesNotMatch(az, AZ_VPN_OFF, `${option.id} (az)`);
      }
    }),
    { numRuns: 500 },
  );
});

test('the VPN-off check is not vacuous: it catches such advice', () => {
  assert.match('Switch your VPN off and try again.', EN_VPN_OFF);
  assert.match('Turn off the VPN for a moment.', EN_VPN_OFF);
  assert.doesNotMatch('Do not switch the VPN off for everything.', EN_VPN_OFF);
  assert.match('VPN-i söndürün və yenidən yoxlayın.', AZ_VPN_OFF);
  assert.doesNotMatch('VPN-i hər şey üçün söndürməyin.', AZ_VPN_OFF);
});

test('no connection or a Wi-Fi login page: only that, never a way around a block', () => {
  fc.assert(
    fc.property(anyInput, (input) => {
      fc.pre(input.connectivity === 'offline' || input.connectivity === 'captive-portal');
      const options = guidanceFor(input);
      assert.equal(options.length, 1);
      assert.equal(options[0]?.circumvents, false);
      assert.equal(options[0]?.id, input.connectivity === 'offline' ? 'check-connection' : 'wifi-login');
    }),
  );
});

test('down for everyone: no way around a block is offered (a VPN does not fix a broken site)', () => {
  fc.assert(
    fc.property(down.map(dropUndefined), (input) => {
      fc.pre(input.vpnVerdict === undefined || input.vpnVerdict === 'works-both');
      assert.ok(guidanceFor(input).every((o) => !o.circumvents));
    }),
  );
});

test('ranked: ranks 1..n, no option twice, what worked here first, what failed here last', () => {
  fc.assert(
    fc.property(anyInput, (input) => {
      const options = guidanceFor(input);
      assert.deepEqual(options.map((o) => o.rank), options.map((_, i) => i + 1));
      assert.equal(new Set(options.map((o) => o.id)).size, options.length);
      const order = options.map((o) => EFFECTIVENESS.indexOf(o.effectiveness));
      assert.deepEqual(order, [...order].sort((a, b) => a - b));
    }),
    { numRuns: 500 },
  );
});

test('a strategy that worked on this network puts its option among the first, marked as such', () => {
  fc.assert(
    fc.property(blocked.map(dropUndefined), fc.constantFrom(...STRATEGY_NAMES), (input, name) => {
      fc.pre(input.connectivity === 'ok' && input.vpnVerdict === undefined);
      const tried: Strategies = { ...input.strategies, [name]: { outcome: 'works', code: 'x', failure: null, observations: [], durationMs: 0 } };
      const options = guidanceFor({ ...input, strategies: tried });
      const backing = OPTIONS.find((o) => o.strategies.includes(name));
      if (!backing) return; // a strategy no option stands for (none today) would not be ranked
      const found = options.find((o) => o.id === backing.id);
      assert.ok(found, `${name} -> ${backing.id}`);
      assert.equal(found.effectiveness, 'worked-here');
      assert.ok(options.slice(0, found.rank).every((o) => o.effectiveness === 'worked-here'));
    }),
    { numRuns: 300 },
  );
});

test('works, and no VPN comparison says otherwise: nothing to do', () => {
  fc.assert(
    fc.property(accessible.map(dropUndefined), (input) => {
      fc.pre(input.connectivity === 'ok' && (input.vpnVerdict === undefined || input.vpnVerdict === 'works-both'));
      assert.deepEqual(guidanceFor(input), []);
    }),
  );
});

test('pure: the same input gives the same options and is left unchanged', () => {
  fc.assert(
    fc.property(anyInput, (input) => {
      const copy = structuredClone(input);
      assert.deepEqual(guidanceFor(input), guidanceFor(copy));
      assert.deepEqual(input, copy);
    }),
  );
});

test('every option has its words in both languages', () => {
  for (const lang of ['en', 'az'] as const) {
    const t = translator(lang);
    for (const option of OPTIONS)
      for (const key of [option.titleKey, option.howKey, option.safetyKey, 'guidance.option.vpn.howWhenOn']) {
        const text = t(key);
        assert.notEqual(text, key, `${lang}: ${key} missing`);
      }
  }
});
