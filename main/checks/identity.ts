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

/** The country in a Cloudflare-trace reply (`loc=NL`), when it names one. */
export function countryFromEcho(body: string): string | null {
  const loc = /^loc=([A-Za-z]{2})$/m.exec(body.trim())?.[1];
  return loc && loc.toUpperCase() !== 'XX' ? loc.toUpperCase() : null;
}

export async function fetchPublicIp(net: Network, echoUrl: string, address: string, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
  return (await fetchEcho(net, echoUrl, address, timeoutMs, signal))?.ip ?? null;
}

/** The echo's answer: the public IP and, from a trace page, the country it places that IP in. */
export async function fetchEcho(
  net: Network,
  echoUrl: string,
  address: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ ip: string; cc: string | null } | null> {
  const url = new URL(echoUrl);
  const combined = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  const { client } = originClient(net, url, address, combined, timeoutMs);
  try {
    const response = await client.request({ method: 'GET', path: url.pathname + url.search, signal: combined });
    const text = await response.body.text();
    const ip = response.statusCode === 200 ? publicIpFromEcho(text) : null;
    return ip ? { ip, cc: countryFromEcho(text) } : null;
  } catch {
    // No echo answer only means the network stays unknown (AS0/ZZ); the run goes on.
    return null;
  } finally {
    await client.destroy().catch(() => undefined);
  }
}
