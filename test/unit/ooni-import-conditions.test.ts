// OONI measurements of every kind of condition, explained by Yoxla's analysis: the verdict must be
// as strong as the data allows and never `blocked` without a control that succeeded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionCases } from '../support/ooni-conditions.ts';
import { importedResult, importMeasurement } from '../../main/report/ooni-import.ts';
import { ooniValidator } from '../support/ooni-collector.ts';

const validate = ooniValidator();

for (const c of conditionCases()) {
  test(`explain: ${c.name} -> ${c.status}${c.method ? ` (${c.method})` : ''}`, () => {
    assert.ok(validate(structuredClone(c.measurement)), `the fixture is a valid OONI measurement: ${JSON.stringify(validate.errors?.[0])}`);
    const result = importedResult(importMeasurement(c.measurement, c.name));
    assert.equal(`${result.status}/${result.method}`, `${c.status}/${c.method}`, `${result.evidence.code}: ${result.evidence.failure ?? ''}`);
    if (result.status === 'blocked') assert.notEqual(result.control, null, 'blocked needs a control');
    assert.ok(result.evidence.notes.includes('ooni-import-no-recheck'), 'one attempt: the notes say so');
  });
}
