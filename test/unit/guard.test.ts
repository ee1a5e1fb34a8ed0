import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { withLoopbackGuard, isLoopback, LoopbackGuardError, type Network } from '../../main/engine/network.ts';

test('isLoopback accepts 127.0.0.0/8 and ::1 only', () => {
  assert.equal(isLoopback('127.0.0.1'), true);
  assert.equal(isLoopback('127.45.3.9'), true);
  assert.equal(isLoopback('::1'), true);
  assert.equal(isLoopback('10.0.0.1'), false);
  assert.equal(isLoopback('198.51.100.7'), false);
  assert.equal(isLoopback('not-an-ip'), false);
});

test('a guarded network refuses to dial or query outside loopback', async () => {
  let dialed = 0;
  const inner: Network = {
    name: 'fake',
    resolvers: [],
    dnsExchange: async () => Buffer.alloc(0),
    dial: async () => {
      dialed += 1;
      return new net.Socket();
    },
  };
  const guarded = withLoopbackGuard(inner);
  const signal = new AbortController().signal;
  await assert.rejects(guarded.dial({ ip: '93.184.216.34', port: 443 }, signal), LoopbackGuardError);
  await assert.rejects(guarded.dnsExchange({ ip: '8.8.8.8', port: 53 }, Buffer.alloc(0), 'udp', signal), LoopbackGuardError);
  assert.equal(dialed, 0);
});

test('the test-wide guard refuses a raw socket to a public address', () => {
  assert.throws(() => net.connect({ host: '192.0.2.1', port: 9 }), /loopback-only test guard/);
});
