/* eslint-disable no-control-regex -- matching control characters is what these expressions are for */
// Issue 19's property: random hostile strings in every field of a run that reaches an output, with
// the person's identifiers (public IP in any form, host name, user name, home folder) mixed in.
// Whatever is generated, no output (HTML, and so the PDF printed from it; CSV; the terminal; OONI
// JSONL; the run file the app exports; the upload body) holds an identifier in any form, lets
// markup, CSS or a URL escape, or keeps a control or bidi character.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Run } from '../../main/contract/run.ts';
import { writeReports } from '../../main/report/index.ts';
import { renderExport } from '../../main/bridge/export.ts';
import { uploadRun } from '../../main/bridge/upload.ts';
import { main } from '../../main/cli.ts';
import type { LocalIdentity } from '../../main/report/redact.ts';
import { sampleRun } from '../support/report-fixtures.ts';
import * as o from '../support/observations.ts';

// ---- the identifiers, in the forms people and servers write them (computed here, independently) ----

function formsOf(ip: string): string[] {
  const parsed = ipaddr.parse(ip);
  if (parsed.kind() === 'ipv4') {
    const b = (parsed as ipaddr.IPv4).octets;
    const n = ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
    return [
      b.join('.'),
      b.join('-'),
      String(n),
      n.toString(16).padStart(8, '0'),
      `0x${n.toString(16).toUpperCase().padStart(8, '0')}`,
      `${[...b].reverse().join('.')}.in-addr.arpa`,
      b.map((x) => String(x).padStart(3, '0')).join('.'),
    ];
  }
  const words = (parsed as ipaddr.IPv6).parts.map((p) => p.toString(16));
  return [parsed.toString(), parsed.toString().toUpperCase(), words.join(':'), words.map((w) => w.padStart(4, '0')).join(':')];
}

/** What must not appear in an output: every form, case-insensitively. */
function leaks(text: string, ip: string, who: LocalIdentity): string | null {
  const lower = text.toLowerCase();
  const needles = [...formsOf(ip).map((f) => f.toLowerCase()), who.hostname, who.username, who.homeDir && `${who.homeDir}/`].filter((n) => n.length >= 3);
  const needle = needles.find((n) => lower.includes(n.toLowerCase()));
  if (needle === undefined) return null;
  const at = lower.indexOf(needle.toLowerCase());
  return `${needle} in ${JSON.stringify(text.slice(Math.max(0, at - 60), at + needle.length + 20))}`;
}

