// The bridge service's channels that need no run: every channel refuses malformed payloads with
// `bad-request`, settings persist, scenarios list and validate as the CLI does, the VPN wizard's
// state, split-tunnel, OONI explain, and answers that fail their schema become error values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHANNEL_NAMES, CHANNELS, type ChannelName } from '../../main/contract/bridge.ts';
import { createTestService, type TestService, type TestServiceOptions } from '../support/bridge-harness.ts';
import { tiktokSniDrop } from '../support/ooni-measurements.ts';
import { readdirSync } from 'node:fs';
import { SCENARIOS_DIR } from '../../main/paths.ts';
import { endpointsOfSettings } from '../../main/bridge/endpoints.ts';

const noPdf = async (): Promise<Uint8Array> => {
  throw new Error('no PDF in this test');
};

async function withService(fn: (t: TestService) => Promise<void>, options: TestServiceOptions = {}): Promise<void> {
  const t = await createTestService({ printPdf: noPdf, ...options });
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

/** For every channel, payloads its schema must refuse. */
const MALFORMED: Record<ChannelName, unknown[]> = {
  'settings:get': [42, { extra: true }, 'x'],
  'settings:set': [42, { consentAccepted: 'yes' }, { notASetting: true }, { language: 'ru' }],
  'run:start': [undefined, {}, { mode: 'lab' }, { mode: 'lab', scenario: 'a', scenarioText: '{}' }, { mode: 'check', sets: ['everything'] }, { mode: 'check', extra: 1 }],
  'run:cancel': [undefined, {}, { runId: '../x' }, { runId: 'a'.repeat(65) }],
  'history:list': [42, { page: 1 }],
  'history:open': [undefined, { historyId: '../../etc/passwd' }, { historyId: '' }, { historyId: 'a/b' }],
  'history:delete': [undefined, { historyId: '..' }],
  'history:compare': [undefined, { historyIds: ['only-one'] }, { historyIds: 'a,b' }],
  'history:import': [undefined, { name: 'x.json' }, { text: '{}' }, { name: 1, text: '{}' }],
  'report:export': [undefined, { historyId: 'a', format: 'docx', lang: 'en' }, { historyId: 'a', format: 'html', lang: 'ru' }, { historyId: 'a', format: 'html' }],
  'report:upload': [undefined, { historyId: 'a' }, { historyId: 'a', confirmed: false }, { historyId: '../a', confirmed: true }],
  'report:show': [undefined, {}, { path: '' }, { path: 1 }],
  'lists:validate': [undefined, {}, { text: 1 }, { text: 'a', name: 'b' }],
  'scenarios:list': [42, { all: true }],
  'scenarios:validate': [undefined, { text: '{}' }],
  'ooni:explain': [undefined, {}, { link: '' }, { name: 'a', text: 'b', link: 'c' }],
  'vpn:state': [42, { now: true }],
  'vpn:phase': [42, { declared: 'maybe' }, { restart: 'yes' }],
  'vpn:split-tunnel': [undefined, { exclude: [] }, { exclude: 'kapitalbank.az' }, { exclude: [''] }],
};

test('every channel answers a malformed payload with bad-request, and an unknown channel too', async () => {
  await withService(async ({ service, logs }) => {
    assert.deepEqual(Object.keys(MALFORMED).sort(), [...CHANNEL_NAMES].sort());
    for (const channel of CHANNEL_NAMES) {
      for (const payload of MALFORMED[channel]) {
        // Each really is refused by the contract's schema, so this checks the service, not the table above.
        assert.equal(CHANNELS[channel].request.safeParse(payload).success, false, `${channel} ${JSON.stringify(payload)}`);
        const answer = await service.invoke(channel, payload);
        assert.equal(answer.ok, false, `${channel} ${JSON.stringify(payload)}`);
        assert.equal(!answer.ok && answer.error.code, 'bad-request', `${channel} ${JSON.stringify(payload)}`);
      }
    }
    for (const channel of ['nope', '__proto__', 'constructor', 'toString', '']) {
      const answer = await service.invoke(channel, {});
      assert.equal(!answer.ok && answer.error.code, 'bad-request', channel);
    }
    assert.ok(logs.some((l) => l.includes('rejected')), 'rejections are logged');
  });
});

test('settings: defaults, a patch persists for the next service, a broken file keeps what is valid', async () => {
  await withService(async ({ service, dataDir }) => {
    const first = await service.invoke('settings:get', undefined);
    assert.deepEqual(first, {
      ok: true,
      value: {
        language: null,
        consentAccepted: false,
        consentVersion: 0,
        useControl: true,
        includeIp: false,
        uploadConsent: false,
        tryStrategies: false,
        trainerMode: false,
        controlUrl: null,
        dohUrl: null,
        dohAddress: null,
        portalCheckUrl: null,
        egressUrl: null,
        lookupEgress: true,
      },
    });
    const set = await service.invoke('settings:set', { language: 'az', consentAccepted: true, consentVersion: 2 });
    assert.ok(set.ok && set.value.language === 'az' && set.value.consentAccepted && set.value.useControl);
    // Two quick changes both land.
    await Promise.all([service.invoke('settings:set', { trainerMode: true }), service.invoke('settings:set', { includeIp: true })]);
    const again = await createTestService({ printPdf: noPdf, dataDir });
    try {
      const read = await again.service.invoke('settings:get', null);
      assert.ok(read.ok);
      assert.equal(read.value.language, 'az');
      assert.equal(read.value.trainerMode, true);
      assert.equal(read.value.includeIp, true);
      assert.equal(read.value.consentVersion, 2);
    } finally {
      await again.close();
    }
    const onDisk = JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8'));
    assert.equal(onDisk.consentAccepted, true);

    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ consentAccepted: true, language: 'klingon', useControl: false }));
    const kept = await service.invoke('settings:get', {});
    assert.ok(kept.ok);
    assert.equal(kept.value.consentAccepted, true);
    assert.equal(kept.value.useControl, false);
    assert.equal(kept.value.language, null);
    await writeFile(join(dataDir, 'settings.json'), '{ not json');
    const defaults = await service.invoke('settings:get', {});
    assert.ok(defaults.ok && defaults.value.consentAccepted === false);
  });
});

