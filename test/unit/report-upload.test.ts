// Submitting to an OONI collector (bk-003): against a lab collector on 127.0.0.1 that checks every
// request. No test contacts OONI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportMeasurements } from '../../main/report/ooni-export.ts';
import { makeRedactor } from '../../main/report/redact.ts';
import { uploadMeasurements, uploadRefusal, UploadError, DEFAULT_COLLECTOR } from '../../main/report/upload.ts';
import { startCollector } from '../support/ooni-collector.ts';
import { PUBLIC_IP, sampleRun } from '../support/report-fixtures.ts';

const identity = { hostname: 'amina-laptop', username: 'amina', homeDir: '/home/amina' };
const measurements = () => exportMeasurements(sampleRun(), makeRedactor({ publicIp: PUBLIC_IP, identity })).measurements;

test('opens a report per test, submits each measurement with its report id, closes, returns the ids', async () => {
  const collector = await startCollector({ forbidden: [PUBLIC_IP, 'amina'] });
  try {
    const opened: string[] = [];
    const uploaded = await uploadMeasurements(measurements(), { collector: collector.url, backoffMs: 1, onReportOpened: (test) => opened.push(test) });
    assert.deepEqual(collector.problems, []);
    assert.deepEqual(opened, ['web_connectivity']);
    assert.equal(uploaded.length, 7);
    assert.ok(uploaded.every((u) => /^20261123000000\.\d{6}_web_connectivity_/.test(u.measurementUid)));
    const [report] = [...collector.reports.values()];
    assert.equal(report?.measurements.length, 7);
    assert.equal(report?.closed, true);
    assert.equal(report?.open.probe_asn, 'AS29049');
    assert.equal(report?.open.software_name, 'yoxla');
  } finally {
    await collector.close();
  }
});

test('an overloaded collector is tried again; a refusal is not', async () => {
  const busy = await startCollector({ failFirst: 2 });
  try {
    const uploaded = await uploadMeasurements(measurements().slice(0, 1), { collector: busy.url, backoffMs: 1 });
    assert.equal(uploaded.length, 1);
    assert.deepEqual(busy.problems, []);
  } finally {
    await busy.close();
  }
  const down = await startCollector({ failFirst: 100 });
  try {
    await assert.rejects(uploadMeasurements(measurements().slice(0, 1), { collector: down.url, backoffMs: 1, tries: 3 }), (err: unknown) => err instanceof UploadError && err.tries === 3 && /HTTP 503/.test(err.message));
    assert.equal(down.requests, 3);
  } finally {
    await down.close();
  }
  const strict = await startCollector();
  try {
    const bad = measurements().slice(0, 1).map((m) => ({ ...m, probe_asn: 'Delta' }));
    await assert.rejects(uploadMeasurements(bad, { collector: strict.url, backoffMs: 1 }), (err: unknown) => err instanceof UploadError && err.tries === 1 && /HTTP 400/.test(err.message));
    assert.equal(strict.requests, 1);
  } finally {
    await strict.close();
  }
});

test('refusals: unknown network, a lab run bound for OONI, nothing to send', () => {
  const m = measurements();
  assert.equal(uploadRefusal(sampleRun({ network: { ...sampleRun().network, asn: 'AS0' } }), m, true), 'unknown-network');
  assert.equal(uploadRefusal(sampleRun({ network: { ...sampleRun().network, cc: 'ZZ' } }), m, true), 'unknown-network');
  assert.equal(uploadRefusal(sampleRun({ mode: 'lab' }), m, false), 'lab-to-ooni');
  assert.equal(uploadRefusal(sampleRun({ mode: 'lab' }), m, true), null);
  assert.equal(uploadRefusal(sampleRun(), [], false), 'nothing');
  assert.equal(uploadRefusal(sampleRun(), m, false), null);
  assert.match(DEFAULT_COLLECTOR, /^https:\/\//);
});