const publicIp = fc
  .oneof(
    fc.tuple(fc.integer({ min: 11, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map((b) => b.join('.')),
    fc.array(fc.integer({ min: 1, max: 0xffff }), { minLength: 8, maxLength: 8 }).map((w) => `2a0${1 + (w[0]! % 8)}:${w.slice(1).map((x) => x.toString(16)).join(':')}`),
  )
  .filter((ip) => ipaddr.isValid(ip) && ipaddr.process(ip).range() === 'unicast');

// Distinctive names (a digit run in each), so they cannot be an ordinary word of a report's template.
const identity = fc
  .tuple(fc.stringMatching(/^[a-z]{3}[0-9]{3}$/), fc.stringMatching(/^[a-z]{4}[0-9]{2}$/))
  .map(([user, host]): LocalIdentity => ({ username: `u${user}`, hostname: `pc-${host}.local`, homeDir: `/home/u${user}` }));

const ATTACKS = [
  '<script>alert(1)</script>',
  '<img src=//evil.example/x.png>',
  '</style><link rel=stylesheet href=//evil.example/x.css>',
  '"\'><a href="//evil.example/">',
  '\f}body{background:url(//evil.example/css)}',
  '@import url(//evil.example/i.css);',
  '\u001b]52;c;ZXZpbA==\u0007',
  '\u001bc\u001b[2J',
  '\u009b31m',
  '\u202egnp.exe\u202c',
  '\u2066\u2067\u2068\u2069\u200e\u200f\u061c',
  '=HYPERLINK("//evil.example","x")',
  '+cmd|\' /C calc\'!A0',
  '\u0000\r\n\t\u000b\u007f',
  'javascript:alert(1)',
  '&lt;&#x3C;\\00003c',
];

function hostileText(ip: string, who: LocalIdentity) {
  const piece = fc.oneof(
    fc.constantFrom(...ATTACKS),
    fc.constantFrom(...formsOf(ip), who.hostname, who.username, `${who.homeDir}/Documents/a.txt`, who.hostname.toUpperCase()),
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
  );
  return fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(' '));
}

/** A valid run whose every free-text field holds generated hostile text. */
function hostileRun(ip: string, who: LocalIdentity) {
  const text = hostileText(ip, who);
  return fc.record({ title: text, header: text, headerName: text, redirect: text, issuer: text, answer: text, name: text, scenario: text, host: text, category: text, app: text, control: text }).map((h): Run => {
    const run = sampleRun({ network: { asn: 'AS29049', cc: 'AZ', name: h.name, vpn: 'off', ip, rttMs: 100, connectivity: 'ok', connectivityEvidence: [] }, scenario: h.scenario });
    const page = [
      o.dns({ answers: [h.answer] }),
      o.tcp({ port: 80 }),
      o.http({ url: 'http://www.example.az/', status: 302, title: h.title, headers: { [h.headerName]: h.header, 'x-forwarded-for': ip }, redirectTo: `http://www.example.az/?${h.redirect}` }),
      o.blockpage({ title: h.title }),
    ];
    const tls = o.tls({ failure: 'ssl_unknown_authority', verified: false, chain: [o.cert({ issuer: h.issuer, subject: h.issuer })] });
    run.results[0] = { ...run.results[0]!, host: h.host, input: `http://www.example.az/${h.host}`, category: h.category, app: h.app, observations: [...page, tls], control: o.httpControl({ http_request: { body_length: 10, failure: null, title: h.control, headers: { server: h.control }, status_code: 200 } }) };
    return run;
  });
}

const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Short failure messages: the outputs are long. */
const no = (text: string, pattern: RegExp, message: string) => {
  const hit = pattern.exec(text);
  assert.ok(!hit, `${message}: ${JSON.stringify(text.slice(Math.max(0, (hit?.index ?? 0) - 60), (hit?.index ?? 0) + 60))}`);
};

function checkHtml(html: string, where: string): void {
  assert.ok(html.includes('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;'), `${where}: CSP`);
  // The only elements with a URL are the report's own in-page links (#t-N).
  no(html, /<(?:script|img|link|iframe|object|embed|form|base|meta http-equiv="refresh")\b|<a\s(?!href="#t-\d+">)/i, `${where}: markup escaped`);
  no(html, /<[^>]*\b(?:href|src|action|style)\s*=\s*["']?[^"'>]*(?:evil\.example|javascript:|url\()/i, `${where}: no URL attribute in any element`);
  const styles = html.match(/<style>([\s\S]*?)<\/style>/g) ?? [];
  assert.equal(styles.length, 1, `${where}: one style element, not ended early`);
  no(styles[0]!, /evil\.example|@import|javascript:|url\(/i, `${where}: CSS holds nothing from the data`);
  no(html, FORBIDDEN_CONTROL, `${where}: no control or bidi character`);
}

function checkCsv(csv: string, where: string): void {
  no(csv.replace(/\r\n/g, ''), /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/, `${where}: no control`);
  for (const row of parseCsv(csv) as string[][]) for (const cell of row) assert.ok(!/^[=+\-@\t\r]/.test(cell), `${where}: formula guarded: ${cell.slice(0, 80)}`);
}

test('property: no identifier, no escaping markup/CSS/URL, no control character in any output', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'yoxla-prop-'));
  try {
    await fc.assert(
      fc.asyncProperty(
        publicIp.chain((ip) => identity.chain((who) => hostileRun(ip, who).map((run) => ({ ip, who, run })))),
        async ({ ip, who, run }) => {
          const outputs: Array<[string, string]> = [];
          // The CLI's outputs (yoxla report / lab --html --csv --ooni), and the PDF's HTML.
          const written = await writeReports(run, { html: join(dir, 'r.html'), csv: join(dir, 'r.csv'), ooni: join(dir, 'r.jsonl'), lang: 'az', includeIp: false, identity: who, chromium: null });
          assert.equal(written.failed, false, written.messages.join('; '));
          const html = await readFile(join(dir, 'r.html'), 'utf8');
          const csv = await readFile(join(dir, 'r.csv'), 'utf8');
          const jsonl = await readFile(join(dir, 'r.jsonl'), 'utf8');
          outputs.push(['html', html], ['csv', csv], ['ooni', jsonl]);
          checkHtml(html, 'html');
          checkCsv(csv, 'csv');
          // The app's exports, including the PDF's HTML as printed.
          const printed: string[] = [];
          for (const format of ['json', 'html', 'csv', 'ooni', 'pdf'] as const) {
            const bytes = await renderExport(run, { format, lang: 'en', includeIp: false }, { identity: who, now: () => new Date('2026-11-23T10:00:00Z'), printPdf: async (h) => (printed.push(h), new Uint8Array()) });
            if (format !== 'pdf') outputs.push([`export ${format}`, String(bytes)]);
          }
          outputs.push(['pdf html', printed[0]!]);
          checkHtml(printed[0]!, 'pdf html');
          for (const [where, text] of outputs.filter(([w]) => /json|ooni/.test(w))) no(text, FORBIDDEN_CONTROL, `${where}: no raw control`);
          // The terminal: yoxla report's table and messages.
          await writeFile(join(dir, 'run.json'), JSON.stringify(run));
          let terminal = '';
          const io = { stdout: (t: string) => void (terminal += t), stderr: (t: string) => void (terminal += t), isTTY: false };
          assert.equal(await main(['report', join(dir, 'run.json'), '--lang', 'en'], io), 0);
          no(terminal.replace(/[\n\t]/g, ''), /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/, 'terminal: no control');
          // The terminal and the upload are made with this machine's identity; the IP is the run's.
          const machineIdentity = { hostname: '', username: '', homeDir: '' } as LocalIdentity;
          const bodies: string[] = [];
          const fakeFetch = (async (_url: string, init: { body: string }) => (bodies.push(init.body), new Response('{"report_id":"r1","measurement_uid":"m1"}'))) as unknown as typeof fetch;
          await uploadRun(run, { collector: 'http://127.0.0.1:9/', fetch: fakeFetch, backoffMs: 0 }, async () => true);
          assert.ok(bodies.length > 0);
          for (const body of bodies) {
            no(body, FORBIDDEN_CONTROL, 'upload body: no raw control');
            assert.equal(leaks(body, ip, machineIdentity), null, 'upload body: the IP in no form');
          }
          assert.equal(leaks(terminal, ip, machineIdentity), null, 'terminal: the IP in no form');
          for (const [where, text] of outputs) assert.equal(leaks(text, ip, who), null, `${where}: an identifier`);
        },
      ),
      { numRuns: 40, endOnFailure: true },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
