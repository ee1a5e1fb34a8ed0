import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import dnsPacket from 'dns-packet';
import { startLab, type Lab } from '../../main/lab/lab.ts';
import { LAB_RESOLVER } from '../../main/lab/lab-network.ts';
import { dial, fetchVia, handshake, scenario } from './lab-support.ts';

const busy = scenario({
  network: { rttMs: 20 },
  censor: [
    { host: 'tiktok.com', subdomains: true, at: 'sni', do: 'drop' },
    { host: 'mitm.example', at: 'sni', do: 'mitm' },
    { host: 'occrp.org', at: 'ip', do: 'drop' },
    { host: 'slow.example', at: 'throughput', kbps: 8 },
    { host: 'silent.example', at: 'dns', do: 'timeout' },
  ],
});

function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await tick();
  await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Leaves the lab in the middle of everything it can be doing. */
async function exercise(lab: Lab): Promise<Promise<unknown>[]> {
  assert.equal((await fetchVia(lab, 'domestic', 'https://www.example.az/')).status, 200);
  assert.equal((await fetchVia(lab, 'vpn', 'http://www.example.az/')).status, 200);
  const pending: Promise<unknown>[] = [];
  const swallow = (p: Promise<unknown>) => pending.push(p.then(() => 'resolved', (e: Error) => e.name || 'rejected'));
  swallow(lab.network('domestic').dial({ ip: lab.addressOf('occrp.org'), port: 443 }, AbortSignal.timeout(5000)));
  swallow(handshake(lab, 'domestic', 'www.tiktok.com', { timeoutMs: 5000 }));
  const query = dnsPacket.encode({ type: 'query', id: 9, questions: [{ type: 'A', name: 'silent.example' }] });
  swallow(lab.network('domestic').dnsExchange(LAB_RESOLVER, query, 'tcp', AbortSignal.timeout(300)));
  const mitm = await handshake(lab, 'domestic', 'mitm.example', { rejectUnauthorized: false });
  mitm.on('error', () => {});
  const slow = await dial(lab, 'domestic', 'slow.example', 80);
  slow.on('error', () => {});
  slow.on('data', () => {});
  slow.write('GET /large HTTP/1.1\r\nHost: slow.example\r\n\r\n');
  await new Promise((resolve) => setTimeout(resolve, 100));
  return pending;
}

test('close() ends every server, socket and timer, and is idempotent', async () => {
  await settle();
  const before = resourceCounts();
  const lab = await startLab(busy);
  const pending = await exercise(lab);
  await Promise.all([lab.close(), lab.close()]);
  await lab.close();
  const outcomes = await Promise.all(pending);
  assert.ok(outcomes.every((o) => o !== 'resolved'), String(outcomes));
  await settle();
  const after = resourceCounts();
  for (const [kind, count] of after) {
    assert.ok(count <= (before.get(kind) ?? 0), `${kind}: ${before.get(kind) ?? 0} before, ${count} after`);
  }
});

test('a lab can be started and closed twice in a row, and a closed lab is unreachable', async () => {
  for (let round = 0; round < 2; round += 1) {
    const lab = await startLab(busy);
    assert.equal((await fetchVia(lab, 'domestic', 'https://www.example.az/')).title, 'www.example.az');
    await lab.close();
    await assert.rejects(dial(lab, 'domestic', 'www.example.az', 443), { code: 'ECONNREFUSED' });
  }
});
