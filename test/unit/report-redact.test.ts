// Private by default: the redactor removes the public IP (every textual form of it), this machine's
// names and home folder, and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRedactor, redactDeep, SCRUBBED, type LocalIdentity } from '../../main/report/redact.ts';
import { privateRun } from '../../main/report/index.ts';
import type { Run } from '../../main/contract/run.ts';

const identity: LocalIdentity = { hostname: 'amina-laptop.local', username: 'amina', homeDir: '/home/amina' };

test('the public IP goes, in every form, and only as a whole address', () => {
  const redact = makeRedactor({ publicIp: '198.51.100.7', identity });
  assert.equal(redact('connect 198.51.100.7:443 failed'), `connect ${SCRUBBED}:443 failed`);
  assert.equal(redact('from ::ffff:198.51.100.7'), `from ${SCRUBBED}`);
  assert.equal(redact('198.51.100.70 and 10.198.51.100.7 and 198.51.100.7.'), `198.51.100.70 and 10.${SCRUBBED} and ${SCRUBBED}.`);
  const v6 = makeRedactor({ publicIp: '2001:db8::7', identity });
  assert.equal(v6('a 2001:db8::7 b 2001:db8:0:0:0:0:0:7 c 2001:0db8:0000:0000:0000:0000:0000:0007'), `a ${SCRUBBED} b ${SCRUBBED} c ${SCRUBBED}`);
  assert.equal(v6('2001:db8::70'), '2001:db8::70');
});

test('keepIp keeps the address but still removes the machine', () => {
  const redact = makeRedactor({ publicIp: '198.51.100.7', keepIp: true, identity });
  assert.equal(redact('198.51.100.7 on amina-laptop'), `198.51.100.7 on ${SCRUBBED}`);
});

test('host name, user name and home folder go; ordinary words stay', () => {
  const redact = makeRedactor({ identity });
  assert.equal(redact('open /home/amina/runs/x.json: EACCES'), `open ${SCRUBBED}/runs/x.json: EACCES`);
  assert.equal(redact('user amina on amina-laptop.local'), `user ${SCRUBBED} on ${SCRUBBED}`);
  assert.equal(redact('Aminat and samina and amina_x stay'), 'Aminat and samina and amina_x stay');
});

test('names too short or too common to identify anyone are not scrubbed as words', () => {
  const redact = makeRedactor({ identity: { hostname: 'vm', username: 'root', homeDir: '/root' } });
  assert.equal(redact('DigiCert Global Root CA, root of trust, vm.example'), 'DigiCert Global Root CA, root of trust, vm.example');
  assert.equal(redact('/root/x'), `${SCRUBBED}/x`);
});

test('redactDeep reaches every string, keys included', () => {
  const redact = makeRedactor({ publicIp: '198.51.100.7', identity });
  const out = redactDeep({ a: ['198.51.100.7', 3, null, { '198.51.100.7:80': true }], b: 'amina' }, redact);
  assert.deepEqual(out, { a: [SCRUBBED, 3, null, { [`${SCRUBBED}:80`]: true }], b: SCRUBBED });
});

test('privateRun drops network.ip unless it is asked for again', () => {
  const run = {
    schema: 'yoxla.run/1',
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:01:00.000Z',
    interrupted: false,
    network: { asn: 'AS29049', cc: 'AZ', vpn: 'off', ip: '198.51.100.7', rttMs: 100, connectivity: 'ok', connectivityEvidence: [] },
    results: [],
    vpnImpact: [],
  } as Run;
  assert.equal(privateRun(run, { includeIp: false, identity }).run.network.ip, undefined);
  assert.doesNotMatch(JSON.stringify(privateRun(run, { includeIp: false, identity }).run), /198\.51\.100\.7/);
  assert.equal(privateRun(run, { includeIp: true, identity }).run.network.ip, '198.51.100.7');
  assert.equal(run.network.ip, '198.51.100.7', 'the input is not changed');
});