test('settings: Advanced endpoints are validated like the CLI flags, saved, and read back as the run endpoints', async () => {
  await withService(async ({ service }) => {
    const bad: Record<string, unknown>[] = [
      { controlUrl: 'ftp://th.example/' },
      { controlUrl: 'not a url' },
      { dohUrl: 'https://user:pw@doh.example/dns-query', dohAddress: '192.0.2.1' },
      { dohAddress: '192.0.2.300' },
      { portalCheckUrl: 'ftp://portal.example/' },
      { egressUrl: 'https://egress.example/#x' },
      { lookupEgress: 'no' },
    ];
    for (const patch of bad) {
      const answer = await service.invoke('settings:set', patch);
      assert.equal(!answer.ok && answer.error.code, 'bad-request', JSON.stringify(patch));
    }
    // A DoH resolver by name cannot be reached without its address: refused together, nothing written.
    const alone = await service.invoke('settings:set', { dohUrl: 'https://doh.example/dns-query' });
    assert.equal(!alone.ok && alone.error.code, 'bad-request');
    const unchanged = await service.invoke('settings:get', undefined);
    assert.ok(unchanged.ok && unchanged.value.dohUrl === null);

    const chosen = {
      controlUrl: 'https://th.example/',
      dohUrl: 'https://doh.example/dns-query',
      dohAddress: '2001:db8::53',
      portalCheckUrl: 'http://portal.example/generate_204',
      egressUrl: 'https://egress.example/cdn-cgi/trace',
    };
    const saved = await service.invoke('settings:set', chosen);
    assert.ok(saved.ok);
    assert.deepEqual(endpointsOfSettings(saved.value), {
      control: chosen.controlUrl,
      doh: { url: chosen.dohUrl, address: chosen.dohAddress },
      portalCheck: chosen.portalCheckUrl,
      egress: chosen.egressUrl,
    });
    const off = await service.invoke('settings:set', { lookupEgress: false, controlUrl: null });
    assert.ok(off.ok);
    assert.deepEqual(endpointsOfSettings(off.value), { doh: { url: chosen.dohUrl, address: chosen.dohAddress }, portalCheck: chosen.portalCheckUrl, egress: false });
    // Back to every default: no endpoint is named.
    const reset = await service.invoke('settings:set', { dohUrl: null, dohAddress: null, portalCheckUrl: null, egressUrl: null, lookupEgress: true });
    assert.ok(reset.ok);
    assert.deepEqual(endpointsOfSettings(reset.value), {});
  });
});

