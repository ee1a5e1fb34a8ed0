// Issue 19, finding 2: the PDF is printed by Chromium with the network cut off. The page here has
// no CSP (as a crafted report without one would), so only the cut-off keeps Chromium from fetching.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { findChromium, printPdf } from '../../main/report/pdf.ts';

const chromium = findChromium();

test('Chromium prints the PDF without fetching anything, loopback included', { skip: chromium ? false : 'no Chromium on this machine' }, async () => {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const html = `<!doctype html><style>body{background:url(http://127.0.0.1:${port}/css)}@import url(http://127.0.0.1:${port}/import);</style>
<img src="http://127.0.0.1:${port}/img"><img src="http://localhost:${port}/by-name"><link rel=stylesheet href="http://127.0.0.1:${port}/link"><p>report</p>`;
    const pdf = await printPdf(html, chromium as string);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.deepEqual(hits, []);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
