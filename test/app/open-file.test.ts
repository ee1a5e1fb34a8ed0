// Opening a file from the File menu or by drag-and-drop: read with a limit, recognised by its
// content, and validated by the real bridge service like anything else (a scenario as `yoxla lab`
// checks it, a participant's run as `yoxla report` reads it, an OONI measurement as `yoxla explain`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBridgeService } from '../../main/bridge/service.ts';
import { FileOpenedEventSchema, MAX_OPEN_BYTES, kindOfText, openFile } from '../../main/app/open-file.ts';
import { SCENARIOS_DIR } from '../../main/paths.ts';
import { sampleRun } from '../support/report-fixtures.ts';
import { createFakeService } from './fake-service.ts';
import { scratch } from './scratch.ts';

const tempDir = scratch('yoxla-open');

const ROOT = join(import.meta.dirname, '..', '..');

async function realService() {
  const dataDir = await tempDir();
  return createBridgeService({
    storage: { dataDir },
    executor: { execute: async () => assert.fail('no run here') },
    chooseSavePath: async () => null,
    printPdf: async () => assert.fail('no pdf here'),
    log: () => undefined,
  });
}

test('what a file is comes from its content', () => {
  assert.equal(kindOfText('{"schema":"yoxla.lab/1","name":"x"}'), 'scenario');
  assert.equal(kindOfText('\n {"schema":"yoxla.run/1"}'), 'run');
  assert.equal(kindOfText('{"test_name":"web_connectivity","test_keys":{}}'), 'ooni');
  assert.equal(kindOfText('{"test_name":"web_connectivity","test_keys":{}}\n{"test_name":"web_connectivity","test_keys":{}}\n'), 'ooni');
  assert.equal(kindOfText('not json at all'), 'run', 'the run importer says what is wrong with it');
  assert.equal(kindOfText('{"schema":"yoxla.lab/1"'), 'run');
});

test('a bundled scenario file is validated by the service and comes back with its text', async () => {
  const service = await realService();
  const path = join(SCENARIOS_DIR, 'az-2022-tiktok.json');
  const event = await openFile(path, service);
  assert.equal(event.kind, 'scenario');
  assert.ok(FileOpenedEventSchema.safeParse(event).success);
  if (event.kind !== 'scenario') return;
  assert.equal(event.name, 'az-2022-tiktok.json');
  assert.equal(event.text, await readFile(path, 'utf8'));
  assert.equal(event.info.name, 'az-2022-tiktok');
  assert.ok(event.info.blockedHosts.length > 0);
});

test("a participant's run goes into history; a broken one is a bad-file error naming the file", async () => {
  const service = await realService();
  const dir = await tempDir();
  const good = join(dir, 'aysel.json');
  await writeFile(good, `\uFEFF${JSON.stringify(sampleRun())}`);
  const imported = await openFile(good, service);
  assert.equal(imported.kind, 'history', JSON.stringify(imported));
  const list = await service.invoke('history:list', null);
  assert.ok(list.ok && list.value.length === 1 && list.value[0]?.mode === 'participant');

  const broken = join(dir, 'broken.json');
  await writeFile(broken, JSON.stringify(sampleRun()).slice(0, 200));
  const failed = await openFile(broken, service);
  assert.equal(failed.kind, 'failed');
  if (failed.kind === 'failed') {
    assert.equal(failed.error.code, 'bad-file');
    assert.match(failed.error.detail, /broken\.json/);
  }
});

test('an OONI measurement goes to ooni:explain', async () => {
  const service = createFakeService();
  service.answers.set('ooni:explain', () => ({ ok: false, error: { code: 'bad-file', detail: 'fake' } }));
  const path = join(ROOT, 'test', 'fixtures', 'ooni', 'spec-ts-017-example.json');
  await openFile(path, service);
  assert.deepEqual(service.invocations.map((i) => i.channel), ['ooni:explain']);
  assert.deepEqual(service.invocations[0]?.payload, { name: 'spec-ts-017-example.json', text: await readFile(path, 'utf8') });
});

test('too large, a folder, or missing: an error value, the service is not asked', async () => {
  const service = createFakeService();
  const dir = await tempDir();
  const large = join(dir, 'huge.json');
  await writeFile(large, '');
  await truncate(large, MAX_OPEN_BYTES + 1);
  assert.deepEqual(await openFile(large, service), { kind: 'failed', name: 'huge.json', error: { code: 'bad-file', detail: 'huge.json: larger than 50 MB' } });
  assert.deepEqual(await openFile(dir, service), { kind: 'failed', name: dir.split(/[\\/]/).pop(), error: { code: 'bad-file', detail: `${dir.split(/[\\/]/).pop()}: not a file` } });
  assert.deepEqual(await openFile(join(dir, 'gone.json'), service), { kind: 'failed', name: 'gone.json', error: { code: 'io', detail: 'gone.json: ENOENT' } });
  assert.equal(service.invocations.length, 0);
});
