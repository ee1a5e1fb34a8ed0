// The split-tunnel generator: exclusions as people type them, the WireGuard rewrite (only the
// AllowedIPs of full-tunnel peers change), and the command with an injected resolver and files in
// a temporary folder (the input is never changed, an existing output never overwritten).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExclusion, resolveExclusions, allowedIpsFor, SPLIT_CLIENTS, guidanceKeys, SAFETY_KEYS } from '../../main/vpn/split-tunnel.ts';
import { peerEndpoints, rewriteAllowedIps } from '../../main/vpn/wireguard-conf.ts';
import { allowedIpsExcluding, parseRange } from '../../main/vpn/allowed-ips.ts';
import { commandSplitTunnel, defaultOutPath } from '../../main/commands/split-tunnel.ts';
import { UsageError } from '../../main/commands/usage-error.ts';
import { translator } from '../../main/i18n.ts';
import { FileExistsError, writeNewFile } from '../../main/vpn/files.ts';

const CONF = `[Interface]
# Proton VPN NL-FREE#12
PrivateKey = aGVsbG8taGVsbG8taGVsbG8taGVsbG8taGVsbG8taGU=
Address = 10.2.0.2/32, 2a07:b944::2:2/128
DNS = 10.2.0.1

[Peer]
# NL-FREE#12
PublicKey = d29ybGQtd29ybGQtd29ybGQtd29ybGQtd29ybGQtd28=
AllowedIPs = 0.0.0.0/0
AllowedIPs = ::/0
Endpoint = 185.159.157.20:51820
PersistentKeepalive = 25
`;

