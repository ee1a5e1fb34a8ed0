// Reports to PDF: a hidden window with JavaScript off, sandboxed, in a session of its own that
// serves the one report document from memory and refuses everything else; the window is gone
// afterwards, whether printing worked or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { createPrintPdf, PDF_OPTIONS, PRINT_PARTITION, printRequestHandler } from '../../main/app/pdf.ts';
import { createFakeElectron } from './fake-electron.ts';

const REPORT = '<!doctype html><html><head><style>body{font:12px sans-serif}</style></head><body><h1>Hesabat</h1></body></html>';

function setup() {
  const fake = createFakeElectron({ userData: tmpdir() });
  fake.makeReady();
  const log: string[] = [];
  const printPdf = createPrintPdf(fake.electron, (m) => log.push(m));
  return { fake, printPdf, log };
}

test('the report is printed in a hidden, sandboxed window with JavaScript off, in its own session', async () => {
  const { fake, printPdf } = setup();
  const pdf = await printPdf(REPORT);
  assert.equal(new TextDecoder().decode(pdf.slice(0, 5)), '%PDF-');
  assert.equal(fake.windows.length, 1);
  const window = fake.windows[0] ?? assert.fail('no window');
  assert.deepEqual(window.options, {
    show: false,
    width: 794,
    height: 1123,
    webPreferences: {
      partition: PRINT_PARTITION,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: false,
    },
  });
  assert.equal(PRINT_PARTITION.startsWith('persist:'), false, 'in memory: nothing of a report stays on disk');
  assert.match(window.loadedUrls[0] ?? '', /^app:\/\/print\/[0-9a-f-]{36}\.html$/);
  assert.deepEqual(window.webContents.pdfOptions, [PDF_OPTIONS]);
  assert.equal(window.destroyed, true, 'the window is gone afterwards');
});

test('the print session serves that one document, once, and refuses everything else', async () => {
  const { fake, printPdf } = setup();
  await printPdf(REPORT);
  const session = fake.sessions.get(PRINT_PARTITION) ?? assert.fail('no print session');
  const handler = session.protocolHandlers.get('app') ?? assert.fail('no handler');
  const url = fake.windows[0]?.loadedUrls[0] ?? assert.fail('nothing loaded');
  assert.equal((await handler(new Request(url))).status, 404, 'the document is forgotten after printing');

  assert.equal(session.askPermission('media'), false);
  assert.equal(session.permissionCheckHandler?.(null, 'geolocation', 'app://print', {}), false);
  assert.equal(session.spellCheckerEnabled, false);
  assert.equal(session.request(url), false);
  assert.equal(session.request('data:image/png;base64,AAAA'), false);
  for (const other of ['https://example.org/pixel.gif', 'app://yoxla/index.html', 'file:///etc/passwd', 'http://127.0.0.1/']) {
    assert.equal(session.request(other), true, other);
  }
});

test('the document handler: only a known token, only GET, with a no-script CSP', async () => {
  const documents = new Map([['0b3f2a9e-1111-4c4c-8d8d-123456789abc', REPORT]]);
  const handle = printRequestHandler(documents);
  const ok = await handle(new Request('app://print/0b3f2a9e-1111-4c4c-8d8d-123456789abc.html'));
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), REPORT);
  assert.match(ok.headers.get('content-security-policy') ?? '', /script-src 'none'/);
  assert.equal((await handle(new Request('app://print/0b3f2a9e-1111-4c4c-8d8d-000000000000.html'))).status, 404);
  assert.equal((await handle(new Request('app://print/../index.html'))).status, 404);
  assert.equal((await handle(new Request('app://print/0b3f2a9e-1111-4c4c-8d8d-123456789abc.html', { method: 'POST', body: '' }))).status, 404);
});

test('a failed print still closes the window and forgets the document; the error reaches the caller', async () => {
  const { fake, printPdf } = setup();
  const original = fake.BrowserWindow.prototype.loadURL;
  fake.BrowserWindow.prototype.loadURL = async function (this: InstanceType<typeof fake.BrowserWindow>, url: string) {
    await original.call(this, url);
    this.webContents.printResult = new Error('printing failed');
  };
  try {
    await assert.rejects(printPdf(REPORT), /printing failed/);
  } finally {
    fake.BrowserWindow.prototype.loadURL = original;
  }
  const window = fake.windows[0] ?? assert.fail('no window');
  assert.equal(window.destroyed, true);
  const handler = fake.sessions.get(PRINT_PARTITION)?.protocolHandlers.get('app') ?? assert.fail('no handler');
  assert.equal((await handler(new Request(window.loadedUrls[0] ?? ''))).status, 404);
});

test('two reports at once get two documents and two windows', async () => {
  const { fake, printPdf } = setup();
  await Promise.all([printPdf(REPORT), printPdf(REPORT.replace('Hesabat', 'Report'))]);
  assert.equal(fake.windows.length, 2);
  assert.notEqual(fake.windows[0]?.loadedUrls[0], fake.windows[1]?.loadedUrls[0]);
  assert.equal(fake.sessions.size, 1, 'one print session, hardened once');
});
