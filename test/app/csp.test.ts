// The app's Content-Security-Policy: no remote source, no inline or eval'd script, nothing framed,
// posted or fetched; Google's CSP Evaluator (the one electronegativity uses) finds nothing in it;
// the renderer's own meta tag, when it has one, is no looser; and the renderer's tests run under a
// policy the app does not undercut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { APP_CSP, appSecurityHeaders, looserThanApp, metaCsp, parseCsp, printSecurityHeaders } from '../../main/app/csp.ts';
import { RENDERER_CSP } from '../../main/bridge/csp.ts';
import { rendererDist } from '../support/renderer-server.ts';

const require = createRequire(import.meta.url);

interface CspEvaluatorModule {
  CspParser: new (policy: string) => { csp: unknown };
  CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): Array<{ severity: number; directive: string; description: string }> };
  Version: { CSP3: unknown };
}
const evaluatorPath = createRequire(require.resolve('@doyensec/electronegativity/package.json')).resolve('@doyensec/csp-evaluator');
const { CspParser, CspEvaluator, Version } = require(evaluatorPath) as CspEvaluatorModule;
const evaluate = (policy: string) => new CspEvaluator(new CspParser(policy).csp, Version.CSP3).evaluate();

test('the app policy: nothing remote, no inline or eval script, nothing framed, posted or fetched', () => {
  const csp = parseCsp(APP_CSP);
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  assert.deepEqual(csp.get('script-src'), ['app://yoxla']);
  for (const directive of ['object-src', 'base-uri', 'form-action', 'frame-ancestors', 'frame-src', 'connect-src', 'worker-src']) {
    assert.deepEqual(csp.get(directive), ["'none'"], directive);
  }
  for (const [directive, sources] of csp) {
    for (const source of sources) {
      assert.doesNotMatch(source, /^(https?:|wss?:|\*|'unsafe-eval'|'unsafe-inline'|'wasm-unsafe-eval'|blob:|filesystem:)/, `${directive} ${source}`);
    }
  }
  assert.equal(appSecurityHeaders()['content-security-policy'], APP_CSP);
  assert.equal(appSecurityHeaders()['x-content-type-options'], 'nosniff');
});

test("Google's CSP Evaluator finds nothing in the app's policy or the PDF printer's", () => {
  assert.deepEqual(evaluate(APP_CSP), []);
  const print = printSecurityHeaders()['content-security-policy'] ?? assert.fail('no print CSP');
  assert.deepEqual(evaluate(print), []);
  assert.deepEqual(parseCsp(print).get('script-src'), ["'none'"]);
  assert.deepEqual(parseCsp(print).get('default-src'), ["'none'"]);
  // The evaluator is not blind: a weak policy is flagged.
  assert.ok(evaluate("script-src 'self' 'unsafe-inline' https:").length > 0);
});

test('a meta policy is read from HTML and compared with the app policy', () => {
  const page = (policy: string) => `<!doctype html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}"></head>`;
  assert.equal(metaCsp('<html><head><title>x</title></head></html>'), null);
  assert.equal(metaCsp(page("default-src 'none'")), "default-src 'none'");
  assert.equal(metaCsp(`<meta content="default-src 'none'" http-equiv='content-security-policy'>`), "default-src 'none'");
  assert.deepEqual(looserThanApp(APP_CSP), []);
  assert.deepEqual(looserThanApp(APP_CSP.replace('script-src app://yoxla', "script-src 'self'")), [], "'self' is the app's origin");
  assert.deepEqual(looserThanApp(APP_CSP.replace('script-src app://yoxla', "script-src 'self' 'unsafe-eval'")), ["script-src allows 'unsafe-eval'"]);
  assert.deepEqual(looserThanApp(APP_CSP.replace("connect-src 'none'", 'connect-src https:')), ['connect-src allows https:']);
  assert.ok(looserThanApp("script-src 'self'").includes('object-src missing'));
});

/** What decides whether script runs and where data can go; the header (APP_CSP) covers the rest too. */
const ESSENTIAL = ['script-src', 'style-src', 'img-src', 'font-src', 'connect-src', 'object-src', 'base-uri', 'form-action'];

test('the built renderer page carries a meta policy no looser than the app policy where it matters', async (t) => {
  // The renderer as built from vite.config.ts (once per test process, as the renderer tests do).
  const built = join(await rendererDist(), 'index.html');
  const policy = metaCsp(readFileSync(built, 'utf8'));
  assert.ok(policy !== null, `${built}: no Content-Security-Policy meta tag`);
  assert.deepEqual(looserThanApp(policy, APP_CSP, ESSENTIAL), [], built);
  // Both policies apply in the app (a page obeys its header and its meta tag); other differences
  // only matter where the page runs without the header (the renderer tests' server).
  const rest = looserThanApp(policy);
  if (rest.length > 0) t.diagnostic(`meta policy looser than the header in: ${rest.join('; ')}`);
});

test("the app does not block what the renderer's tests allow it (scripts, styles, images, fonts, fetch)", () => {
  const app = parseCsp(APP_CSP);
  const renderer = parseCsp(RENDERER_CSP);
  const same = (s: string) => (s === "'self'" ? 'app://yoxla' : s);
  for (const directive of ['script-src', 'style-src', 'img-src', 'font-src', 'connect-src']) {
    const allowedInTests = (renderer.get(directive) ?? renderer.get('default-src') ?? []).map(same);
    const allowedInApp = (app.get(directive) ?? []).map(same);
    const missing = allowedInTests.filter((s) => s !== "'none'" && !allowedInApp.includes(s));
    assert.deepEqual(missing, [], `${directive}: allowed in the renderer tests, blocked in the app`);
  }
});
