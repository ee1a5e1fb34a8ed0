// Kernel-level censorship: iptables in a network namespace the test makes drops or resets the
// packets that carry a blocked server name (matching per packet, as many DPI boxes do). The
// production engine must read real kernel drops and resets exactly as it reads the lab's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namespacesUnavailable, run } from './netns.ts';
import type { TcpObservation, TlsObservation } from '../../main/contract/observations.ts';
import { analyze } from '../../main/analysis/index.ts';

const NS = `yoxla-k${process.pid}`;

const reason = namespacesUnavailable(`${NS}-probe`);
if (reason) console.log(`# kernel-level SNI tests skipped: ${reason}`);

function inNamespace(rule: string[], names: string[]): (TcpObservation | TlsObservation)[] {
  const ns = `${NS}-${rule.at(-1)?.replace(/[^a-z]/g, '') ?? 'x'}`;
  assert.ok(run(['ip', 'netns', 'add', ns]).ok);
  try {
    assert.ok(run(['ip', 'netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']).ok);
    const added = run(['ip', 'netns', 'exec', ns, 'iptables', '-A', 'INPUT', '-p', 'tcp', '-m', 'string', '--string', 'blocked.example', '--algo', 'bm', ...rule]);
    assert.ok(added.ok, added.out);
    const probe = run(['ip', 'netns', 'exec', ns, process.execPath, '--import', 'tsx', 'test/kernel/probe-in-netns.ts', ...names]);
    assert.ok(probe.ok, probe.out);
    return JSON.parse(probe.out) as (TcpObservation | TlsObservation)[];
  } finally {
    run(['ip', 'netns', 'del', ns]);
  }
}

const okControl = (key: string) => ({
  tcp_connect: { [key]: { status: true, failure: null } },
  tls_handshake: { [key]: { server_name: 'blocked.example', status: true, failure: null } },
  http_request: { body_length: 5000, failure: null, title: 'blocked.example', headers: {}, status_code: 200 },
  dns: { failure: null, addrs: ['127.0.0.1'] },
});

test('iptables string-match DROP on the SNI: the engine sees a TLS timeout after a working TCP connect', { skip: reason ?? false }, () => {
  const [tcpBlocked, tlsBlocked, tcpOk, tlsOk] = inNamespace(['-j', 'DROP'], ['blocked.example', 'allowed.example']) as [
    TcpObservation, TlsObservation, TcpObservation, TlsObservation,
  ];
  assert.equal(tcpBlocked.failure, null, 'the SYN carries no name: TCP connects');
  assert.equal(tlsBlocked.failure, 'generic_timeout_error');
  assert.equal(tcpOk.failure, null);
  assert.equal(tlsOk.failure, null);
  assert.equal(tlsOk.verified, true);
  // The same evidence, judged with a control that saw the site work, is an SNI drop.
  const key = `${tlsBlocked.ip}:${tlsBlocked.port}`;
  const recheck = { ...tlsBlocked, attempt: 1 };
  const sniTest = { ...tlsOk, purpose: 'sni-test' as const, serverName: 'allowed.example' };
  const verdict = analyze({
    target: { input: `https://blocked.example:${tlsBlocked.port}/`, host: 'blocked.example', kind: 'app-endpoint' },
    observations: [
      { step: 'dns', resolver: 'network', server: '127.0.0.1:53', query: 'blocked.example', answers: ['127.0.0.1'], rcode: 'NOERROR', t0: 0, t1: 1, attempt: 0, failure: null },
      tcpBlocked, tlsBlocked, recheck, sniTest,
    ],
    control: okControl(key),
    controlFailure: null,
    connectivity: 'ok',
  });
  assert.equal(verdict.status, 'blocked');
  assert.equal(verdict.method, 'tls.sni-drop');
  assert.equal(verdict.evidence.sniTest, 'real-sni-only');
});

test('iptables string-match REJECT with a TCP reset: the engine sees connection_reset', { skip: reason ?? false }, () => {
  const [tcpBlocked, tlsBlocked, , tlsOk] = inNamespace(['-j', 'REJECT', '--reject-with', 'tcp-reset'], ['blocked.example', 'allowed.example']) as [
    TcpObservation, TlsObservation, TcpObservation, TlsObservation,
  ];
  assert.equal(tcpBlocked.failure, null);
  assert.equal(tlsBlocked.failure, 'connection_reset');
  assert.equal(tlsOk.failure, null);
});
