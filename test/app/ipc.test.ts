// The IPC layer between the renderer and the bridge service, fed random and malformed payloads
// through a fake ipcMain: every handler answers with a value (never a throw), the service sees
// only payloads its channel's schema accepts, and what comes back matches the contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CHANNEL_NAMES, CHANNELS, type ChannelName } from '../../main/contract/bridge.ts';
import { forwardProgress, isTrustedSender, registerBridgeIpc } from '../../main/app/ipc.ts';
import { createFakeService } from './fake-service.ts';

const WINDOW_ID = 7;
const trusted = { senderFrame: { url: 'app://yoxla/index.html', parent: null }, sender: { id: WINDOW_ID } };

/** One valid payload per channel, the starting point of the mutations. */
const EXAMPLES: Record<ChannelName, unknown> = {
  'settings:get': null,
  'settings:set': { language: 'az', consentAccepted: true },
  'run:start': { mode: 'lab', scenario: 'az-2022-tiktok', sets: ['tiktok'] },
  'run:cancel': { runId: 'run-abc' },
  'history:list': null,
  'history:open': { historyId: 'h-1' },
  'history:delete': { historyId: 'h-1' },
  'history:compare': { historyIds: ['h-1', 'h-2'] },
  'history:import': { name: 'participant.json', text: '{"schema":"yoxla.run/1"}' },
  'report:export': { historyId: 'h-1', format: 'pdf', lang: 'az' },
  'report:upload': { historyId: 'h-1', confirmed: true },
  'report:show': { path: '/tmp/report.html' },
  'lists:validate': { text: 'www.bbc.com' },
  'scenarios:list': {},
  'scenarios:validate': { name: 'workshop.json', text: '{}' },
  'ooni:explain': { link: 'https://explorer.ooni.org/m/20220101' },
  'vpn:state': undefined,
  'vpn:phase': { declared: 'on' },
  'vpn:split-tunnel': { exclude: ['kapitalbank.az', '10.0.0.0/8'] },
};

function setup() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain = {
    handle(channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) {
      assert.ok(!handlers.has(channel), `${channel} registered twice`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
  const service = createFakeService();
  // The service answers with a value of the right shape for whatever it gets.
  for (const channel of CHANNEL_NAMES) service.answers.set(channel, () => ({ ok: true, value: VALID_ANSWERS[channel] }));
  const log: string[] = [];
  const dispose = registerBridgeIpc(ipcMain as never, service, { trustedContentsIds: () => [WINDOW_ID], log: (m) => log.push(m) });
  return { handlers, service, log, dispose };
}

const ENTRY = { id: 'h-1', startedAt: '2026-01-01T10:00:00Z', finishedAt: '2026-01-01T10:01:00Z', mode: 'lab', network: { asn: 'AS0', cc: 'ZZ', vpn: 'off' }, counts: { accessible: 0, blocked: 0, down: 0, inconclusive: 0 }, total: 0, interrupted: false };
const SCENARIO_INFO = { name: 'workshop', blockedHosts: [], hasVpn: false, hasStrategies: false };
const SETTINGS = CHANNELS['settings:get'].response.parse({});
const VALID_ANSWERS: Record<ChannelName, unknown> = {
  'settings:get': SETTINGS,
  'settings:set': SETTINGS,
  'run:start': { runId: 'run-1' },
  'run:cancel': { cancelled: true },
  'history:list': [ENTRY],
  'history:open': null, // not used: its answer is a whole run (checked elsewhere)
  'history:delete': { deleted: true },
  'history:compare': { runs: [ENTRY, ENTRY], rows: [] },
  'history:import': ENTRY,
  'report:export': { kind: 'canceled' },
  'report:upload': { collector: 'https://api.ooni.io/', uploaded: [] },
  'report:show': { shown: true },
  'lists:validate': { valid: false, line: 2, reason: 'not a URL or host' },
  'scenarios:list': [SCENARIO_INFO],
  'scenarios:validate': SCENARIO_INFO,
  'ooni:explain': ENTRY,
  'vpn:state': { vpn: 'unknown', firstPhase: null },
  'vpn:phase': { runId: 'run-2' },
  'vpn:split-tunnel': { allowedIps: ['0.0.0.0/1'], conf: null },
};

type Answer = { ok: boolean; value?: unknown; error?: { code: string; detail: string } };

/** Payloads near a valid one: a key set to anything, a key dropped, an unknown key, the wrong container. */
function mutated(example: unknown): fc.Arbitrary<unknown> {
  const keys = example && typeof example === 'object' ? Object.keys(example) : [];
  const base = (example ?? {}) as Record<string, unknown>;
  const options: fc.Arbitrary<unknown>[] = [
    fc.anything().map((junk) => ({ ...base, unexpected: junk })),
    fc.constant([example]),
    fc.string().map((s) => s),
    fc.constant({ __proto__: { mode: 'lab' }, ...base }),
  ];
  if (keys.length > 0) {
    options.push(fc.tuple(fc.constantFrom(...keys), fc.anything()).map(([key, value]) => ({ ...base, [key]: value })));
    options.push(fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key))));
    options.push(fc.tuple(fc.constantFrom(...keys), fc.string({ maxLength: 3000 })).map(([key, value]) => ({ ...base, [key]: value })));
  }
  return fc.oneof(...options);
}

