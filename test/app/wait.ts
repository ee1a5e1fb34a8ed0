// Waiting in the shell's tests for a condition, never for a time: pending promise chains (dialogs,
// file reads) run first; file writes go through libuv's thread pool, which a busy machine can hold
// up for a while, so after the quick turns the wait polls at a relaxed pace (up to about 20 s).
import assert from 'node:assert/strict';

export async function until(condition: () => boolean, what = 'the condition'): Promise<void> {
  for (let i = 0; i < 2000; i += 1) {
    if (condition()) return;
    await new Promise((resolve) => (i < 1000 ? setImmediate(resolve) : setTimeout(resolve, 20)));
  }
  assert.fail(`never happened: ${what}`);
}
