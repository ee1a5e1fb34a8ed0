// The CLI as a person runs it: a real process, real lab, real files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunSchema } from '../../main/contract/run.ts';
import { runCli, type CliOptions, type CliOutcome } from '../support/cli-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'yoxla-cli-'));

function yoxla(args: string[], onStderr?: CliOptions['onStderr']): Promise<CliOutcome> {
  return runCli('bin/yoxla.js', args, { env: { YOXLA_HOME: join(dir, 'home') }, ...(onStderr ? { onStderr } : {}) });
}

function scenarioFile(name: string, body: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
}

test('a malformed scenario gets exit code 2 and one line naming the bad field', async () => {
  const path = scenarioFile('bad-rule.json', {
    schema: 'yoxla.lab/1',
    name: 'bad',
    censor: [{ host: 'tiktok.com', at: 'sni', do: 'explode' }],
  });
  const out = await yoxla(['lab', path]);
  assert.equal(out.code, 2);
  const lines = out.stderr.trim().split('\n');
  assert.equal(lines.length, 1, out.stderr);
  assert.match(lines[0] ?? '', /censor\.0\.do/);
  assert.doesNotMatch(out.stderr, /\bat .*\.ts:\d+/, 'no stack trace');
});

test('bad rtt, bad schema word, bad JSON, missing file: each one line, exit 2', async () => {
  const cases: [string, RegExp][] = [
    [scenarioFile('rtt.json', { schema: 'yoxla.lab/1', name: 'x', network: { rttMs: -5 } }), /network\.rttMs/],
    [scenarioFile('schema.json', { schema: 'yoxla.lab/2', name: 'x' }), /schema/],
    [scenarioFile('broken.json', '{"schema": "yoxla.lab/1",'), /not valid JSON/],
    [join(dir, 'missing.json'), /cannot read/],
    [scenarioFile('site.json', { schema: 'yoxla.lab/1', name: 'x', sites: { 'a.example': { geofence: 'mars-only' } } }), /sites\.a\.example\.geofence/],
  ];
  for (const [path, pattern] of cases) {
    const out = await yoxla(['lab', path]);
    assert.equal(out.code, 2, path);
    assert.equal(out.stderr.trim().split('\n').length, 1, out.stderr);
    assert.match(out.stderr, pattern);
  }
});

test('unknown command and unknown flag: exit 2', async () => {
  assert.equal((await yoxla(['frobnicate'])).code, 2);
  const out = await yoxla(['lab', 'x.json', '--no-such-flag']);
  assert.equal(out.code, 2);
  assert.match(out.stderr, /no-such-flag/);
});

test('yoxla lab runs a scenario, prints a table and writes a valid run JSON without the IP', async () => {
  const path = scenarioFile('small.json', {
    schema: 'yoxla.lab/1',
    name: 'small',
    network: { rttMs: 20, asn: 'AS29049', cc: 'AZ' },
    sites: { 'www.tiktok.com': {}, 'www.bbc.com': {} },
    censor: [{ host: 'tiktok.com', subdomains: true, at: 'sni', do: 'drop' }],
  });
  const json = join(dir, 'small-run.json');
  const out = await yoxla(['lab', path, '--json', json]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /www\.tiktok\.com\s+BLOCKED\s+tls\.sni-drop/);
  assert.match(out.stdout, /www\.bbc\.com\s+works/);
  const run = RunSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
  assert.equal(run.schema, 'yoxla.run/1');
  assert.equal(run.network.asn, 'AS29049');
  assert.equal(run.network.ip, undefined);
  assert.doesNotMatch(readFileSync(json, 'utf8'), /198\.51\.100\.7/);
  assert.equal(run.results.length, 2);
});

test('--include-ip keeps the public IP; --lang az prints Azerbaijani', async () => {
  const path = scenarioFile('ip.json', { schema: 'yoxla.lab/1', name: 'ip', network: { publicIp: '203.0.113.77' }, sites: { 'www.bbc.com': {} } });
  const json = join(dir, 'ip-run.json');
  const out = await yoxla(['lab', path, '--json', json, '--include-ip', '--lang', 'az']);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(RunSchema.parse(JSON.parse(readFileSync(json, 'utf8'))).network.ip, '203.0.113.77');
  assert.match(out.stdout, /işləyir/);
});

test('Ctrl-C stops cleanly and still writes what finished', async () => {
  const sites = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`site${i}.example.az`, {}]));
  const path = scenarioFile('long.json', { schema: 'yoxla.lab/1', name: 'long', network: { rttMs: 150 }, sites });
  const json = join(dir, 'long-run.json');
  let sent = false;
  const out = await yoxla(['lab', path, '--json', json, '--concurrency', '1'], (stderr, child) => {
    if (!sent && /\[2\/12\]/.test(stderr)) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  assert.ok(sent, 'the run never reached its second target');
  assert.equal(out.code, 130, out.stderr);
  assert.ok(existsSync(json));
  const run = RunSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
  assert.equal(run.interrupted, true);
  assert.ok(run.results.length >= 2 && run.results.length < 12, `kept ${run.results.length}`);
  assert.ok(run.results.every((r) => r.status === 'accessible'), 'an interrupted target is not judged');
});