test('runs wait for informed consent: run:start and vpn:phase answer consent-required', async () => {
  await withService(async ({ service, events }) => {
    const run = await service.invoke('run:start', { mode: 'lab', scenario: 'az-2022-tiktok' });
    assert.equal(!run.ok && run.error.code, 'consent-required');
    const vpn = await service.invoke('vpn:phase', {});
    assert.equal(!vpn.ok && vpn.error.code, 'consent-required');
    assert.deepEqual(events, []);
    const history = await service.invoke('history:list', undefined);
    assert.deepEqual(history, { ok: true, value: [] });
  });
});

test('run:start refuses an unknown bundled scenario and a broken scenario text at once', async () => {
  await withService(
    async ({ service, events }) => {
      const unknown = await service.invoke('run:start', { mode: 'lab', scenario: 'no-such-scenario' });
      assert.equal(!unknown.ok && unknown.error.code, 'not-found');
      const traversal = await service.invoke('run:start', { mode: 'lab', scenario: '../../package' });
      assert.equal(!traversal.ok && traversal.error.code, 'not-found');
      const broken = await service.invoke('run:start', { mode: 'lab', scenarioText: '{"schema":"yoxla.lab/1","name":"x","censor":[{"host":"a.b","at":"sni","do":"explode"}]}' });
      assert.equal(!broken.ok && broken.error.code, 'bad-file');
      assert.match(!broken.ok ? broken.error.detail : '', /censor\.0\.do/);
      const notJson = await service.invoke('run:start', { mode: 'lab', scenarioText: 'hello' });
      assert.equal(!notJson.ok && notJson.error.code, 'bad-file');
      assert.deepEqual(events, []);
    },
    { settings: { consentAccepted: true } },
  );
});

test('scenarios:list names every bundled scenario with what it blocks; scenarios:validate reads a file like yoxla lab', async () => {
  await withService(async ({ service }) => {
    const list = await service.invoke('scenarios:list', undefined);
    assert.ok(list.ok);
    const files = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
    assert.deepEqual(list.value.map((s) => s.name), files);
    const tiktok = list.value.find((s) => s.name === 'az-2022-tiktok');
    assert.ok(tiktok);
    assert.deepEqual([...tiktok.blockedHosts].sort(), ['m.tiktok.com', 'mcs-va.tiktok.com', 'mon-va.byteoversea.com', 'sf16-scmcdn-va.ibytedtos.com', 'webcast.tiktok.com', 'www.tiktok.com']);
    assert.equal(tiktok.hasVpn, false);
    assert.equal(list.value.find((s) => s.name === 'vpn-local')?.hasVpn, true);

    const text = await readFile(join(SCENARIOS_DIR, 'news-dpi.json'), 'utf8');
    const good = await service.invoke('scenarios:validate', { name: '/home/trainer/news-dpi.json', text });
    assert.ok(good.ok && good.value.name === 'news-dpi' && good.value.blockedHosts.length > 0);
    const bad = await service.invoke('scenarios:validate', { name: 'C:\\Users\\t\\mine.json', text: JSON.stringify({ schema: 'yoxla.lab/1', name: 'x', network: { rttMs: -5 } }) });
    assert.equal(!bad.ok && bad.error.code, 'bad-file');
    // One line naming the file (not its folder) and the bad field, as the CLI prints it.
    assert.equal(!bad.ok && bad.error.detail.startsWith('mine.json: network.rttMs:'), true, JSON.stringify(bad));
    const notScenario = await service.invoke('scenarios:validate', { name: 'run.json', text: '{"schema":"yoxla.run/1"}' });
    assert.equal(!notScenario.ok && notScenario.error.code, 'bad-file');
  });
});