for (const channel of CHANNEL_NAMES) {
  test(`${channel}: random and malformed payloads get an answer, never a throw; the service sees only valid ones`, async () => {
    const { handlers, service } = setup();
    const handler = handlers.get(channel) ?? assert.fail('not registered');
    const schema = CHANNELS[channel].request;
    let accepted = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything({ withNullPrototype: true, withObjectString: true }), mutated(EXAMPLES[channel]), fc.constant(EXAMPLES[channel])), async (payload) => {
        const before = service.invocations.length;
        const answer = (await handler(trusted, payload)) as Answer;
        assert.equal(typeof answer, 'object');
        assert.equal(typeof answer.ok, 'boolean');
        const valid = schema.safeParse(payload);
        if (valid.success) {
          accepted += 1;
          assert.equal(service.invocations.length, before + 1);
          assert.deepEqual(service.invocations.at(-1)?.payload, valid.data);
          // history:open's fake answer is no run at all, so the contract check turns it into an error value.
          assert.deepEqual(answer, channel === 'history:open' ? { ok: false, error: { code: 'unavailable', detail: 'history:open: invalid answer' } } : { ok: true, value: VALID_ANSWERS[channel] });
        } else {
          rejected += 1;
          assert.equal(answer.ok, false);
          assert.equal(answer.error?.code, 'bad-request');
          assert.ok(answer.error.detail.length <= 2000);
          assert.equal(service.invocations.length, before, 'a rejected payload never reaches the service');
        }
      }),
      { numRuns: 150 },
    );
    assert.ok(rejected > 0, 'some payloads were malformed');
    assert.ok(accepted > 0, 'the valid example got through');
  });
}

test('more than one argument is refused', async () => {
  const { handlers, service } = setup();
  const answer = (await handlers.get('history:list')?.(trusted, null, 'extra')) as Answer;
  assert.deepEqual(answer, { ok: false, error: { code: 'bad-request', detail: 'history:list: one payload expected' } });
  assert.equal(service.invocations.length, 0);
});

test('rejected payloads are logged, with the channel and the problem', async () => {
  const { handlers, log } = setup();
  await handlers.get('run:cancel')?.(trusted, { runId: '../../etc' });
  assert.ok(log.some((line) => line.startsWith('ipc: rejected run:cancel: runId')), log.join('\n'));
});

test('a service that throws, or answers outside the contract, still gives the renderer a value', async () => {
  const { handlers, service, log } = setup();
  service.answers.set('history:list', () => {
    throw new Error('disk on fire');
  });
  assert.deepEqual(await handlers.get('history:list')?.(trusted, null), { ok: false, error: { code: 'unavailable', detail: 'history:list failed' } });
  service.answers.set('history:delete', () => ({ ok: true, value: { deleted: 'yes', path: '/home/someone' } }));
  assert.deepEqual(await handlers.get('history:delete')?.(trusted, { historyId: 'h-1' }), { ok: false, error: { code: 'unavailable', detail: 'history:delete: invalid answer' } });
  service.answers.set('history:delete', () => ({ ok: false, error: { code: 'not-found', detail: 'h-1' } }));
  assert.deepEqual(await handlers.get('history:delete')?.(trusted, { historyId: 'h-1' }), { ok: false, error: { code: 'not-found', detail: 'h-1' } });
  service.answers.set('run:cancel', () => undefined as never);
  assert.deepEqual(await handlers.get('run:cancel')?.(trusted, { runId: 'run-1' }), { ok: false, error: { code: 'unavailable', detail: 'run:cancel failed' } });
  assert.ok(log.some((line) => line.includes('disk on fire')));
  assert.ok(log.some((line) => line.includes('does not match the contract')));
});

test('the sender check: only a top frame on app://yoxla in one of our windows', () => {
  fc.assert(
    fc.property(fc.oneof(fc.webUrl(), fc.constantFrom('app://yoxla/index.html', 'app://yoxla/', 'app://yoxla.evil/', 'app://evil/yoxla', 'file:///index.html', 'app://user@yoxla/', '')), fc.boolean(), fc.integer({ min: 0, max: 10 }), (url, subframe, id) => {
      const event = { senderFrame: { url, parent: subframe ? {} : null }, sender: { id } };
      const ours = url === 'app://yoxla/index.html' || url === 'app://yoxla/';
      assert.equal(isTrustedSender(event as never, () => [WINDOW_ID]), ours && !subframe && id === WINDOW_ID);
    }),
  );
});

test('an untrusted sender gets an error value for every channel, whatever it sends', async () => {
  const { handlers, service } = setup();
  for (const channel of CHANNEL_NAMES) {
    const answer = (await handlers.get(channel)?.({ senderFrame: { url: 'https://example.org/', parent: null }, sender: { id: WINDOW_ID } }, EXAMPLES[channel])) as Answer;
    assert.deepEqual(answer, { ok: false, error: { code: 'bad-request', detail: 'sender not allowed' } });
  }
  assert.equal(service.invocations.length, 0);
});

test('dispose removes every handler', () => {
  const { handlers, dispose } = setup();
  assert.equal(handlers.size, CHANNEL_NAMES.length);
  dispose();
  assert.equal(handlers.size, 0);
});

test('progress goes only to live windows', () => {
  const service = createFakeService();
  const live = { sent: [] as unknown[], send(channel: string, value: unknown) { this.sent.push([channel, value]); }, isDestroyed: () => false };
  const gone = { sent: [] as unknown[], send() { assert.fail('sent to a destroyed window'); }, isDestroyed: () => true };
  const stop = forwardProgress(service, () => [live, gone], () => undefined);
  service.emitProgress({ runId: 'run-1', type: 'started', total: 1 });
  stop();
  service.emitProgress({ runId: 'run-1', type: 'started', total: 2 });
  assert.deepEqual(live.sent, [['run:progress', { runId: 'run-1', type: 'started', total: 1 }]]);
});
