import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLab } from '../../main/lab/lab.ts';
import { ScenarioSchema } from '../../main/lab/scenario.ts';
import { fetchVia, scenario } from './lab-support.ts';

test('a site page: status, title, headers and body, with {{publicIp}} filled in, on the domestic and control paths', async () => {
  const lab = await startLab(
    scenario({
      network: { publicIp: '198.51.100.44' },
      sites: {
        'echo.example.az': {
          page: { status: 203, title: 'Your address {{publicIp}}', headers: { 'x-seen-as': '{{publicIp}}' }, body: '<p>you are {{publicIp}}</p>' },
        },
        'retitled.example.az': { page: { title: 'Just a moment…' } },
      },
    }),
  );
  try {
    for (const path of ['domestic', 'control'] as const) {
      const echo = await fetchVia(lab, path, 'https://echo.example.az/');
      assert.equal(echo.status, 203, path);
      assert.equal(echo.title, 'Your address 198.51.100.44');
      assert.equal(echo.headers['x-seen-as'], '198.51.100.44');
      assert.match(echo.body, /<p>you are 198\.51\.100\.44<\/p>/);
      const retitled = await fetchVia(lab, path, 'https://retitled.example.az/');
      assert.equal(retitled.status, 200);
      assert.equal(retitled.title, 'Just a moment…');
      assert.ok(retitled.body.length > 1000, 'the host’s usual page, retitled');
    }
  } finally {
    await lab.close();
  }
});

test('a site page with a 3xx status and a location is a redirect, across hosts', async () => {
  const lab = await startLab(
    scenario({ sites: { 'short.example.az': { http: true, page: { status: 302, location: 'https://www.example.com/landing' } } } }),
  );
  try {
    for (const path of ['domestic', 'control'] as const) {
      const hop = await fetchVia(lab, path, 'http://short.example.az/x');
      assert.equal(hop.status, 302);
      assert.equal(hop.headers.location, 'https://www.example.com/landing');
    }
  } finally {
    await lab.close();
  }
});

test('a site page is validated: bounded sizes, one-line headers, real status codes', () => {
  const parse = (page: unknown) => ScenarioSchema.safeParse({ schema: 'yoxla.lab/1', name: 't', sites: { 'a.example': { page } } });
  assert.ok(parse({}).success);
  assert.ok(parse({ status: 302, location: 'https://b.example/' }).success);
  assert.ok(!parse({ status: 99 }).success);
  assert.ok(!parse({ status: 700 }).success);
  assert.ok(!parse({ headers: { 'x-a': 'one\r\nset-cookie: b=1' } }).success);
  assert.ok(!parse({ headers: { 'bad name': 'x' } }).success);
  assert.ok(!parse({ body: 'x'.repeat(300 * 1024) }).success);
  assert.ok(!parse({ headers: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`x-${i}`, 'v'])) }).success);
  assert.ok(!parse({ colour: 'red' }).success);
});
