// `yoxla vpn`'s two phases with the measuring faked by recorded runs: saving, resuming, pairing
// the runs by VPN state, the user's word, stale and broken session files, and the command's output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pairRuns, runVpnPhase, type Measured } from '../../main/vpn/guided.ts';
import { defaultSessionPath, loadSession } from '../../main/vpn/session.ts';
import { commandVpn } from '../../main/commands/vpn.ts';
import { UsageError } from '../../main/commands/usage-error.ts';
import { RunSchema, type Run } from '../../main/contract/run.ts';
import { refuses, run, state, works } from '../support/vpn-runs.ts';

const HOSTS = ['kapitalbank.az', 'my.gov.az', 'www.nar.az'];
/** With the VPN: the bank and myGov refuse the foreign address, the operator does not. */
const withVpn = (): Measured => ({
  run: run([refuses('kapitalbank.az'), refuses('my.gov.az'), works('www.nar.az')], { cc: 'NL', asn: 'AS9009', vpn: 'on' }),
  state: state('on', { asn: 'AS9009', cc: 'NL' }),
});
const withoutVpn = (): Measured => ({ run: run(HOSTS.map(works), { at: '2026-11-23T10:05:00.000Z' }), state: state('off', { asn: 'AS29049', cc: 'AZ' }) });

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'yoxla-vpn-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const exists = (path: string) => access(path).then(() => true, () => false);

function deps(dir: string, measurements: Measured[], now = () => new Date('2026-11-23T10:10:00Z')) {
  const queue = [...measurements];
  return {
    sessionPath: join(dir, 'vpn-session.json'),
    now,
    measure: async () => {
      const next = queue.shift();
      if (!next) throw new Error('measured more often than expected');
      return next;
    },
  };
}

test('phase 1 saves the run with the VPN as it is; phase 2 after the toggle compares and clears', async () => {
  await withDir(async (dir) => {
    const d = deps(dir, [withVpn(), withoutVpn()]);
    const first = await runVpnPhase(d);
    assert.equal(first.kind, 'first');
    assert.ok(await exists(d.sessionPath));
    const saved = await loadSession(d.sessionPath, d.now());
    assert.equal(saved.session?.first.state.state, 'on');

    const second = await runVpnPhase(d);
    assert.equal(second.kind, 'compared');
    if (second.kind !== 'compared') return;
    assert.deepEqual(
      second.run.vpnImpact.map((i) => [i.host, i.verdict]),
      [
        ['kapitalbank.az', 'breaks-with-vpn'],
        ['my.gov.az', 'breaks-with-vpn'],
        ['www.nar.az', 'works-both'],
      ],
    );
    // The run JSON is the run without the VPN, from the first run's start to the second's end.
    assert.equal(second.run.network.cc, 'AZ');
    assert.equal(second.run.network.vpn, 'off');
    assert.equal(second.run.mode, 'vpn');
    assert.equal(second.run.startedAt, '2026-11-23T10:00:00.000Z');
    RunSchema.parse(second.run);
    assert.equal(await exists(d.sessionPath), false, 'a finished comparison leaves no session');
  });
});

test('the order does not matter: VPN off first, then on', async () => {
  await withDir(async (dir) => {
    const d = deps(dir, [withoutVpn(), withVpn()]);
    assert.equal((await runVpnPhase(d)).kind, 'first');
    const second = await runVpnPhase(d);
    assert.equal(second.kind, 'compared');
    if (second.kind === 'compared') assert.equal(second.run.vpnImpact.filter((i) => i.verdict === 'breaks-with-vpn').length, 2);
  });
});

test('the same state twice compares nothing and keeps the first run; the user can say what it is', async () => {
  await withDir(async (dir) => {
    const d = deps(dir, [withVpn(), withVpn(), { ...withoutVpn(), state: state('on') }]);
    await runVpnPhase(d);
    const same = await runVpnPhase(d);
    assert.equal(same.kind, 'same-state');
    assert.ok(await exists(d.sessionPath));
    // Detection says on, the user says off (a VPN Yoxla mistakes): the user's word wins.
    const declared = await runVpnPhase(d, { declared: 'off' });
    assert.equal(declared.kind, 'compared');
    if (declared.kind === 'compared') assert.equal(declared.second.evidence[0]?.code, 'declared-by-user');
  });
});

test('pairing: one known state decides the other; with none known, the egress country decides', () => {
  const az = run([], { cc: 'AZ' });
  const nl = run([], { cc: 'NL' });
  const zz = run([], { cc: 'ZZ' });
  assert.equal(pairRuns({ state: 'on', run: zz }, { state: 'unknown', run: zz }), 'first-is-vpn');
  assert.equal(pairRuns({ state: 'unknown', run: zz }, { state: 'off', run: zz }), 'first-is-vpn');
  assert.equal(pairRuns({ state: 'unknown', run: zz }, { state: 'on', run: zz }), 'second-is-vpn');
  assert.equal(pairRuns({ state: 'off', run: zz }, { state: 'off', run: zz }), 'same');
  assert.equal(pairRuns({ state: 'unknown', run: az }, { state: 'unknown', run: nl }), 'second-is-vpn');
  assert.equal(pairRuns({ state: 'unknown', run: nl }, { state: 'unknown', run: az }), 'first-is-vpn');
  assert.equal(pairRuns({ state: 'unknown', run: zz }, { state: 'unknown', run: az }), 'unknown');
  assert.equal(pairRuns({ state: 'unknown', run: nl }, { state: 'unknown', run: nl }), 'unknown');
});