test('yoxla list resolves bundled sets with their attribution', async () => {
  const out = await yoxla(['list', '--targets', 'tiktok', '--json']);
  assert.equal(out.code, 0, out.stderr);
  const targets = JSON.parse(out.stdout) as { input: string; host: string; kind: string; set: string; source: string }[];
  assert.ok(targets.length >= 12);
  assert.ok(targets.every((t) => t.set === 'tiktok' && t.source && t.input && t.host && t.kind));
  assert.ok(targets.some((t) => t.host === 'www.tiktok.com'));
  const unknown = await yoxla(['list', '--targets', 'tiktok,nonsense']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown target set nonsense/);
});

test('yoxla list imports a Citizen Lab CSV, refuses a bad one by line, saves and reloads a named list', async () => {
  const csv = scenarioFile('az.csv', 'url,category_code,category_description,date_added,source,notes\nhttps://www.meydan.tv/,NEWS,News Media,2017-04-10,OONI,\nhttps://www.azadliq.org/,NEWS,News Media,2017-04-10,OONI,\n');
  const ok = await yoxla(['list', '--list', csv, '--save', 'workshop-1']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /https:\/\/www\.meydan\.tv\/\twww\.meydan\.tv\tweb\tNEWS/);
  const again = await yoxla(['list', '--list', 'saved:workshop-1']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout.trim().split('\n').length, 2);
  const bad = scenarioFile('bad.csv', 'url,category_code\nhttps://ok.example.az/,NEWS\nnot a url,NEWS\n');
  const refused = await yoxla(['list', '--list', bad]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /bad\.csv:3: /);
  assert.equal(refused.stdout, '', 'nothing half-imported');
});

test('yoxla lab --targets runs a bundled set against a scenario and sums up each app', async () => {
  const path = scenarioFile('tt.json', {
    schema: 'yoxla.lab/1',
    name: 'tt',
    network: { rttMs: 5 },
    censor: [{ host: 'tiktokcdn.com', subdomains: true, at: 'sni', do: 'drop' }],
  });
  const out = await yoxla(['lab', path, '--targets', 'tiktok', '--concurrency', '16']);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /TikTok may only partly work: .*Blocked addresses: \d+ of \d+\. How: TLS SNI filtering/);
  assert.match(out.stdout, /p16-sign-va\.tiktokcdn\.com\s+BLOCKED\s+tls\.sni-drop/);
  assert.match(out.stdout, /www\.tiktok\.com\s+works/);
});

test('yoxla lab fills vpnImpact for a scenario with local services, and split-tunnel prints AllowedIPs', async () => {
  const json = join(dir, 'vpn-run.json');
  const out = await yoxla(['lab', 'main/lab/scenarios/vpn-banks.json', '--json', json, '-q']);
  assert.equal(out.code, 0, out.stderr);
  const run = RunSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
  const verdicts = new Set(run.vpnImpact.map((v) => v.verdict));
  for (const word of ['works-both', 'breaks-with-vpn', 'blocked-without-vpn', 'fails-both']) assert.ok(verdicts.has(word as never), word);
  assert.match(out.stdout, /yoxla split-tunnel --wireguard/);

  const split = await yoxla(['split-tunnel', '--exclude', '10.0.0.0/8', '--exclude', '192.0.2.7', '--json']);
  assert.equal(split.code, 0, split.stderr);
  const { allowedIPs } = JSON.parse(split.stdout) as { allowedIPs: string[] };
  assert.ok(allowedIPs.includes('::/0'));
  assert.ok(allowedIPs.includes('0.0.0.0/5') && allowedIPs.includes('11.0.0.0/8'), allowedIPs.join(' '));
  assert.ok(!allowedIPs.some((c) => c.startsWith('10.')));
  const bad = await yoxla(['split-tunnel', '--exclude', 'not/a/cidr']);
  assert.equal(bad.code, 2);
});

test('yoxla explain reads back the OONI measurements a lab run exported', async () => {
  const path = scenarioFile('explain.json', {
    schema: 'yoxla.lab/1',
    name: 'explain',
    network: { rttMs: 5, asn: 'AS29049', cc: 'AZ' },
    sites: { 'www.tiktok.com': {}, 'www.bbc.com': {} },
    censor: [{ host: 'tiktok.com', subdomains: true, at: 'sni', do: 'drop' }],
  });
  const jsonl = join(dir, 'explain.jsonl');
  assert.equal((await yoxla(['lab', path, '--ooni', jsonl, '-q'])).code, 0);
  const out = await yoxla(['explain', jsonl]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /https:\/\/www\.tiktok\.com\/[\s\S]*tls\.sni-drop[\s\S]*blocking="http-failure"/);
  const notOoni = scenarioFile('not-ooni.json', { hello: 'world' });
  const bad = await yoxla(['explain', notOoni]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});