test('history:open, history:delete and history:compare of runs that are not there', async () => {
  await withService(async ({ service }) => {
    const open = await service.invoke('history:open', { historyId: '20260101T000000Z-lab-abcdef' });
    assert.equal(!open.ok && open.error.code, 'not-found');
    const del = await service.invoke('history:delete', { historyId: '20260101T000000Z-lab-abcdef' });
    assert.deepEqual(del, { ok: true, value: { deleted: false } });
    const compare = await service.invoke('history:compare', { historyIds: ['a', 'b'] });
    assert.equal(!compare.ok && compare.error.code, 'not-found');
    const exported = await service.invoke('report:export', { historyId: 'a', format: 'html', lang: 'en' });
    assert.equal(!exported.ok && exported.error.code, 'not-found');
    assert.deepEqual(await service.invoke('run:cancel', { runId: 'run-none' }), { ok: true, value: { cancelled: false } });
  });
});

test('ooni:explain: a measurement file becomes an import run in history; links need a fetcher', async () => {
  const fetched: string[] = [];
  await withService(
    async ({ service }) => {
      const text = JSON.stringify(tiktokSniDrop());
      const entry = await service.invoke('ooni:explain', { name: '/tmp/m.json', text });
      assert.ok(entry.ok, JSON.stringify(entry));
      assert.equal(entry.value.mode, 'import');
      assert.equal(entry.value.network.asn, 'AS28787');
      assert.equal(entry.value.counts.blocked, 1);
      const run = await service.invoke('history:open', { historyId: entry.value.id });
      assert.ok(run.ok && run.value.results[0]?.method === 'tls.sni-drop', JSON.stringify(run.ok && run.value.results[0]?.method));

      const bad = await service.invoke('ooni:explain', { name: 'notes.txt', text: 'hello' });
      assert.equal(!bad.ok && bad.error.code, 'bad-file');
      const notLink = await service.invoke('ooni:explain', { link: 'https://example.org/x' });
      assert.equal(!notLink.ok && notLink.error.code, 'bad-request');

      const link = await service.invoke('ooni:explain', { link: 'https://explorer.ooni.org/m/20220914T100000Z_webconnectivity_AZ_28787_n1_0123456789abcdef' });
      assert.ok(link.ok, JSON.stringify(link));
      assert.equal(fetched.length, 1);
      assert.match(fetched[0] ?? '', /measurement_uid=20220914T100000Z_webconnectivity_AZ_28787_n1_0123456789abcdef&/);
      const list = await service.invoke('history:list', undefined);
      assert.ok(list.ok && list.value.length === 2);
    },
    {
      fetchText: async (url) => {
        fetched.push(url);
        return { ok: true, status: 200, text: async () => JSON.stringify({ raw_measurement: JSON.stringify(tiktokSniDrop()) }) };
      },
    },
  );
  await withService(async ({ service }) => {
    const link = await service.invoke('ooni:explain', { link: 'https://explorer.ooni.org/m/20220914T100000Z_webconnectivity_AZ_28787_n1_0123456789abcdef' });
    assert.equal(!link.ok && link.error.code, 'unavailable');
  });
});

const WG = `[Interface]
PrivateKey = aGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd28=
Address = 10.8.0.2/32

[Peer]
PublicKey = d29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGU=
Endpoint = 203.0.113.50:51820
AllowedIPs = 0.0.0.0/0
`;

