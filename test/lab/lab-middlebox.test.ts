import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLab, LAB_HOSTS, type Lab } from '../../main/lab/lab.ts';
import { LoopbackGuardError } from '../../main/engine/network.ts';
import { sitePage } from '../../main/lab/origin.ts';
import {
  captureClientHello,
  dial,
  exchange,
  fetchVia,
  handshake,
  scenario,
  splitIntoTwoRecords,
} from './lab-support.ts';
import tls from 'node:tls';

const BLOCK_TITLE = 'Giriş məhdudlaşdırılıb';

let lab: Lab;
before(async () => {
  lab = await startLab(
    scenario({
      network: { publicIp: '198.51.100.7', asn: 'AS29049', cc: 'AZ' },
      sites: {
        'www.example.az': {},
        'gone.example': { down: true },
        'plain.example': { http: true },
        'kapitalbank.az': { geofence: 'domestic-only' },
        'cdn.example.az': { bytes: 400_000 },
      },
      censor: [
        { host: 'tiktok.com', subdomains: true, at: 'sni', do: 'drop' },
        { host: 'reset.example', at: 'sni', do: 'reset' },
        { host: 'mitm.example', at: 'sni', do: 'mitm' },
        { host: 'record.example', at: 'sni', do: 'drop', inspects: 'first-record' },
        { host: 'segment.example', at: 'sni', do: 'drop', inspects: 'first-segment' },
        { host: 'meydan.tv', at: 'http-host', do: 'blockpage' },
        { host: 'httpreset.example', at: 'http-host', do: 'reset' },
        { host: 'naive.example', at: 'http-host', do: 'blockpage', inspects: 'first-segment' },
        { host: 'occrp.org', at: 'ip', do: 'drop' },
        { host: 'refused.example', at: 'ip', do: 'reset' },
        { host: 'cdn.example.az', at: 'throughput', kbps: 64 },
        { host: 'bogus.example', at: 'dns', do: 'bogus' },
      ],
    }),
  );
});
after(() => lab.close());

test('a healthy site: valid lab certificate and its own page, over HTTPS and HTTP', async () => {
  const secure = await handshake(lab, 'domestic', 'www.example.az');
  assert.equal(secure.authorized, true);
  assert.equal(secure.getPeerCertificate().subject.CN, 'www.example.az');
  secure.destroy();
  for (const url of ['https://www.example.az/', 'http://www.example.az/', 'https://never-named.example/some/path']) {
    const page = await fetchVia(lab, 'domestic', url);
    assert.equal(page.status, 200, url);
    assert.equal(page.title, new URL(url).hostname);
    assert.equal(page.body, sitePage(new URL(url).hostname));
  }
  assert.ok(sitePage('a.example').length >= 2048 && sitePage('a.example').length <= 10_000);
  assert.notEqual(sitePage('a.example').length, sitePage('b.example').length);
});

test('sni drop: the handshake never completes, also for a subdomain', async () => {
  await assert.rejects(handshake(lab, 'domestic', 'www.tiktok.com', { timeoutMs: 300 }), /timeout/);
});

test('sni reset: the client sees ECONNRESET', async () => {
  await assert.rejects(handshake(lab, 'domestic', 'reset.example'), { code: 'ECONNRESET' });
});