const RESOLVED: Record<string, string[]> = {
  'kapitalbank.az': ['185.100.72.10'],
  'www.kapitalbank.az': ['185.100.72.10', '185.100.72.11'],
  'my.gov.az': ['85.132.33.4', '2a01:6e0::4'],
  'vpn.example.net': ['198.51.100.99'],
};
const resolve = async (host: string) => {
  const found = RESOLVED[host];
  if (!found) throw Object.assign(new Error(`queryA ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found;
};

function capture() {
  const out = { stdout: '', stderr: '' };
  return { io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), isTTY: false }, out };
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'yoxla-split-'));
}

test('exclusions: hosts, IPs, CIDRs, bracketed IPv6 and URLs; garbage is refused', () => {
  assert.deepEqual(parseExclusion('KapitalBank.az.'), { kind: 'host', host: 'kapitalbank.az' });
  assert.deepEqual(parseExclusion('85.132.0.1'), { kind: 'cidr', text: '85.132.0.1' });
  assert.deepEqual(parseExclusion('85.132.0.0/16'), { kind: 'cidr', text: '85.132.0.0/16' });
  assert.deepEqual(parseExclusion('[2a01:6e0::4]'), { kind: 'cidr', text: '2a01:6e0::4' });
  assert.deepEqual(parseExclusion('https://www.kapitalbank.az/en/cards'), { kind: 'host', host: 'www.kapitalbank.az' });
  assert.deepEqual(parseExclusion('https://[2a01:6e0::4]:443/'), { kind: 'cidr', text: '2a01:6e0::4' });
  for (const bad of ['bank', 'kapital bank.az', '10.0.0.0/40', '-x.az', 'https://']) assert.throws(() => parseExclusion(bad), /--exclude/, bad);
});

test('resolving: every address of every host; one unknown host stops the whole plan', async () => {
  const resolved = await resolveExclusions([parseExclusion('my.gov.az'), parseExclusion('10.0.0.0/8')], resolve);
  assert.deepEqual(resolved, [
    { input: 'my.gov.az', role: 'service', addresses: ['85.132.33.4', '2a01:6e0::4'] },
    { input: '10.0.0.0/8', role: 'service', addresses: ['10.0.0.0/8'] },
  ]);
  await assert.rejects(resolveExclusions([parseExclusion('my.gov.az'), parseExclusion('nowhere.az')], resolve), /cannot find the addresses of nowhere.az/);
  const allowed = allowedIpsFor(resolved);
  for (const a of ['85.132.33.4', '2a01:6e0::4', '10.1.2.3']) {
    const r = parseRange(a);
    assert.ok(allowed.map(parseRange).every((b) => b.family !== r.family || r.start < b.start || r.start > b.end), `${a} left out`);
  }
});

test('rewrite: only the full-tunnel peer AllowedIPs change; comments, keys, CRLF and other peers stay', () => {
  const split = ['0.0.0.0/1', '128.0.0.0/1'];
  const result = rewriteAllowedIps(CONF, (families) => (families.includes(4) ? split : []).concat(families.includes(6) ? ['::/1', '8000::/1'] : []));
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.equal(result.peersChanged, 1);
  const expected = CONF.replace('AllowedIPs = 0.0.0.0/0\nAllowedIPs = ::/0\n', 'AllowedIPs = 0.0.0.0/1, 128.0.0.0/1, ::/1, 8000::/1\n');
  assert.equal(result.text, expected);

  const crlf = CONF.replace(/\n/g, '\r\n');
  const r2 = rewriteAllowedIps(crlf, () => ['0.0.0.0/1']);
  assert.ok(r2.ok && r2.text.split('\r\n').length === crlf.split('\r\n').length - 1 && !/[^\r]\n/.test(r2.text));

  // IPv4-only config: IPv6 is not suddenly routed; a site-to-site peer is left alone.
  const twoPeers = `[Interface]\nPrivateKey = x\n\n[Peer]\nPublicKey = a\nAllowedIPs = 0.0.0.0/0, 10.9.0.0/16\nEndpoint = vpn.example.net:51820\n\n[Peer]\nPublicKey = b\nAllowedIPs = 192.168.50.0/24\n`;
  const asked: number[][] = [];
  const r3 = rewriteAllowedIps(twoPeers, (f) => {
    asked.push(f);
    return ['0.0.0.0/1', '128.0.0.0/1'];
  });
  assert.deepEqual(asked, [[4]]);
  assert.ok(r3.ok && r3.text.includes('AllowedIPs = 0.0.0.0/1, 128.0.0.0/1\n') && r3.text.includes('AllowedIPs = 192.168.50.0/24'));
  assert.deepEqual(peerEndpoints(twoPeers), ['vpn.example.net']);
  assert.deepEqual(peerEndpoints('[Peer]\nEndpoint = [2001:db8::1]:51820\n'), ['2001:db8::1']);

  assert.deepEqual(rewriteAllowedIps('[Interface]\nPrivateKey = x\n', () => []), { ok: false, error: 'no-peer' });
  assert.deepEqual(rewriteAllowedIps('[Peer]\nAllowedIPs = 10.0.0.0/8\n', () => []), { ok: false, error: 'no-full-tunnel-peer' });
});

test('yoxla split-tunnel --wireguard: a new file beside the input, the input untouched, the endpoint left out', async () => {
  const dir = await tempDir();
  try {
    const input = join(dir, 'proton-nl.conf');
    await writeFile(input, CONF);
    const { io, out } = capture();
    const code = await commandSplitTunnel(['--wireguard', input, '--exclude', 'kapitalbank.az', 'my.gov.az'], io, { resolve });
    assert.equal(code, 0);
    assert.equal(await readFile(input, 'utf8'), CONF, 'the input is never changed');
    const outPath = defaultOutPath(input);
    assert.equal(outPath, join(dir, 'proton-nl-split.conf'));
    const written = await readFile(outPath, 'utf8');
    assert.equal((await stat(outPath)).mode & 0o777, 0o600, 'the private key stays private');
    const line = written.split('\n').find((l) => l.startsWith('AllowedIPs'));
    const expected = allowedIpsExcluding(['185.100.72.10', '85.132.33.4', '2a01:6e0::4', '185.159.157.20']);
    assert.equal(line, `AllowedIPs = ${expected.join(', ')}`);
    assert.equal(written.replace(/^AllowedIPs = .*\n/m, ''), CONF.replace('AllowedIPs = 0.0.0.0/0\nAllowedIPs = ::/0\n', ''));
    assert.match(out.stdout, /kapitalbank\.az: 185\.100\.72\.10/);
    assert.match(out.stdout, /185\.159\.157\.20: 185\.159\.157\.20 \(the VPN server itself/);
    assert.match(out.stdout, /proton-nl-split\.conf/);
    assert.match(out.stdout, /that you use your bank/);

    // A second run refuses to overwrite the file it wrote, and leaves it as it was.
    await assert.rejects(commandSplitTunnel(['--wireguard', input, '--exclude', 'my.gov.az'], io, { resolve }), (e: Error) => e instanceof UsageError && /already exists/.test(e.message));
    assert.equal(await readFile(outPath, 'utf8'), written);
    await assert.rejects(commandSplitTunnel(['--wireguard', input, '--out', input, '--exclude', 'my.gov.az'], io, { resolve }), /is the input file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('yoxla split-tunnel --json prints { allowedIPs }; bad input is a UsageError with one line', async () => {
  const { io, out } = capture();
  assert.equal(await commandSplitTunnel(['--exclude', '10.0.0.0/8,kapitalbank.az', '--json'], io, { resolve }), 0);
  const json = JSON.parse(out.stdout) as { allowedIPs: string[]; excluded: unknown[] };
  assert.deepEqual(json.allowedIPs, allowedIpsExcluding(['10.0.0.0/8', '185.100.72.10']));
  assert.equal(json.excluded.length, 2);

  const plain = capture();
  await commandSplitTunnel(['--exclude', '85.132.0.0/16', '--lang', 'az'], plain.io, { resolve });
  assert.match(plain.out.stdout, /^AllowedIPs = 0\.0\.0\.0\/2, /m);
  assert.match(plain.out.stdout, /bankınızdan istifadə etdiyinizi/);

  for (const args of [[], ['--exclude', 'nowhere.az'], ['--exclude', 'x y'], ['--out', 'a.conf', '--exclude', '10.0.0.1'], ['--wireguard', '/nonexistent/wg0.conf', '--exclude', '10.0.0.1'], ['--frobnicate']]) {
    await assert.rejects(commandSplitTunnel(args, capture().io, { resolve }), (e: Error) => e instanceof UsageError && !e.message.includes('\n'), args.join(' '));
  }
});

test('--guide prints every client (or the ones asked for) and always the safety text', async () => {
  const all = capture();
  await commandSplitTunnel(['--guide'], all.io);
  const t = translator('en');
  for (const client of SPLIT_CLIENTS) assert.ok(all.out.stdout.includes(t(guidanceKeys(client).how)), client);
  for (const key of SAFETY_KEYS) assert.ok(all.out.stdout.includes(t(key)), key);
  assert.match(all.out.stdout, /Do not switch the VPN off for everything/);
  const one = capture();
  await commandSplitTunnel(['--guide', 'psiphon', '--lang', 'az'], one.io);
  assert.match(one.out.stdout, /Psiphon/);
  assert.ok(!one.out.stdout.includes('Proton'));
  await assert.rejects(commandSplitTunnel(['--guide', 'nordvpn'], capture().io), /unknown client nordvpn/);
});

test('writeNewFile never overwrites and leaves no temporary file behind', async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, 'a.conf');
    await writeNewFile(path, 'one');
    await assert.rejects(writeNewFile(path, 'two'), FileExistsError);
    assert.equal(await readFile(path, 'utf8'), 'one');
    const { readdir } = await import('node:fs/promises');
    assert.deepEqual(await readdir(dir), ['a.conf']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
