// app:// serves only the renderer's own files: no way out of the folder, no other host, GET and
// HEAD only, the security headers on every answer (errors included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import fc from 'fast-check';
import { APP_CSP } from '../../main/app/csp.ts';
import { appFileFor, appRequestHandler, contentTypeOf } from '../../main/app/protocol.ts';
import { scratch } from './scratch.ts';

const tempDir = scratch('yoxla-protocol');

const ROOT = join(sep, 'opt', 'yoxla', 'renderer');

test('URLs of the app name files inside the renderer folder; / is the index page', () => {
  assert.deepEqual(appFileFor('app://yoxla/', ROOT), { ok: true, file: join(ROOT, 'index.html') });
  assert.deepEqual(appFileFor('app://yoxla/index.html', ROOT), { ok: true, file: join(ROOT, 'index.html') });
  assert.deepEqual(appFileFor('app://yoxla/assets/index-Dk3.js?v=1#x', ROOT), { ok: true, file: join(ROOT, 'assets', 'index-Dk3.js') });
  assert.deepEqual(appFileFor('app://yoxla/assets/noto%20sans.woff2', ROOT), { ok: true, file: join(ROOT, 'assets', 'noto sans.woff2') });
});

test('no way out of the folder, no other host, no hidden files', () => {
  // The URL parser already folds plain and %2e dot segments: these name files inside the folder.
  assert.deepEqual(appFileFor('app://yoxla/../../etc/passwd', ROOT), { ok: true, file: join(ROOT, 'etc', 'passwd') });
  assert.deepEqual(appFileFor('app://yoxla/%2e%2e/%2e%2e/etc/passwd', ROOT), { ok: true, file: join(ROOT, 'etc', 'passwd') });
  for (const url of [
    'app://yoxla/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://yoxla/.env',
    'app://yoxla/assets/.git/config',
    'app://other/index.html',
    'app://yoxla.evil/index.html',
    'https://yoxla/index.html',
    'file:///etc/passwd',
  ]) {
    assert.deepEqual(appFileFor(url, ROOT), { ok: false, status: 404 }, url);
  }
  for (const url of ['app://yoxla/%E0%A4%A', 'app://yoxla/a%00.html', 'app://yoxla/..%5c..%5cwindows%5cwin.ini', 'not a url']) {
    assert.deepEqual(appFileFor(url, ROOT), { ok: false, status: 400 }, url);
  }
});

test('whatever the path, the file named is inside the renderer folder', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constantFrom('..', '.', '%2e%2e', '%2f', '%5c', '%00', 'assets', 'index.html', ''), fc.string()), { maxLength: 8 }), (segments) => {
      const target = appFileFor(`app://yoxla/${segments.join('/')}`, ROOT);
      if (target.ok) assert.ok(target.file.startsWith(ROOT + sep), target.file);
    }),
  );
});

test('content types of the built renderer', () => {
  assert.equal(contentTypeOf('a/index.html'), 'text/html; charset=utf-8');
  assert.equal(contentTypeOf('a/x.JS'), 'text/javascript; charset=utf-8');
  assert.equal(contentTypeOf('a/x.css'), 'text/css; charset=utf-8');
  assert.equal(contentTypeOf('a/x.woff2'), 'font/woff2');
  assert.equal(contentTypeOf('a/x.svg'), 'image/svg+xml');
  assert.equal(contentTypeOf('a/x.exe'), 'application/octet-stream');
});

test('the handler: files with the CSP and nosniff, 404/405 with them too, HEAD without a body', async () => {
  const root = await tempDir();
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><p>hi</p>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  const handle = appRequestHandler(root);

  const index = await handle(new Request('app://yoxla/'));
  assert.equal(index.status, 200);
  assert.equal(await index.text(), '<!doctype html><p>hi</p>');
  const script = await handle(new Request('app://yoxla/assets/app.js'));
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  const head = await handle(new Request('app://yoxla/assets/app.js', { method: 'HEAD' }));
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');

  const missing = await handle(new Request('app://yoxla/nothing.js'));
  assert.equal(missing.status, 404);
  const folder = await handle(new Request('app://yoxla/assets'));
  assert.equal(folder.status, 404);
  const post = await handle(new Request('app://yoxla/index.html', { method: 'POST', body: 'x' }));
  assert.equal(post.status, 405);

  for (const response of [index, script, head, missing, folder, post]) {
    assert.equal(response.headers.get('content-security-policy'), APP_CSP);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(response.headers.get('x-dns-prefetch-control'), 'off');
  }
});

test('a read error other than a missing file is a 500, not a crash', async () => {
  const handle = appRequestHandler(ROOT, async () => {
    throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
  });
  assert.equal((await handle(new Request('app://yoxla/index.html'))).status, 500);
});
