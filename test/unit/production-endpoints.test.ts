// The chosen endpoints as the production setup uses them, without any network: the connectivity
// reference is the chosen DoH server at its address, the portal check is the chosen URL, a helper
// at an IP literal needs no lookup, and the egress page's `loc=` is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { productionNetworkFor, productionSetup, PORTAL_CHECK_URL } from '../../main/checks/production.ts';
import { countryFromEcho, publicIpFromEcho } from '../../main/checks/identity.ts';
import { DEFAULT_DOH } from '../../main/engine/production-network.ts';

test('defaults: Cloudflare DoH as the reference, Android portal check, no helper without consent', async () => {
  const net = productionNetworkFor({});
  assert.deepEqual(net.doh, DEFAULT_DOH);
  const setup = await productionSetup(net, { useControl: false });
  assert.equal(setup.control, null);
  assert.equal(setup.noControlReason, 'no-consent');
  assert.deepEqual(setup.probe, { reference: { host: 'cloudflare-dns.com', address: '1.1.1.1', port: 443 }, portalCheck: { url: PORTAL_CHECK_URL, expectStatus: 204 } });
});

test('chosen: the DoH server at its address is the reference (its port too), the portal check is the chosen URL', async () => {
  const net = productionNetworkFor({ doh: { url: 'https://doh.example:8443/dns-query', address: '2001:db8::53' }, portalCheck: 'http://portal.example/generate_204' });
  assert.deepEqual(net.doh, { url: 'https://doh.example:8443/dns-query', bootstrap: ['2001:db8::53'] });
  const setup = await productionSetup(net, { useControl: false, endpoints: { portalCheck: 'http://portal.example/generate_204' } });
  assert.deepEqual(setup.probe.reference, { host: 'doh.example', address: '2001:db8::53', port: 8443 });
  assert.equal(setup.probe.portalCheck.url, 'http://portal.example/generate_204');
});

test('a named helper at an IP literal is used as named, with no lookup', async () => {
  const net = productionNetworkFor({});
  const setup = await productionSetup(net, { useControl: true, endpoints: { control: 'https://[2001:db8::100]/' } });
  assert.ok(setup.control);
  assert.equal(setup.noControlReason, undefined);
});

test('the egress page: ip= and loc= lines (Cloudflare trace), or a bare address', () => {
  const trace = 'fl=1\nh=egress.example\nip=198.51.100.7\nts=1\nloc=nl\nwarp=off\n';
  assert.equal(publicIpFromEcho(trace), '198.51.100.7');
  assert.equal(countryFromEcho(trace), 'NL');
  assert.equal(countryFromEcho('ip=198.51.100.7\nloc=XX\n'), null, 'XX is Cloudflare for unknown');
  assert.equal(countryFromEcho('ip=198.51.100.7\n'), null);
  assert.equal(countryFromEcho('ip=198.51.100.7\nloc=Azerbaijan\n'), null);
  assert.equal(publicIpFromEcho('2001:db8::7\n'), '2001:db8::7');
});
