// `yoxla report` and `yoxla merge` as a person runs them: real lab runs, real processes, real files,
// a lab OONI collector on 127.0.0.1, Chromium and pdftotext where the machine has them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../main/lab/load.ts';
import { runLabScenario } from '../../main/lab/run-lab.ts';
import { writeRun } from '../../main/report/run-json.ts';
import type { Run } from '../../main/contract/run.ts';
import { findChromium } from '../../main/report/pdf.ts';
import { startCollector } from '../support/ooni-collector.ts';
import { ooniValidator } from '../support/ooni-collector.ts';
import { assertSelfContained } from '../support/html-checks.ts';
import { ROOT, runCli, type CliOutcome } from '../support/cli-process.ts';
import { translator } from '../../main/i18n.ts';

const dir = mkdtempSync(join(tmpdir(), 'yoxla-report-'));
/** The child processes' home folder: a path that must never show in an output. */
const HOME = join(dir, 'home-of-amina-4711');
const PUBLIC_IP = '198.51.100.7';
const SCENARIOS = join(ROOT, 'main', 'lab', 'scenarios');

/** This machine's own names, where they are distinctive enough to grep for. */
const localNames = [hostname(), userInfo().username].filter((n) => n.length >= 3 && !['root', 'user', 'localhost', 'admin'].includes(n));

function yoxla(args: string[], env: Record<string, string> = {}): Promise<CliOutcome> {
  return runCli('test/support/report-commands.ts', args, { env: { HOME, ...env } });
}

const path = (name: string) => join(dir, name);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every byte of every output: no public IP, no home folder, no local names. */
function assertPrivate(files: string[]): void {
  for (const file of files) {
    const bytes = readFileSync(file).toString('latin1');
    assert.ok(!bytes.includes(PUBLIC_IP), `${file} contains the public IP`);
    assert.ok(!bytes.includes(HOME) && !bytes.includes('amina-4711'), `${file} contains the home folder`);
    for (const name of localNames) assert.ok(!bytes.includes(name), `${file} contains ${name}`);
  }
}

let runIp: string; // made with --include-ip: the IP is in the run file
let runPlain: string; // made without: no IP anywhere
let runAzercell: string;

before(async () => {
  mkdirSync(HOME, { recursive: true });
  const delta = await loadScenario(join(SCENARIOS, 'az-2022-tiktok.json'));
  const withIp = await runLabScenario(delta, { includeIp: true });
  // A failure string that names a local path and this machine, as an engine bug might write one.
  const leaky: Run = structuredClone(withIp);
  // Where it cannot change a verdict: a header and the title of a page that worked.
  const page = leaky.results.find((r) => r.host === 'www.bbc.com')?.observations.find((o) => o.step === 'http');
  assert.ok(page && page.step === 'http');
  const leak = `${HOME}/.cache/x ${localNames.join(' ')} from ${PUBLIC_IP}`;
  page.headers['x-debug'] = leak;
  page.title = `bbc ${leak}`;
  runIp = path('run-ip.json');
  await writeRun(runIp, leaky);
  runPlain = path('run.json');
  await writeRun(runPlain, await runLabScenario(delta, { includeIp: false }));
  runAzercell = path('run-azercell.json');
  await writeRun(runAzercell, await runLabScenario(await loadScenario(join(SCENARIOS, 'az-2022-tiktok-azercell.json'))));
});

let collectorClose: (() => Promise<void>) | undefined;
after(async () => {
  await collectorClose?.();
});

test('a lab run without --include-ip has no IP in any byte', () => {
  assertPrivate([runPlain]);
  assert.match(readFileSync(runIp, 'utf8'), /198\.51\.100\.7/, 'the other run kept it, as asked');
});

test('report writes HTML, CSV and OONI JSONL from a run, re-analysed, private by default', async () => {
  const out = await yoxla(['report', runIp, '--html', path('r.html'), '--csv', path('r.csv'), '--ooni', path('r.jsonl')]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /www\.tiktok\.com\s+BLOCKED\s+tls\.sni-drop/);
  assert.match(out.stderr, /Saved the HTML report/);
  const html = readFileSync(path('r.html'), 'utf8');
  assertSelfContained(html);
  assert.ok(html.includes(sha256(runIp)), 'names the SHA-256 of the run file');
  assert.match(html, /TLS SNI filtering \(dropped\)/);
  assert.match(html, /AS29049 · Delta Telecom/);
  assert.doesNotMatch(html, /This report contains an IP address/);
  const lines = readFileSync(path('r.jsonl'), 'utf8').trim().split('\n');
  assert.equal(lines.length, 9);
  const validate = ooniValidator();
  for (const line of lines) assert.ok(validate(JSON.parse(line)), JSON.stringify(validate.errors));
  const tiktok = JSON.parse(lines[0] as string) as { input: string; test_keys: { blocking: unknown } };
  assert.equal(tiktok.input, 'https://www.tiktok.com/');
  assert.equal(tiktok.test_keys.blocking, 'http-failure');
  const csv = readFileSync(path('r.csv'), 'utf8');
  assert.equal(csv.trim().split('\r\n').length, 10);
  assertPrivate([path('r.html'), path('r.csv'), path('r.jsonl')]);
});