test('vpn:split-tunnel: AllowedIPs without the services, the config rewritten, names resolved only with a resolver', async () => {
  await withService(
    async ({ service }) => {
      const plain = await service.invoke('vpn:split-tunnel', { exclude: ['192.0.2.10', '198.51.100.0/24'] });
      assert.ok(plain.ok);
      assert.equal(plain.value.conf, null);
      assert.ok(plain.value.allowedIps.includes('0.0.0.0/1'));
      assert.ok(!plain.value.allowedIps.some((c) => c === '192.0.2.10/32' || c === '198.51.100.0/24'));
      assert.ok(plain.value.allowedIps.includes('::/0'));

      const named = await service.invoke('vpn:split-tunnel', { exclude: ['kapitalbank.az'], wireguard: WG });
      assert.ok(named.ok, JSON.stringify(named));
      assert.ok(named.value.conf?.includes('PrivateKey = aGVsbG8'), 'the rest of the config is kept');
      assert.match(named.value.conf ?? '', /AllowedIPs = 0\.0\.0\.0\/1, /);
      assert.ok(!named.value.allowedIps.includes('::/0'), 'a config without IPv6 does not start routing it');

      const nonsense = await service.invoke('vpn:split-tunnel', { exclude: ['not a host!'] });
      assert.equal(!nonsense.ok && nonsense.error.code, 'bad-request');
      const noPeer = await service.invoke('vpn:split-tunnel', { exclude: ['192.0.2.1'], wireguard: '[Interface]\nAddress = 10.0.0.2/32\n' });
      assert.equal(!noPeer.ok && noPeer.error.code, 'bad-file');
    },
    { resolveHost: async (host) => (host === 'kapitalbank.az' ? ['192.0.2.77'] : []) },
  );
  // Without a resolver (and none is made up): IPs work, names say so.
  const { createBridgeService } = await import('../../main/bridge/service.ts');
  const { createInProcessExecutor } = await import('../../main/bridge/executor.ts');
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(join(tmpdir(), 'yoxla-bridge-bare-'));
  try {
    const bare = createBridgeService({ storage: { dataDir: dir }, executor: createInProcessExecutor(), chooseSavePath: async () => null, printPdf: noPdf, log: () => undefined });
    const name = await bare.invoke('vpn:split-tunnel', { exclude: ['kapitalbank.az'] });
    assert.equal(!name.ok && name.error.code, 'unavailable');
    const ip = await bare.invoke('vpn:split-tunnel', { exclude: ['192.0.2.1'] });
    assert.ok(ip.ok);
    const state = await bare.invoke('vpn:state', undefined);
    assert.deepEqual(state, { ok: true, value: { vpn: 'unknown', firstPhase: null } });
    await bare.invoke('settings:set', { consentAccepted: true });
    const phase = await bare.invoke('vpn:phase', {});
    assert.equal(!phase.ok && phase.error.code, 'unavailable');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an answer that fails its schema becomes an error value and is logged, never thrown', async () => {
  await withService(
    async ({ service, logs }) => {
      const state = await service.invoke('vpn:state', undefined);
      assert.equal(state.ok, false);
      assert.equal(!state.ok && state.error.code, 'io');
      assert.ok(logs.some((l) => l.startsWith('vpn:state: invalid response')), logs.join('\n'));
    },
    {
      vpn: {
        // A detector answering outside the contract's words.
        detect: async () => ({ state: 'probably' as 'on', evidence: [], egress: null }),
      },
    },
  );
  await withService(
    async ({ service }) => {
      const state = await service.invoke('vpn:state', undefined);
      assert.equal(!state.ok && state.error.code, 'io');
      assert.match(!state.ok ? state.error.detail : '', /interfaces exploded/);
    },
    {
      vpn: {
        detect: async () => {
          throw new Error('interfaces exploded');
        },
      },
    },
  );
});
