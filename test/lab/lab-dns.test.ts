import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { startLab, LAB_HOSTS, type Lab, type LabPath } from '../../main/lab/lab.ts';
import { AddressBook } from '../../main/lab/address-book.ts';
import { mulberry32 } from '../../main/lab/prng.ts';
import { LAB_RESOLVER } from '../../main/lab/lab-network.ts';
import { labAgent, scenario } from './lab-support.ts';
import { request } from 'undici';

const addressesOf = (packet: dnsPacket.Packet) => (packet.answers ?? []).flatMap((a) => (a.type === 'A' ? [a.data] : []));

function query(name: string, type: 'A' | 'AAAA' = 'A'): Buffer {
  return dnsPacket.encode({ type: 'query', id: 4242, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] });
}

async function resolve(lab: Lab, path: LabPath, name: string, transport: 'udp' | 'tcp' = 'udp', type: 'A' | 'AAAA' = 'A') {
  const reply = await lab.network(path).dnsExchange(LAB_RESOLVER, query(name, type), transport, AbortSignal.timeout(1000));
  const packet = dnsPacket.decode(reply) as dnsPacket.DecodedPacket & { rcode: string };
  return { id: packet.id, rcode: packet.rcode, addresses: addressesOf(packet) };
}

test('address book: sequential, case-insensitive, never .0 or .255, reversible', () => {
  const book = new AddressBook();
  assert.equal(book.addressOf('Example.AZ.'), '127.1.0.1');
  assert.equal(book.addressOf('example.az'), '127.1.0.1');
  assert.equal(book.addressOf('second.az'), '127.1.0.2');
  assert.equal(book.hostOf('127.1.0.2'), 'second.az');
  assert.equal(book.hostOf('127.1.0.3'), undefined);
  const seen = new Set<string>();
  for (let i = 0; i < 600; i += 1) {
    const ip = book.addressOf(`host${i}.test`);
    assert.ok(!/\.(0|255)$/.test(ip), ip);
    assert.ok(!seen.has(ip));
    seen.add(ip);
  }
});

test('prng: same seed, same sequence', () => {
  const a = mulberry32(7);
  const b = mulberry32(7);
  const c = mulberry32(8);
  const seq = (f: () => number) => Array.from({ length: 5 }, f);
  const sa = seq(a);
  assert.deepEqual(sa, seq(b));
  assert.notDeepEqual(sa, seq(c));
  assert.ok(sa.every((x) => x >= 0 && x < 1));
});

let lab: Lab;
before(async () => {
  lab = await startLab(
    scenario({
      censor: [
        { host: 'azadliq.org', subdomains: true, at: 'dns', do: 'nxdomain' },
        { host: 'meydan.tv', at: 'dns', do: 'bogus' },
        { host: 'occrp.org', at: 'dns', do: 'timeout' },
      ],
    }),
  );
});
after(() => lab.close());

for (const transport of ['udp', 'tcp'] as const) {
  test(`domestic resolver over ${transport}: truthful, nxdomain, bogus`, async () => {
    const ok = await resolve(lab, 'domestic', 'unnamed-site.example', transport);
    assert.equal(ok.id, 4242);
    assert.equal(ok.rcode, 'NOERROR');
    assert.deepEqual(ok.addresses, [lab.addressOf('unnamed-site.example')]);
    assert.match(ok.addresses[0] ?? '', /^127\./);

    const nx = await resolve(lab, 'domestic', 'www.azadliq.org', transport);
    assert.equal(nx.rcode, 'NXDOMAIN');
    assert.deepEqual(nx.addresses, []);

    const bogus = await resolve(lab, 'domestic', 'meydan.tv', transport);
    assert.deepEqual(bogus.addresses, [lab.addressOf(LAB_HOSTS.sinkhole)]);
  });

  test(`domestic resolver over ${transport}: a timeout rule never answers`, async () => {
    const started = Date.now();
    await assert.rejects(
      lab.network('domestic').dnsExchange(LAB_RESOLVER, query('occrp.org'), transport, AbortSignal.timeout(300)),
      (error: Error) => error.name === 'TimeoutError',
    );
    assert.ok(Date.now() - started >= 250);
  });
}

test('AAAA gets NOERROR with no answers', async () => {
  const reply = await resolve(lab, 'domestic', 'www.example.az', 'udp', 'AAAA');
  assert.equal(reply.rcode, 'NOERROR');
  assert.deepEqual(reply.addresses, []);
});

test('the vpn and control resolvers tell the truth', async () => {
  for (const path of ['vpn', 'control'] as const) {
    for (const name of ['www.azadliq.org', 'meydan.tv', 'occrp.org']) {
      const reply = await resolve(lab, path, name);
      assert.deepEqual(reply.addresses, [lab.addressOf(name)], `${path} ${name}`);
    }
  }
});

test('DoH on the domestic path answers truthfully, by POST and by GET', async () => {
  const agent = labAgent(lab, 'domestic');
  try {
    const post = await request('https://dns.lab.yoxla/dns-query', {
      dispatcher: agent,
      method: 'POST',
      headers: { 'content-type': 'application/dns-message', accept: 'application/dns-message' },
      body: query('www.azadliq.org'),
    });
    assert.equal(post.statusCode, 200);
    assert.equal(post.headers['content-type'], 'application/dns-message');
    const postAnswer = dnsPacket.decode(Buffer.from(await post.body.arrayBuffer()));
    assert.deepEqual(addressesOf(postAnswer), [lab.addressOf('www.azadliq.org')]);

    const param = query('meydan.tv').toString('base64url');
    const get = await request(`https://dns.lab.yoxla/dns-query?dns=${param}`, { dispatcher: agent });
    assert.equal(get.statusCode, 200);
    const getAnswer = dnsPacket.decode(Buffer.from(await get.body.arrayBuffer()));
    assert.deepEqual(addressesOf(getAnswer), [lab.addressOf('meydan.tv')]);
  } finally {
    await agent.close();
  }
});

test('a resolver address other than the lab resolver is refused, never contacted', async () => {
  await assert.rejects(
    lab.network('domestic').dnsExchange({ ip: '127.0.0.1', port: 53 }, query('x.az'), 'udp', AbortSignal.timeout(500)),
    { code: 'ECONNREFUSED' },
  );
});

test('behind a captive portal every name resolves to the portal', async () => {
  const portalLab = await startLab(scenario({ network: { state: 'captive-portal' } }));
  try {
    for (const name of ['www.google.com', 'th.lab.yoxla']) {
      const reply = await resolve(portalLab, 'domestic', name);
      assert.deepEqual(reply.addresses, [portalLab.addressOf(LAB_HOSTS.portal)]);
    }
    const vpn = await resolve(portalLab, 'vpn', 'www.google.com');
    assert.deepEqual(vpn.addresses, [portalLab.addressOf('www.google.com')]);
  } finally {
    await portalLab.close();
  }
});
