// One DNS message over DNS-over-HTTPS (RFC 8484, POST application/dns-message): what the `doh`
// strategy puts in place of a query to the ISP's resolver. The reply is the raw DNS message, so
// the engine's own lookup decodes and checks it as it would any other.
import type { DohConfig, Network } from '../engine/network.ts';
import { originClient } from '../engine/connect.ts';

const MAX_REPLY_BYTES = 65_535;
/** undici's own limits; the lookup's deadline (the signal) is what really ends the wait. */
const UNDICI_LIMIT_MS = 30_000;

const failure = (message: string) => Object.assign(new Error(message), { code: 'EYOXLA_DOH' });

export async function dohExchange(net: Network, doh: DohConfig, query: Buffer, signal: AbortSignal): Promise<Buffer> {
  const url = new URL(doh.url);
  const address = doh.bootstrap[0];
  if (!address) throw failure('no DoH bootstrap address');
  const { client, trace } = originClient(net, url, address, signal, UNDICI_LIMIT_MS);
  try {
    const response = await client.request({
      method: 'POST',
      path: `${url.pathname}${url.search}`,
      headers: { 'content-type': 'application/dns-message', accept: 'application/dns-message' },
      body: query,
      signal,
    });
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > MAX_REPLY_BYTES) throw failure('DoH reply too large');
      chunks.push(chunk);
    }
    if (response.statusCode !== 200) throw failure(`DoH server answered HTTP ${response.statusCode}`);
    const type = String(response.headers['content-type'] ?? '');
    if (!type.toLowerCase().startsWith('application/dns-message')) throw failure(`DoH reply has content-type ${type || 'none'}`);
    return Buffer.concat(chunks);
  } catch (err) {
    // undici names a cut connection in its own words; the socket knows whether it was a reset.
    throw signal.aborted ? err : (trace.error ?? err);
  } finally {
    await client.destroy().catch(() => undefined);
  }
}