test('sni mitm: a certificate from the interception CA, which nobody trusts', async () => {
  await assert.rejects(handshake(lab, 'domestic', 'mitm.example'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
  const secure = await handshake(lab, 'domestic', 'mitm.example', { rejectUnauthorized: false });
  const cert = secure.getPeerCertificate();
  assert.equal(cert.subject.CN, 'mitm.example');
  assert.match(String(cert.issuer.CN), /Interception/);
  secure.write('GET / HTTP/1.1\r\nHost: mitm.example\r\nConnection: close\r\n\r\n');
  const body = await new Promise<string>((resolve) => {
    let text = '';
    secure.on('data', (chunk: Buffer) => (text += chunk.toString()));
    secure.on('close', () => resolve(text));
  });
  assert.match(body, /^HTTP\/1\.1 200/);
  assert.ok(body.includes(`<title>${BLOCK_TITLE}</title>`));
});

test('SNI inspection depth: a record split evades a first-record box, not a stream box', async () => {
  const exchangeHello = async (host: string, bytes: Buffer) => exchange(await dial(lab, 'domestic', host, 443), bytes, 300);
  const viaRecords = async (sni: string) => splitIntoTwoRecords(await captureClientHello(sni), 40);
  // A server answer starts with a TLS handshake record (ServerHello).
  const record = await exchangeHello('record.example', await viaRecords('record.example'));
  assert.equal(record.data[0], 0x16);
  const whole = await exchangeHello('record.example', await captureClientHello('record.example'));
  assert.equal(whole.data.length, 0);
  const stream = await exchangeHello('www.tiktok.com', await viaRecords('www.tiktok.com'));
  assert.equal(stream.data.length, 0);
});

test('SNI inspection depth: two TCP segments evade a first-segment box', async () => {
  const hello = await captureClientHello('segment.example');
  const socket = await dial(lab, 'domestic', 'segment.example', 443);
  socket.setNoDelay(true);
  socket.write(hello.subarray(0, 30));
  await new Promise((r) => setTimeout(r, 50));
  const split = await exchange(socket, hello.subarray(30), 300);
  assert.equal(split.data[0], 0x16);
  const whole = await exchange(await dial(lab, 'domestic', 'segment.example', 443), hello, 300);
  assert.equal(whole.data.length, 0);
});

test('http-host blockpage: an ISP warning page instead of the site', async () => {
  const page = await fetchVia(lab, 'domestic', 'http://meydan.tv/');
  assert.equal(page.status, 200);
  assert.equal(page.title, BLOCK_TITLE);
  assert.notEqual(page.body, sitePage('meydan.tv'));
  // HTTPS to the same host is not touched by an http-host rule.
  assert.equal((await fetchVia(lab, 'domestic', 'https://meydan.tv/')).title, 'meydan.tv');
});

test('http-host reset: the request is answered with a reset', async () => {
  await assert.rejects(fetchVia(lab, 'domestic', 'http://httpreset.example/'), (e: Error & { code?: string }) =>
    ['ECONNRESET', 'UND_ERR_SOCKET'].includes(e.code ?? ''),
  );
  const raw = await exchange(await dial(lab, 'domestic', 'httpreset.example', 80), 'GET / HTTP/1.1\r\nHost: httpreset.example\r\n\r\n');
  assert.equal(raw.error, 'ECONNRESET');
});

test('a first-segment Host box is evaded by a split head and by mixed case; a stream box is not', async () => {
  const head = 'GET / HTTP/1.1\r\nHost: naive.example\r\nConnection: close\r\n\r\n';
  const whole = await exchange(await dial(lab, 'domestic', 'naive.example', 80), head);
  assert.ok(whole.data.toString().includes(BLOCK_TITLE));
  const mixed = await exchange(await dial(lab, 'domestic', 'naive.example', 80), head.replace('naive.example', 'NaIvE.example'));
  assert.ok(mixed.data.toString().includes('<title>naive.example</title>'));
  const streamMixed = await exchange(
    await dial(lab, 'domestic', 'meydan.tv', 80),
    'GET / HTTP/1.1\r\nHost: MeYdAn.tv\r\nConnection: close\r\n\r\n',
  );
  assert.ok(streamMixed.data.toString().includes(BLOCK_TITLE));
});

test("WhatsApp's chat port 5222 is open like 80 and 443, and ip rules apply to it", async () => {
  const socket = await dial(lab, 'domestic', 'e1.whatsapp.net', 5222);
  socket.destroy();
  await assert.rejects(dial(lab, 'domestic', 'refused.example', 5222), { code: 'ECONNREFUSED' });
  await assert.rejects(dial(lab, 'domestic', 'occrp.org', 5222, 300), (e: Error) => e.name === 'TimeoutError');
});

test('ip drop: the connection is never established', async () => {
  const started = Date.now();
  await assert.rejects(dial(lab, 'domestic', 'occrp.org', 443, 300), (e: Error) => e.name === 'TimeoutError');
  assert.ok(Date.now() - started >= 250);
});

test('ip reset, a down site, HTTPS to an HTTP-only site and other ports are refused', async () => {
  await assert.rejects(dial(lab, 'domestic', 'refused.example', 443), { code: 'ECONNREFUSED' });
  for (const path of ['domestic', 'vpn', 'control'] as const) {
    await assert.rejects(dial(lab, path, 'gone.example', 443), { code: 'ECONNREFUSED' });
    await assert.rejects(dial(lab, path, 'gone.example', 80), { code: 'ECONNREFUSED' });
    await assert.rejects(dial(lab, path, 'plain.example', 443), { code: 'ECONNREFUSED' });
    await assert.rejects(dial(lab, path, 'www.example.az', 8443), { code: 'ECONNREFUSED' });
  }
  await assert.rejects(
    lab.network('domestic').dial({ ip: '127.200.200.200', port: 443 }, AbortSignal.timeout(1000)),
    { code: 'ECONNREFUSED' },
  );
  assert.equal((await fetchVia(lab, 'domestic', 'http://plain.example/')).status, 200);
});

test('the vpn and control paths see no censorship', async () => {
  for (const path of ['vpn', 'control'] as const) {
    (await handshake(lab, path, 'www.tiktok.com')).destroy();
    (await handshake(lab, path, 'mitm.example')).destroy();
    (await dial(lab, path, 'occrp.org', 443)).destroy();
    assert.equal((await fetchVia(lab, path, 'http://meydan.tv/')).title, 'meydan.tv');
  }
});

test('a geofenced site refuses the foreign egress with 403', async () => {
  assert.equal((await fetchVia(lab, 'domestic', 'https://kapitalbank.az/')).status, 200);
  for (const path of ['vpn', 'control'] as const) {
    const page = await fetchVia(lab, path, 'https://kapitalbank.az/');
    assert.equal(page.status, 403);
    assert.equal(page.title, 'Access denied');
  }
});

test('lab services: echo, connectivity, speed, network lookup', async () => {
  assert.equal((await fetchVia(lab, 'domestic', lab.echoUrl)).body.trim(), '198.51.100.7');
  const vpnIp = (await fetchVia(lab, 'vpn', lab.echoUrl)).body.trim();
  assert.equal(vpnIp, '203.0.113.50');
  assert.equal((await fetchVia(lab, 'domestic', lab.connectivityUrl)).status, 204);
  const speed = await fetchVia(lab, 'domestic', lab.speedUrl(300_000));
  assert.equal(speed.body.length, 300_000);
  assert.equal(speed.headers['content-length'], '300000');
  assert.deepEqual(lab.lookupNetwork('198.51.100.7'), { asn: 'AS29049', cc: 'AZ', name: 'Delta Telecom' });
  assert.equal(lab.lookupNetwork(vpnIp).cc, 'NL');
  assert.deepEqual(lab.lookupNetwork('192.0.2.1'), { asn: 'AS0', cc: 'ZZ' });
  assert.equal(lab.controlUrl, 'https://th.lab.yoxla/');
});

test('the sinkhole: a blockpage over HTTP, a certificate for another name over HTTPS', async () => {
  const sinkhole = lab.addressOf(LAB_HOSTS.sinkhole);
  await assert.rejects(handshake(lab, 'domestic', 'bogus.example', { ip: sinkhole }), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  const raw = await exchange(
    await lab.network('domestic').dial({ ip: sinkhole, port: 80 }, AbortSignal.timeout(1000)),
    'GET / HTTP/1.1\r\nHost: bogus.example\r\nConnection: close\r\n\r\n',
  );
  assert.ok(raw.data.toString().includes(BLOCK_TITLE));
});

test('throughput: a throttled host gets about kbps on the wire, an untouched one much more', async () => {
  // Bytes on the wire, not plaintext: TLS hands over whole 16 KB records, too coarse at 8 KB/s.
  const window = async (host: string, tlsOn: boolean, ms: number) => {
    const socket = await dial(lab, 'domestic', host, tlsOn ? 443 : 80);
    const stream = tlsOn ? tls.connect({ socket, servername: host, ca: [lab.caPem] }) : socket;
    stream.on('error', () => {});
    if (tlsOn) await new Promise((resolve) => stream.once('secureConnect', resolve));
    stream.on('data', () => {});
    const before = socket.bytesRead;
    const started = Date.now();
    stream.write(`GET /large HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    await new Promise((resolve) => setTimeout(resolve, ms));
    const result = { bytes: socket.bytesRead - before, elapsed: Date.now() - started };
    stream.destroy();
    return result;
  };
  for (const tlsOn of [false, true]) {
    const throttled = await window('cdn.example.az', tlsOn, 600);
    // 64 kbps = 8000 bytes/s, plus one 400-byte piece of slack.
    const allowed = (8000 * throttled.elapsed) / 1000 + 400;
    assert.ok(throttled.bytes <= allowed, `tls=${tlsOn}: ${throttled.bytes} bytes in ${throttled.elapsed} ms`);
    assert.ok(throttled.bytes >= 2000, `tls=${tlsOn}: ${throttled.bytes} bytes`);
    const free = await window('www.example.az', tlsOn, 200);
    assert.ok(free.bytes > 20 * throttled.bytes, `tls=${tlsOn}: ${free.bytes} vs ${throttled.bytes}`);
  }
});

test('a public address is routed to a lab stand-in, never dialled; the guard refuses other resolvers', async () => {
  const socket = await lab.network('domestic').dial({ ip: '149.154.175.50', port: 80 }, AbortSignal.timeout(2000));
  assert.equal(socket.remoteAddress, '127.0.0.1');
  const reply = await new Promise<string>((resolve, reject) => {
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
    socket.end('GET / HTTP/1.1\r\nHost: 149.154.175.50\r\nConnection: close\r\n\r\n');
  });
  assert.match(reply, /^HTTP\/1\.1 200/);
  assert.match(reply, /<title>149\.154\.175\.50<\/title>/);
  await assert.rejects(
    lab.network('vpn').dnsExchange({ ip: '8.8.8.8', port: 53 }, Buffer.alloc(12), 'udp', AbortSignal.timeout(500)),
    LoopbackGuardError,
  );
});
