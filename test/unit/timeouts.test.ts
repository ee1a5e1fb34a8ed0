// Adaptive timeouts, the stagger of a re-check and the calibrated wait (README "Timeouts").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibratedWaitMs, deriveTimeouts, OONI_TIMEOUTS, STAGGER_FLOOR_MS, staggerMs } from '../../main/engine/timeouts.ts';
import { startDeadline } from '../../main/engine/deadline.ts';

test('timeouts follow the round trip between their floor and OONI’s fixed value', () => {
  const t = deriveTimeouts(100);
  assert.equal(t.tls, 1000);
  assert.equal(t.tcp, 800);
  assert.equal(deriveTimeouts(400).tls, 2400);
  assert.equal(deriveTimeouts(5000).tls, OONI_TIMEOUTS.tls);
  assert.equal(OONI_TIMEOUTS.rttMs, null);
});

test('a re-check starts a few round trips in: after a healthy step, before half its timeout', () => {
  const t = deriveTimeouts(100);
  // A TLS 1.3 handshake with its connect takes two round trips; the re-check waits three.
  assert.ok(staggerMs('tls', t) >= 3 * 100);
  assert.ok(staggerMs('tcp', t) >= 2 * 100);
  for (const rtt of [0, 5, 100, 400, 2000]) {
    const at = deriveTimeouts(rtt);
    for (const step of ['dns', 'tcp', 'tls'] as const) {
      assert.ok(staggerMs(step, at) <= at[step] / 2 + 1, `${step} at ${rtt} ms`);
      assert.ok(staggerMs(step, at) >= Math.min(STAGGER_FLOOR_MS, at[step] / 2), `${step} at ${rtt} ms`);
    }
  }
  // Unknown round trip: half the (fixed) timeout.
  assert.equal(staggerMs('tls', OONI_TIMEOUTS), OONI_TIMEOUTS.tls / 2);
});

test('the calibrated wait is three harmless handshakes, at least half the timeout, at most all of it', () => {
  const t = deriveTimeouts(100);
  assert.equal(calibratedWaitMs(220, t), 660);
  assert.equal(calibratedWaitMs(50, t), t.tls / 2);
  assert.equal(calibratedWaitMs(700, t), t.tls);
  // A slow server's slow harmless answer gives its real name the whole timeout.
  assert.equal(calibratedWaitMs(7 * 100, t), t.tls);
});

test('a deadline cut short by timeUp reads as a timeout, not an interruption', () => {
  const timeUp = new AbortController();
  const deadline = startDeadline(60_000, undefined, timeUp.signal);
  timeUp.abort();
  assert.equal(deadline.signal.aborted, true);
  assert.equal(deadline.failure(new Error('aborted')), 'generic_timeout_error');
  deadline.dispose();
  const outer = new AbortController();
  const stopped = startDeadline(60_000, outer.signal, new AbortController().signal);
  outer.abort();
  assert.equal(stopped.failure(new Error('aborted')), 'interrupted');
  stopped.dispose();
});
