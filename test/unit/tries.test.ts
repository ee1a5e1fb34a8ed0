// Staggered re-checks (main/checks/tries.ts) with steps the test answers by hand: which tries
// start, which are stopped, what is recorded and what decides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withRechecks, type RunningTries, type TryControl } from '../../main/checks/tries.ts';

interface Outcome {
  attempt: number;
  failure: string | null;
}

/** A step whose tries wait until the test settles them, or their signals end them. */
function handStep() {
  const tries: { attempt: number; control: TryControl; settle: (failure: string | null) => void }[] = [];
  let onStart: (() => void) | undefined;
  const step = (attempt: number, _timeoutMs: number, control: TryControl) =>
    new Promise<Outcome>((resolve) => {
      const settle = (failure: string | null) => resolve({ attempt, failure });
      control.signal?.addEventListener('abort', () => settle('interrupted'), { once: true });
      control.timeUp.addEventListener('abort', () => settle('generic_timeout_error'), { once: true });
      tries.push({ attempt, control, settle });
      onStart?.();
    });
  /** Resolves once `n` tries have started. */
  const whenStarted = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (tries.length >= n) resolve();
      };
      onStart = check;
      check();
    });
  return { step, tries, whenStarted };
}

test('a first try that answers before the stagger is the only try', async () => {
  const { step, tries, whenStarted } = handStep();
  const recorded: Outcome[] = [];
  const done = withRechecks('tcp', {}, 1000, (o) => recorded.push(o), step, { staggerMs: 50 });
  await whenStarted(1);
  tries[0]?.settle(null);
  const outcome = await done;
  assert.equal(outcome.failure, null);
  assert.deepEqual(recorded.map((o) => o.attempt), [0]);
  assert.equal(tries.length, 1);
});

test('a first try still waiting gets its re-check beside it; the first success stops the other, which is not recorded', async () => {
  const { step, tries, whenStarted } = handStep();
  const recorded: Outcome[] = [];
  const done = withRechecks('tls', {}, 60_000, (o) => recorded.push(o), step, { staggerMs: 5 });
  await whenStarted(2);
  assert.deepEqual(tries.map((t) => t.attempt), [0, 1]);
  tries[1]?.settle(null);
  const outcome = await done;
  assert.deepEqual(outcome, { attempt: 1, failure: null });
  assert.equal(tries[0]?.control.signal?.aborted, true);
  assert.deepEqual(recorded, [{ attempt: 1, failure: null }]);
});

test('two silent tries side by side are a believed timeout: no third try', async () => {
  const { step, tries, whenStarted } = handStep();
  const recorded: Outcome[] = [];
  const done = withRechecks('tcp', {}, 60_000, (o) => recorded.push(o), step, { staggerMs: 5 });
  await whenStarted(2);
  tries[0]?.settle('generic_timeout_error');
  tries[1]?.settle('generic_timeout_error');
  const outcome = await done;
  assert.equal(outcome.failure, 'generic_timeout_error');
  assert.deepEqual(recorded.map((o) => o.attempt).sort(), [0, 1]);
  assert.equal(tries.length, 2);
});

test("the re-check's fast failure decides what follows: more tries, one after another", async () => {
  const { step, tries, whenStarted } = handStep();
  const recorded: Outcome[] = [];
  const done = withRechecks('tls', {}, 60_000, (o) => recorded.push(o), step, { staggerMs: 5 });
  await whenStarted(2);
  tries[1]?.settle('connection_reset');
  tries[0]?.settle('generic_timeout_error');
  await whenStarted(3);
  assert.equal(tries[2]?.attempt, 2);
  tries[2]?.settle('connection_reset');
  const outcome = await done;
  // Three tries on a clean link for a fast failure.
  assert.equal(outcome.failure, 'connection_reset');
  assert.equal(tries.length, 3);
  assert.deepEqual(recorded.map((o) => o.attempt).sort(), [0, 1, 2]);
});

test('a fast failure before the stagger is re-checked after it, as without overlap', async () => {
  const { step, tries, whenStarted } = handStep();
  const done = withRechecks('tls', {}, 60_000, () => undefined, step, { staggerMs: 60_000 });
  await whenStarted(1);
  tries[0]?.settle('connection_reset');
  await whenStarted(2);
  tries[1]?.settle(null);
  assert.equal((await done).failure, null);
});

test('a calibrated wait cuts the re-check short, the first try only when asked', async () => {
  for (const firstToo of [false, true]) {
    const { step, tries, whenStarted } = handStep();
    let running: RunningTries | undefined;
    const done = withRechecks('tls', {}, 60_000, () => undefined, step, { staggerMs: 5, onOverlap: (r) => (running = r) });
    await whenStarted(2);
    running?.cutAfter(0, firstToo);
    assert.equal(tries[1]?.control.timeUp.aborted, true);
    assert.equal(tries[0]?.control.timeUp.aborted, firstToo);
    tries[0]?.settle('generic_timeout_error');
    assert.equal((await done).failure, 'generic_timeout_error');
  }
});

test('without re-checks (the OONI-like baseline) there is one try and no overlap', async () => {
  const { step, tries, whenStarted } = handStep();
  const done = withRechecks('tcp', { rechecks: false }, 60_000, () => undefined, step, { staggerMs: 1 });
  await whenStarted(1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(tries.length, 1);
  tries[0]?.settle('generic_timeout_error');
  assert.equal((await done).failure, 'generic_timeout_error');
});
