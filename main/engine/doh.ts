// DNS over HTTPS (RFC 8484, POST application/dns-message): what an uncensored resolver says,
// reached at its bootstrap address so that it never depends on the resolver under test.
import type { DnsObservation } from '../contract/observations.ts';
import type { Network } from './network.ts';
import { startDeadline, type Deadline, type StepOptions } from './deadline.ts';
import { originClient, requestFailure, type Trace } from './connect.ts';
import { combine, decodeReply, encodeQuery, failed, ipLiteral, type QueryType, type TypeResult } from './dns-message.ts';
import type { Client } from 'undici';

const MAX_REPLY_BYTES = 65_535;

export async function resolveDoh(net: Network, host: string, o: StepOptions): Promise<DnsObservation> {
  const t0 = Date.now();
  const config = net.doh;
  const base = { step: 'dns' as const, resolver: 'doh' as const, server: config?.url ?? '', query: host, attempt: o.attempt ?? 0 };
  const literal = ipLiteral(host);
  if (literal !== null) return { ...base, answers: [literal], rcode: null, t0, t1: Date.now(), failure: null };
  const address = config?.bootstrap[0];
  let url: URL | null = null;
  try {
    url = config ? new URL(config.url) : null;
  } catch {
    url = null;
  }
  if (!config || !address || !url) {
    return { ...base, answers: [], rcode: null, t0, t1: Date.now(), failure: 'unknown_failure: no DoH resolver configured' };
  }
  const deadline = startDeadline(o.timeoutMs, o.signal);
  const { client, trace } = originClient(net, url, address, deadline.signal, o.timeoutMs);
  try {
    // One connection carries both queries (undici queues the second behind the first).
    const [a, aaaa] = await Promise.all([
      query(client, url, host, 'A', deadline, trace),
      query(client, url, host, 'AAAA', deadline, trace),
    ]);
    return { ...base, ...combine(a, aaaa), t0, t1: Date.now() };
  } finally {
    deadline.dispose();
    await client.destroy().catch(() => undefined);
  }
}

async function query(client: Client, url: URL, host: string, type: QueryType, deadline: Deadline, trace: Trace): Promise<TypeResult> {
  try {
    const response = await client.request({
      method: 'POST',
      path: `${url.pathname}${url.search}`,
      headers: { 'content-type': 'application/dns-message', accept: 'application/dns-message' },
      // ID 0, as RFC 8484 recommends: HTTPS already ties the answer to the question.
      body: encodeQuery(host, type, 0),
      signal: deadline.signal,
    });
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > MAX_REPLY_BYTES) return failed('unknown_failure: DoH reply too large');
      chunks.push(chunk);
    }
    if (response.statusCode !== 200) return failed(`unknown_failure: DoH server answered HTTP ${response.statusCode}`);
    const contentType = String(response.headers['content-type'] ?? '');
    if (!contentType.toLowerCase().startsWith('application/dns-message')) {
      return failed(`unknown_failure: DoH reply has content-type ${contentType || 'none'}`);
    }
    return decodeReply(Buffer.concat(chunks), 0);
  } catch (err) {
    return failed(requestFailure(err, deadline, trace));
  }
}