test('--include-ip shows the IP only when the run holds it, and says so on the first page; OONI never gets it', async () => {
  const out = await yoxla(['report', runIp, '--include-ip', '--html', path('ip.html'), '--csv', path('ip.csv'), '--ooni', path('ip.jsonl'), '--lang', 'az']);
  assert.equal(out.code, 0, out.stderr);
  const html = readFileSync(path('ip.html'), 'utf8');
  assert.ok(html.includes(PUBLIC_IP));
  assert.ok(html.indexOf('Bu hesabatda IP ünvanı var.') < html.indexOf('id="summary"'));
  assert.ok(readFileSync(path('ip.csv'), 'utf8').length > 0);
  assert.ok(!readFileSync(path('ip.jsonl'), 'utf8').includes(PUBLIC_IP));
  assert.ok(!html.includes(HOME), 'local paths still go');

  const plain = await yoxla(['report', runPlain, '--include-ip', '--html', path('plain-ip.html')]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stderr, /the run file holds no IP address/);
  assertPrivate([path('plain-ip.html')]);
});

test('bad run files: exit 2 and one line naming the file and the problem', async () => {
  const good = readFileSync(runPlain, 'utf8');
  writeFileSync(path('cut.json'), good.slice(0, Math.floor(good.length / 2)));
  writeFileSync(path('notjson.json'), 'yoxla run, honest\n');
  writeFileSync(path('other.json'), JSON.stringify({ ...JSON.parse(good), schema: 'yoxla.run/2' }));
  writeFileSync(path('noresults.json'), JSON.stringify({ ...JSON.parse(good), results: 'none' }));
  const cases: [string, RegExp][] = [
    [path('cut.json'), /cut\.json: not valid JSON/],
    [path('notjson.json'), /notjson\.json: not valid JSON/],
    [path('other.json'), /other\.json: not a yoxla\.run\/1 file: schema/],
    [path('noresults.json'), /noresults\.json: not a yoxla\.run\/1 file: results/],
    [path('missing.json'), /missing\.json: cannot read \(ENOENT\)/],
    [dir, /cannot read \(EISDIR\)/],
  ];
  for (const [file, pattern] of cases) {
    const out = await yoxla(['report', file, '--html', path('never.html')]);
    assert.equal(out.code, 2, file);
    assert.equal(out.stderr.trim().split('\n').length, 1, out.stderr);
    assert.match(out.stderr, pattern);
  }
  assert.ok(!existsSync(path('never.html')));
  const flags = await yoxla(['report', runPlain, '--lang', 'fr']);
  assert.equal(flags.code, 2);
  assert.equal((await yoxla(['report', runPlain, '--collector', 'http://127.0.0.1:1/'])).code, 2);
});

test('an output that cannot be written is reported, the others are written, nothing half-written is left', async () => {
  writeFileSync(path('a-file'), 'x');
  mkdirSync(path('taken.html'), { recursive: true });
  const out = await yoxla(['report', runPlain, '--html', path('taken.html'), '--csv', join(path('a-file'), 'r.csv'), '--ooni', path('ok.jsonl')]);
  assert.equal(out.code, 2);
  assert.match(out.stderr, /cannot save .*taken\.html/);
  assert.match(out.stderr, /cannot save .*a-file\/r\.csv/);
  assert.ok(existsSync(path('ok.jsonl')));
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');
});

test('PDF: printed by Chromium, the verdicts read back by pdftotext', async (t) => {
  const chromium = findChromium();
  const pdftotext = spawnSync('pdftotext', ['-v']).error ? null : 'pdftotext';
  if (!chromium || !pdftotext) {
    t.skip(`needs Chromium and pdftotext (poppler-utils): chromium=${chromium ?? 'missing'}, pdftotext=${pdftotext ?? 'missing'}`);
    return;
  }
  const out = await yoxla(['report', runIp, '--pdf', path('r.pdf')]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, /Saved the PDF report/);
  const text = spawnSync('pdftotext', ['-layout', path('r.pdf'), '-'], { encoding: 'utf8' }).stdout;
  assert.match(text, /Censorship measurement report/);
  assert.match(text, /www\.tiktok\.com\s+Blocked\s+TLS SNI filtering/);
  assert.match(text, /www\.bbc\.com\s+Works/);
  assert.match(text, /generic_timeout_error/);
  assert.ok(text.includes(sha256(runIp).slice(0, 16)));
  assert.ok(!text.includes(PUBLIC_IP) && !text.includes(HOME) && !text.includes('file://'), 'no IP, no local path');
  assertPrivate([path('r.pdf')]);
});

