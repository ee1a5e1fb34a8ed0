// HTTP GET as a browser would make it, hop by hop through redirects. Each hop is one
// observation, so a redirect to a blockpage host shows as such. Bodies are hashed and measured
// up to a cap, never kept: a run must not hold a site's content in memory or on disk.
import { createHash } from 'node:crypto';
import type { Client } from 'undici';
import { LOCAL_REDIRECT_FAILURE, httpHopWithoutResponse, type HttpObservation } from '../contract/observations.ts';
import { isLocalAddressFor, type Network } from './network.ts';
import { startDeadline, type StepOptions } from './deadline.ts';
import { originClient, requestFailure } from './connect.ts';
import { ipLiteral } from './dns-message.ts';
import { toFailure } from './failure.ts';
import { CookieJar } from './cookies.ts';
import { extractTitle } from './title.ts';

export interface HttpFetchOptions extends StepOptions {
  /** Address of the URL's host (the caller resolved it and chose which one to test). */
  ip: string;
  /** Resolves a redirect's new host; without it, redirects to another host are not followed. */
  resolve?: (host: string) => Promise<string[]>;
  maxBodyBytes?: number;
  maxRedirects?: number;
}

/** Headers of a current desktop Chrome: blockpages and geo-fences are served to browsers. */
export const BROWSER_HEADERS: Readonly<Record<string, string>> = {
  'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'accept-language': 'en-US,en;q=0.9',
};

const DEFAULT_MAX_BODY = 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
/** A <title> is expected near the top; looking further would only cost memory. */
const TITLE_WINDOW = 64 * 1024;

export async function httpFetch(net: Network, url: string, o: HttpFetchOptions): Promise<HttpObservation[]> {
  const hops: HttpObservation[] = [];
  const maxRedirects = o.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const cookies = new CookieJar();
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return [emptyHop(url, null, `unknown_failure: invalid URL ${url}`)];
  }
  let ip = o.ip;
  for (;;) {
    const hop = await fetchHop(net, current, ip, o, cookies);
    hops.push(hop);
    if (hop.failure !== null || hop.redirectTo === null || hops.length > maxRedirects || o.signal?.aborted) break;
    const next = new URL(hop.redirectTo);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') break;
    if (next.hostname.toLowerCase() !== current.hostname.toLowerCase()) {
      const t0 = Date.now();
      const resolved = await resolveHost(next.hostname, o);
      if (resolved === undefined) break;
      if ('failure' in resolved) {
        hops.push({ ...emptyHop(next.href, null, resolved.failure), t0, attempt: o.attempt ?? 0 });
        break;
      }
      // A site may send the browser to the person's own router or a Wi-Fi login page; what those
      // answer (a device's name, its settings page) is not the site's and must not end up in a
      // report. The redirect is the evidence: recorded, not followed.
      if (isLocalAddressFor(net, resolved.ip)) {
        hops.push({ ...emptyHop(next.href, resolved.ip, LOCAL_REDIRECT_FAILURE), t0, attempt: o.attempt ?? 0 });
        break;
      }
      ip = resolved.ip;
    }
    current = next;
  }
  return hops;
}

/** The address for a redirect's host; undefined when the caller gave no way to resolve it. */
async function resolveHost(host: string, o: HttpFetchOptions): Promise<{ ip: string } | { failure: string } | undefined> {
  const literal = ipLiteral(host);
  if (literal !== null) return { ip: literal };
  if (!o.resolve) return undefined;
  try {
    const [first] = await o.resolve(host);
    return first ? { ip: first } : { failure: 'dns_no_answer' };
  } catch (err) {
    return { failure: o.signal?.aborted ? 'interrupted' : toFailure(err) };
  }
}

function emptyHop(url: string, ip: string | null, failure: string | null): HttpObservation {
  const now = Date.now();
  return httpHopWithoutResponse({ url, ip, t0: now, t1: now, attempt: 0, failure });
}

/** One request on a fresh connection; the timeout covers connect, headers and body. */
async function fetchHop(net: Network, url: URL, ip: string, o: HttpFetchOptions, cookies: CookieJar): Promise<HttpObservation> {
  const t0 = Date.now();
  const deadline = startDeadline(o.timeoutMs, o.signal);
  const { client, trace } = originClient(net, url, ip, deadline.signal, o.timeoutMs);
  const hop: HttpObservation = { ...emptyHop(url.href, ip, null), t0, attempt: o.attempt ?? 0 };
  const body = new BodyDigest(o.maxBodyBytes ?? DEFAULT_MAX_BODY);
  let headersAt: number | null = null;
  try {
    const cookie = cookies.header(url);
    const response = await client.request({
      method: 'GET',
      path: `${url.pathname}${url.search}`,
      headers: cookie ? { ...BROWSER_HEADERS, cookie } : BROWSER_HEADERS,
      signal: deadline.signal,
    });
    headersAt = performance.now();
    hop.status = response.statusCode;
    hop.headers = flattenHeaders(response.headers);
    cookies.store(url, response.headers['set-cookie']);
    const location = hop.headers.location;
    if (response.statusCode >= 300 && response.statusCode < 400 && location) hop.redirectTo = resolveLocation(location, url);
    await body.consume(response.body as AsyncIterable<Buffer>);
  } catch (err) {
    hop.failure = requestFailure(err, deadline, trace);
  }
  // Before the connection is torn down: closing may take a while on a congested path.
  const bodyEnded = performance.now();
  deadline.dispose();
  await destroy(client);
  if (hop.status !== null) {
    if (headersAt !== null) {
      hop.bodyMs = tenths(bodyEnded - headersAt);
      if (trace.readyAt !== null) hop.requestMs = tenths(Math.max(0, headersAt - trace.readyAt));
    }
    hop.bodyLength = body.length;
    hop.bodyTruncated = body.truncated;
    hop.bodySha256 = body.sha256();
    hop.title = extractTitle(body.head(), hop.headers['content-type']);
  }
  hop.t1 = Date.now();
  return hop;
}

const tenths = (ms: number): number => Math.round(ms * 10) / 10;

const destroy = (client: Client) => client.destroy().catch(() => undefined);

function resolveLocation(location: string, base: URL): string | null {
  try {
    return new URL(location, base).href;
  } catch {
    return null;
  }
}

/** Lower-case names; repeated headers joined with ", " (as HTTP allows for all but Set-Cookie). */
export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Length and SHA-256 of a body up to a cap, and its first bytes for the title. */
class BodyDigest {
  length = 0;
  truncated = false;
  private readonly hash = createHash('sha256');
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;

  constructor(private readonly cap: number) {}

  async consume(stream: AsyncIterable<Buffer>): Promise<void> {
    for await (const chunk of stream) {
      const room = this.cap - this.length;
      this.add(chunk.length > room ? chunk.subarray(0, room) : chunk);
      if (chunk.length > room) {
        // Leaving the loop destroys the stream; the connection is closed right after.
        this.truncated = true;
        return;
      }
    }
  }

  private add(piece: Buffer): void {
    this.length += piece.length;
    this.hash.update(piece);
    if (this.headLength < TITLE_WINDOW) {
      const part = piece.subarray(0, TITLE_WINDOW - this.headLength);
      this.headChunks.push(part);
      this.headLength += part.length;
    }
  }

  sha256(): string {
    return this.hash.copy().digest('hex');
  }

  head(): Buffer {
    return Buffer.concat(this.headChunks);
  }
}
