// The DNS answers table names whose lookup each row is: with the three roles, the person's own
// (operating-system) lookup and the provider's resolver are two rows, never one mislabelled one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsRows } from '../../main/analysis/evidence-text.ts';

test('a run with the os and network roles shows the device and the provider apart', () => {
  const rows = dnsRows({ system: ['192.0.2.10'], network: [], doh: ['192.0.2.10'], control: ['192.0.2.10'] });
  assert.deepEqual(rows, [
    ['os', ['192.0.2.10']],
    ['system', []],
    ['doh', ['192.0.2.10']],
    ['control', ['192.0.2.10']],
  ]);
});

test('an older run or OONI data without a network row keeps the resolver label', () => {
  const rows = dnsRows({ system: ['198.51.100.9'], doh: [], control: ['192.0.2.10'] });
  assert.deepEqual(
    rows.map(([key]) => key),
    ['system', 'doh', 'control'],
  );
});
