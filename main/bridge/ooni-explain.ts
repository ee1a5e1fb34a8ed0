// ooni:explain — OONI measurements (a file's text, or an OONI Explorer link fetched from OONI's
// API) judged by Yoxla's analysis, as `yoxla explain` does, and kept as a run with mode `import`.
import type { ExplainRequest } from '../contract/bridge.ts';
import type { Run } from '../contract/run.ts';
import { importedRun } from '../commands/explain.ts';
import { fetchMeasurement, importedResult, measurementUidOf, parseMeasurements, type FetchLike } from '../report/ooni-import.ts';
import { BridgeFailure } from './errors.ts';

const baseName = (name: string): string => name.split(/[\\/]/).pop() || 'measurement';

export async function explainOoni(request: ExplainRequest, fetchText: FetchLike | undefined): Promise<Run> {
  let measurements;
  if ('link' in request) {
    const uid = measurementUidOf(request.link.trim());
    if (!uid) throw new BridgeFailure('bad-request', 'not an OONI Explorer link or measurement id');
    if (!fetchText) throw new BridgeFailure('unavailable', 'fetching from OONI is not available here');
    measurements = await fetchMeasurement(uid, fetchText);
  } else {
    measurements = parseMeasurements(request.text.replace(/^\uFEFF/, ''), baseName(request.name));
  }
  if (measurements.length === 0) throw new BridgeFailure('bad-file', 'no OONI measurement in it');
  return importedRun(measurements, measurements.map(importedResult));
}
