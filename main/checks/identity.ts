// The public address of the user's connection, as an echo service reports it. Used only to look
// up the network (ASN, country); the run keeps it only when the user asks.
import type { Network } from '../engine/network.ts';
import { originClient } from '../engine/connect.ts';
import { isIP } from 'node:net';

/** The address in an echo reply: the bare address (the lab's echo), or an `ip=` line (Cloudflare's trace). */
export function publicIpFromEcho(body: string): string | null {
  const text = body.trim();
  if (isIP(text)) return text;
  const line = /^ip=(\S+)$/m.exec(text)?.[1];
  return line && isIP(line) ? line : null;
}

export async function fetchPublicIp(net: Network, echoUrl: string, address: string, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
  const url = new URL(echoUrl);
  const combined = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  const { client } = originClient(net, url, address, combined, timeoutMs);
  try {
    const response = await client.request({ method: 'GET', path: url.pathname + url.search, signal: combined });
    const text = await response.body.text();
    return response.statusCode === 200 ? publicIpFromEcho(text) : null;
  } catch {
    // No echo answer only means the network stays unknown (AS0/ZZ); the run goes on.
    return null;
  } finally {
    await client.destroy().catch(() => undefined);
  }
}
