// report:upload — a run's measurements to an OONI collector, after the person's standing consent
// (Settings) and their confirmation for this run (checked by the service and the contract). The
// same export as `yoxla report --upload`: private (no IP, no local names), lab runs never to OONI.
import type { UploadResult } from '../contract/bridge.ts';
import type { Run } from '../contract/run.ts';
import { exportMeasurements, makeRedactor, privateRun } from '../report/index.ts';
import { DEFAULT_COLLECTOR, UploadError, uploadMeasurements, uploadRefusal } from '../report/upload.ts';
import { BridgeFailure } from './errors.ts';
import type { ConfirmUpload } from './types.ts';

/** Runs that are the person's own measurements; imports (OONI's own data, a participant's run) are not theirs to publish. */
const OWN_MODES = new Set(['check', 'vpn', 'lab']);

export async function uploadRun(
  run: Run,
  target: { collector?: string; fetch?: typeof fetch; backoffMs?: number },
  confirm?: ConfirmUpload,
): Promise<UploadResult> {
  if (!OWN_MODES.has(run.mode ?? 'check')) throw new BridgeFailure('upload-refused', 'not-own-measurement');
  const { measurements } = exportMeasurements(privateRun(run, { includeIp: false }).run, makeRedactor({ publicIp: run.network.ip }));
  const refusal = uploadRefusal(run, measurements, target.collector !== undefined);
  if (refusal) throw new BridgeFailure('upload-refused', refusal);
  const collector = target.collector ?? DEFAULT_COLLECTOR;
  // The last word is the main process's own: nothing is sent without a native yes to this upload.
  if (!confirm || !(await confirm({ count: measurements.length, collector }))) throw new BridgeFailure('upload-declined', 'not confirmed in the app');
  try {
    const uploaded = await uploadMeasurements(measurements, {
      collector,
      ...(target.fetch ? { fetch: target.fetch } : {}),
      ...(target.backoffMs !== undefined ? { backoffMs: target.backoffMs } : {}),
    });
    return { collector, uploaded: uploaded.map((u) => ({ testName: u.testName, input: u.input, measurementUid: u.measurementUid })) };
  } catch (err) {
    if (err instanceof UploadError) throw new BridgeFailure('upload-failed', err.message);
    throw err;
  }
}