test('PDF without a Chromium: skipped with the reason, no file, the rest written', async () => {
  const out = await yoxla(['report', runPlain, '--pdf', path('none.pdf'), '--html', path('with-pdf-missing.html')], { YOXLA_CHROMIUM: join(dir, 'no-chromium-here') });
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, /No PDF: no Chromium or Chrome was found/);
  assert.ok(!existsSync(path('none.pdf')));
  assert.ok(existsSync(path('with-pdf-missing.html')));
});

test('upload: only after an explicit yes, to the collector named, with the measurement ids printed', async () => {
  const collector = await startCollector({ forbidden: [PUBLIC_IP, HOME, ...localNames] });
  collectorClose = () => collector.close();
  const args = ['report', runIp, '--upload', '--collector', collector.url];

  const noConsent = await yoxla(args);
  assert.equal(noConsent.code, 2);
  assert.match(noConsent.stderr, /needs an explicit yes/);
  const declined = await yoxla(args, { YOXLA_TEST_TTY: '1', YOXLA_TEST_ANSWER: 'y' });
  assert.equal(declined.code, 0, declined.stderr);
  // The risks are the app's own text (one source), with what OONI and the provider can see.
  assert.ok(declined.stderr.includes(translator('en')('app.upload.risks')), declined.stderr);
  assert.match(declined.stderr, /OONI's server sees your IP address/);
  assert.match(declined.stderr, /your provider can see that you contacted OONI/);
  assert.match(declined.stderr, /Not sent/);
  assert.equal(collector.requests, 0, 'nothing was sent without a yes');

  const asked = await yoxla(args, { YOXLA_TEST_TTY: '1', YOXLA_TEST_ANSWER: 'yes' });
  assert.equal(asked.code, 0, asked.stderr);
  const scripted = await yoxla([...args, '--yes-i-understand-the-risks']);
  assert.equal(scripted.code, 0, scripted.stderr);
  assert.match(scripted.stdout, /Sent 9 measurements to http:\/\/127\.0\.0\.1:\d+\//);
  assert.equal(scripted.stdout.split('\n').filter((l) => /^- web_connectivity https:\/\/\S+: 20261123000000\./.test(l)).length, 9);
  assert.deepEqual(collector.problems, []);
  assert.equal(collector.reports.size, 2);
  for (const report of collector.reports.values()) {
    assert.equal(report.measurements.length, 9);
    assert.equal(report.closed, true);
  }
});

test('upload refusals: a lab run is never sent to OONI, an unknown network never anywhere', async () => {
  const lab = await yoxla(['report', runPlain, '--upload', '--yes-i-understand-the-risks']);
  assert.equal(lab.code, 2);
  assert.match(lab.stderr, /cannot send a lab run to OONI/);
  const unknown = JSON.parse(readFileSync(runPlain, 'utf8')) as Run;
  unknown.network.asn = 'AS0';
  writeFileSync(path('as0.json'), JSON.stringify(unknown));
  const as0 = await yoxla(['report', path('as0.json'), '--upload', '--collector', 'http://127.0.0.1:9/', '--yes-i-understand-the-risks']);
  assert.equal(as0.code, 2);
  assert.match(as0.stderr, /the network is unknown \(AS0, AZ\)/);
});

test('merge: targets × networks, differences marked, duplicates once, broken files named, the rest merged', async () => {
  writeFileSync(path('copy.json'), readFileSync(runPlain));
  writeFileSync(path('broken.json'), '{"schema":"yoxla.run/1",');
  const out = await yoxla(['merge', runPlain, runAzercell, path('copy.json'), path('broken.json'), path('gone.json'), '--html', path('m.html'), '--json', path('m.json')]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, /broken\.json: not valid JSON .*\(not merged\)/);
  assert.match(out.stderr, /gone\.json: cannot read \(ENOENT\) \(not merged\)/);
  assert.match(out.stderr, /copy\.json: identical to .*run\.json, counted once/);
  assert.match(out.stdout, /AS29049 Delta Telecom\s+AS31721/);
  assert.match(out.stdout, /Merged 2 runs from 2 networks/);
  const model = JSON.parse(readFileSync(path('m.json'), 'utf8')) as { schema: string; skipped: number; duplicates: number; targets: { host: string; differ: boolean }[] };
  assert.equal(model.schema, 'yoxla.merge/1');
  assert.equal(model.skipped, 2);
  assert.equal(model.duplicates, 1);
  assert.ok(model.targets.some((t) => t.differ), 'the two providers block different TikTok hosts');
  const html = readFileSync(path('m.html'), 'utf8');
  assertSelfContained(html);
  assertPrivate([path('m.html'), path('m.json')]);

  const none = await yoxla(['merge', path('broken.json'), path('gone.json')]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no run could be merged/);
});
