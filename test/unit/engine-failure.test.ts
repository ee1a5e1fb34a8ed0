import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toFailure } from '../../main/engine/failure.ts';
import { abortable, startDeadline, StepTimeoutError } from '../../main/engine/deadline.ts';
import { LoopbackGuardError } from '../../main/engine/network.ts';
import { parseServer, productionNetwork, DEFAULT_DOH } from '../../main/engine/production-network.ts';
import { dialDirect } from '../../main/engine/network.ts';

const coded = (code: string, message = code, extra: object = {}) => Object.assign(new Error(message), { code, ...extra });

test('toFailure maps errors to OONI failure strings', () => {
  const table: Array<[unknown, string]> = [
    [new StepTimeoutError(100), 'generic_timeout_error'],
    [new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'generic_timeout_error'],
    [coded('UND_ERR_CONNECT_TIMEOUT'), 'generic_timeout_error'],
    [coded('UND_ERR_HEADERS_TIMEOUT'), 'generic_timeout_error'],
    [coded('UND_ERR_BODY_TIMEOUT'), 'generic_timeout_error'],
    [coded('ETIMEDOUT', 'connect ETIMEDOUT 127.0.0.1:443'), 'generic_timeout_error'],
    [coded('ECONNRESET', 'read ECONNRESET'), 'connection_reset'],
    [coded('ECONNRESET', 'Client network socket disconnected before secure TLS connection was established'), 'connection_reset'],
    [coded('EPIPE', 'write EPIPE'), 'connection_reset'],
    [coded('EOF'), 'eof_error'],
    [coded('UND_ERR_SOCKET', 'other side closed'), 'eof_error'],
    [coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), 'connection_refused'],
    [coded('ENETUNREACH'), 'network_unreachable'],
    [coded('EHOSTUNREACH'), 'host_unreachable'],
    [coded('ENOTFOUND', 'getaddrinfo ENOTFOUND nowhere.test'), 'dns_nxdomain_error'],
    [coded('ERR_TLS_CERT_ALTNAME_INVALID'), 'ssl_invalid_hostname'],
    [coded('SELF_SIGNED_CERT_IN_CHAIN'), 'ssl_unknown_authority'],
    [coded('DEPTH_ZERO_SELF_SIGNED_CERT'), 'ssl_unknown_authority'],
    [coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'ssl_unknown_authority'],
    [coded('UNABLE_TO_GET_ISSUER_CERT'), 'ssl_unknown_authority'],
    [coded('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), 'ssl_unknown_authority'],
    [coded('CERT_HAS_EXPIRED'), 'ssl_invalid_certificate'],
    [coded('CERT_NOT_YET_VALID'), 'ssl_invalid_certificate'],
    [coded('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'), 'ssl_failed_handshake'],
    [new DOMException('This operation was aborted', 'AbortError'), 'interrupted'],
    [new LoopbackGuardError('8.8.8.8'), 'unknown_failure: loopback guard refused 8.8.8.8'],
    // undici wraps the real cause.
    [new TypeError('fetch failed', { cause: coded('ECONNRESET', 'read ECONNRESET') }), 'connection_reset'],
    [coded('UND_ERR_SOCKET', 'other side closed', { cause: coded('ECONNREFUSED') }), 'connection_refused'],
    [new Error('unexpected EOF'), 'eof_error'],
    [new Error('something odd'), 'unknown_failure: something odd'],
    ['a string', 'unknown_failure: a string'],
    [undefined, 'unknown_failure: undefined'],
  ];
  for (const [err, expected] of table) assert.equal(toFailure(err), expected, String((err as Error)?.message ?? err));
});

test('a deadline tells its own timeout from the caller aborting', async () => {
  const timed = startDeadline(20);
  await assert.rejects(abortable(new Promise(() => undefined), timed.signal), StepTimeoutError);
  assert.equal(timed.failure(coded('ECONNRESET')), 'generic_timeout_error');
  timed.dispose();

  const caller = new AbortController();
  const interrupted = startDeadline(10_000, caller.signal);
  caller.abort();
  assert.equal(interrupted.signal.aborted, true);
  assert.equal(interrupted.failure(new Error('whatever')), 'interrupted');
  interrupted.dispose();

  const plain = startDeadline(10_000);
  assert.equal(plain.failure(coded('ECONNREFUSED')), 'connection_refused');
  plain.dispose();
});

test('abortable hands a value that arrives too late to onLate', async () => {
  const controller = new AbortController();
  let resolveLate: (v: string) => void = () => undefined;
  const late = new Promise<string>((r) => (resolveLate = r));
  const lateValues: string[] = [];
  const pending = abortable(late, controller.signal, (v) => lateValues.push(v));
  controller.abort(new Error('stop'));
  await assert.rejects(pending, /stop/);
  resolveLate('socket');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(lateValues, ['socket']);
});

test('production network: resolvers from getServers syntax, direct sockets, DoH default', () => {
  assert.deepEqual(parseServer('192.0.2.1'), { ip: '192.0.2.1', port: 53 });
  assert.deepEqual(parseServer('192.0.2.1:5353'), { ip: '192.0.2.1', port: 5353 });
  assert.deepEqual(parseServer('2001:db8::1'), { ip: '2001:db8::1', port: 53 });
  assert.deepEqual(parseServer('[2001:db8::1]:5353'), { ip: '2001:db8::1', port: 5353 });
  assert.equal(parseServer('not an address'), null);
  const custom = productionNetwork({ resolvers: [{ ip: '127.0.0.53', port: 53 }] });
  assert.deepEqual(custom.resolvers, [{ ip: '127.0.0.53', port: 53 }]);
  assert.equal(custom.ca, undefined);
  assert.deepEqual(custom.doh, DEFAULT_DOH);
  assert.equal(custom.dial, dialDirect);
  const doh = { url: 'https://dns.example/dns-query', bootstrap: ['192.0.2.53'] };
  assert.deepEqual(productionNetwork({ doh }).doh, doh);
  assert.ok(Array.isArray(productionNetwork().resolvers));
});