test('neither state known nor countries telling: undecidable, and the first run stays', async () => {
  await withDir(async (dir) => {
    const unknownRun = (m: Measured): Measured => ({ run: { ...m.run, network: { ...m.run.network, cc: 'ZZ', asn: 'AS0' } }, state: state('unknown') });
    const d = deps(dir, [unknownRun(withVpn()), unknownRun(withoutVpn())]);
    await runVpnPhase(d);
    assert.equal((await runVpnPhase(d)).kind, 'undecidable');
    assert.ok(await exists(d.sessionPath));
  });
});

test('an interrupted or offline run is never saved nor compared', async () => {
  await withDir(async (dir) => {
    const stopped = { ...withVpn(), run: { ...withVpn().run, interrupted: true } };
    const offline = { ...withVpn(), run: run([], { connectivity: 'offline' }) };
    const d = deps(dir, [stopped, offline]);
    assert.deepEqual([(await runVpnPhase(d)).kind, await exists(d.sessionPath)], ['not-measured', false]);
    const second = await runVpnPhase(d);
    assert.ok(second.kind === 'not-measured' && second.reason === 'no-connection');
    assert.equal(await exists(d.sessionPath), false);
  });
});

test('a stale or broken session is discarded with a note; --restart starts again', async () => {
  await withDir(async (dir) => {
    const d = deps(dir, [withVpn(), withVpn(), withVpn()]);
    await writeFile(d.sessionPath, '{"schema": "yoxla.vpn-session/1", "savedAt": 12');
    const broken = await runVpnPhase(d);
    assert.ok(broken.kind === 'first' && broken.note === 'unreadable');
    const later = { ...d, now: () => new Date('2026-11-25T10:00:00Z') };
    const stale = await runVpnPhase(later);
    assert.ok(stale.kind === 'first' && stale.note === 'stale');
    const restarted = await runVpnPhase(later, { restart: true });
    assert.ok(restarted.kind === 'first' && restarted.note === undefined);
  });
});

test('the session lives in $YOXLA_HOME or ~/.yoxla', () => {
  assert.equal(defaultSessionPath({ YOXLA_HOME: '/tmp/yh' }), join('/tmp/yh', 'vpn-session.json'));
  assert.match(defaultSessionPath({}), /\.yoxla[\\/]vpn-session\.json$/);
});

function capture() {
  const out = { stdout: '', stderr: '' };
  return { io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), isTTY: false }, out };
}

test('yoxla vpn: first run says what to toggle; second prints verdicts, split-tunnel help and writes the JSON', async () => {
  await withDir(async (dir) => {
    const d = deps(dir, [withVpn(), withoutVpn()]);
    const json = join(dir, 'out', 'vpn-run.json');
    const cmd = { sessionPath: d.sessionPath, now: d.now, measure: d.measure, targetCount: 3 };

    const first = capture();
    assert.equal(await commandVpn(['--json', json], first.io, cmd), 0);
    assert.match(first.out.stdout, /VPN: on/);
    assert.match(first.out.stdout, /through the VPN tunnel wg0/);
    assert.match(first.out.stdout, /Now switch your VPN off, then run yoxla vpn again/);
    assert.match(first.out.stdout, /written after the second check/);
    assert.equal(await exists(json), false);

    const second = capture();
    assert.equal(await commandVpn([], second.io, cmd), 0, 'the --json of the first run is remembered');
    const text = second.out.stdout;
    assert.match(text, /kapitalbank\.az\s+works\s+fails: it answered HTTP 403 \(forbidden\)\s+works only without the VPN/);
    assert.match(text, /www\.nar\.az\s+works\s+works\s+works with and without the VPN/);
    assert.match(text, /3 compared: 1 work both ways, 2 do not work with the VPN/);
    // The hosts the pages redirected to (www.) are left out with them.
    assert.match(text, /yoxla split-tunnel --wireguard YOUR\.conf --exclude kapitalbank\.az --exclude www\.kapitalbank\.az --exclude my\.gov\.az --exclude www\.my\.gov\.az\n/);
    assert.match(text, /Do not switch the VPN off for everything/);
    assert.match(text, /that you use your bank/);
    const written = RunSchema.parse(JSON.parse(await readFile(json, 'utf8'))) as Run;
    assert.deepEqual(written.vpnImpact.map((i) => i.verdict), ['breaks-with-vpn', 'breaks-with-vpn', 'works-both']);
    assert.equal(written.vpnImpact[0]?.evidence?.vpn.httpStatus, 403);
  });
});

test('yoxla vpn in Azerbaijani, and bad arguments are usage errors', async () => {
  await withDir(async (dir) => {
    const d = deps(dir, [withoutVpn()]);
    const az = capture();
    await commandVpn(['--lang', 'az'], az.io, { sessionPath: d.sessionPath, now: d.now, measure: d.measure, targetCount: 3 });
    assert.match(az.out.stdout, /VPN: söndürülüb/);
    assert.match(az.out.stdout, /İndi VPN-i qoşun/);
    for (const args of [['--vpn', 'maybe'], ['--lang', 'ru'], ['extra'], ['--concurrency', '0']]) {
      await assert.rejects(commandVpn(args, capture().io, { sessionPath: d.sessionPath, measure: d.measure }), UsageError, args.join(' '));
    }
  });
});
