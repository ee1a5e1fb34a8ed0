// Kernel-level proof for the split strategies: in a network namespace the test makes, iptables
// drops every packet that carries the blocked server name (`-m string`, matching per packet, as
// many DPI boxes do). The plain dial's ClientHello is dropped; the same engine over the
// `tcp-split` dialer, whose ClientHello leaves in two segments cut inside the name, reaches the
// origin and gets its page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namespacesUnavailable, run } from './netns.ts';
import type { HttpObservation, TlsObservation } from '../../main/contract/observations.ts';

const NS = `yoxla-s${process.pid}`;
const NAME = 'blocked.example';

const reason = namespacesUnavailable(`${NS}-probe`);
if (reason) console.log(`# kernel-level strategy test skipped: ${reason}`);

type Outcome = Record<'plain' | 'tcp-split' | 'tls-record-split', { tls: TlsObservation; http: HttpObservation[] }>;

let probed: Outcome | undefined;

/** One namespace and one probe process for both tests. */
function probeBehindStringMatch(): Outcome {
  probed ??= probeOnce();
  return probed;
}

function probeOnce(): Outcome {
  const ns = `${NS}-drop`;
  assert.ok(run(['ip', 'netns', 'add', ns]).ok);
  try {
    assert.ok(run(['ip', 'netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']).ok);
    const added = run(['ip', 'netns', 'exec', ns, 'iptables', '-A', 'INPUT', '-p', 'tcp', '-m', 'string', '--string', NAME, '--algo', 'bm', '-j', 'DROP']);
    assert.ok(added.ok, added.out);
    const probe = run(['ip', 'netns', 'exec', ns, process.execPath, '--import', 'tsx', 'test/kernel/strategies-probe-in-netns.ts', NAME]);
    assert.ok(probe.ok, probe.out);
    // The rule must really have seen (and dropped) the plain ClientHello, or the test proves nothing.
    const counters = run(['ip', 'netns', 'exec', ns, 'iptables', '-L', 'INPUT', '-v', '-n', '-x']);
    const dropped = /^\s*(\d+)\s+\d+\s+DROP/m.exec(counters.out)?.[1];
    assert.ok(Number(dropped) > 0, `the string rule dropped nothing:\n${counters.out}`);
    return JSON.parse(probe.out) as Outcome;
  } finally {
    run(['ip', 'netns', 'del', ns]);
  }
}

test('iptables string match drops the plain ClientHello; tcp-split gets through to the origin', { skip: reason ?? false }, () => {
  const outcome = probeBehindStringMatch();
  assert.equal(outcome.plain.tls.failure, 'generic_timeout_error', 'the plain dial is dropped');
  assert.deepEqual(outcome.plain.http, []);

  const split = outcome['tcp-split'];
  assert.equal(split.tls.failure, null, 'the split ClientHello passes the per-packet matcher');
  assert.equal(split.tls.verified, true, "the origin's certificate validates for the real name");
  assert.equal(split.tls.serverName, NAME);
  const page = split.http.at(-1);
  assert.equal(page?.failure, null);
  assert.equal(page?.status, 200);
  assert.equal(page?.title, 'origin');
});

test('a ClientHello re-framed as two TLS records also hides the whole name from a per-packet matcher', { skip: reason ?? false }, () => {
  const outcome = probeBehindStringMatch();
  const record = outcome['tls-record-split'];
  assert.equal(record.tls.failure, null);
  assert.equal(record.tls.verified, true);
  assert.equal(record.http.at(-1)?.status, 200);
});
