// The lab's web servers: every host name is served (a healthy site unless the scenario says
// otherwise), plus the lab's own services. Two instances run, one per egress, because a site
// fenced to Azerbaijan answers differently to a VPN user than to a domestic one.
//
// Origins are reached only through a middlebox, which first writes `YOXLA-ORIGIN <host> <mode>\n`
// (the host owning the address the client dialed, and `portal` behind a captive portal) and sends
// the client's bytes only after the origin's one-byte ready reply, so no client byte is ever
// buffered in JS before the TLS or HTTP layer takes the socket over.
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { createHash } from 'node:crypto';
import type { Scenario, Site, SitePage } from './scenario.ts';
import type { CertificateAuthority } from './ca.ts';
import { LAB_HOSTS, normalizeHost, type AddressBook } from './address-book.ts';
import { answerQuery, type DnsPolicy } from './dns-server.ts';
import { mulberry32 } from './prng.ts';

export type Egress = 'domestic' | 'foreign';
export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** The public address every foreign-egress (VPN and control) connection appears to come from. */
export const VPN_EGRESS_IP = '203.0.113.50';
export const READY = Buffer.from([0x01]);
const DEFAULT_LARGE_BYTES = 1_000_000;
const MAX_SPEED_BYTES = 50_000_000;
const MAX_DOH_BODY = 65_535;

export interface OriginContext {
  /** Host name owning the dialed address. */
  dest: string;
  captive: boolean;
}

export const originHeader = (ctx: OriginContext): string => `YOXLA-ORIGIN ${ctx.dest} ${ctx.captive ? 'portal' : 'normal'}\n`;

function parseOriginHeader(line: string): OriginContext | undefined {
  const [magic, dest, mode] = line.trim().split(' ');
  if (magic !== 'YOXLA-ORIGIN' || !dest) return undefined;
  return { dest: normalizeHost(dest), captive: mode === 'portal' };
}

/**
 * Reads one `\n`-terminated line without ever switching the socket to flowing mode, so whoever
 * takes the socket next sees a fresh stream. Bytes after the line are put back.
 */
export function readHeaderLine(socket: net.Socket, maxBytes = 512): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const cleanup = () => {
      socket.off('readable', onReadable);
      socket.off('end', onGone);
      socket.off('close', onGone);
      socket.off('error', onGone);
    };
    const onGone = () => {
      cleanup();
      reject(new Error('closed before the header line'));
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) {
        buffered = Buffer.concat([buffered, chunk]);
        const newline = buffered.indexOf(0x0a);
        if (newline >= 0) {
          cleanup();
          const rest = buffered.subarray(newline + 1);
          if (rest.length > 0) socket.unshift(rest);
          resolve(buffered.subarray(0, newline).toString('latin1'));
          return;
        }
        if (buffered.length > maxBytes) {
          cleanup();
          reject(new Error('header line too long'));
          return;
        }
      }
    };
    socket.on('readable', onReadable);
    socket.once('end', onGone);
    socket.once('close', onGone);
    socket.once('error', onGone);
  });
}

/**
 * TLS contexts with a leaf per host name, signed by one CA; shared by every server using it.
 * An OpenSSL context costs about a hundred kilobytes of native memory, so only the most recently
 * used ones are kept (a 1,000-site run would otherwise hold 1,000); the certificates themselves
 * stay cached in the CA, so a context is cheap to make again.
 */
export class SecureContextStore {
  private readonly contexts = new Map<string, Promise<tls.SecureContext>>();
  constructor(
    private readonly ca: CertificateAuthority,
    private readonly capacity = 64,
  ) {}

  contextFor(host: string): Promise<tls.SecureContext> {
    const name = normalizeHost(host);
    let pending = this.contexts.get(name);
    if (pending) {
      this.contexts.delete(name); // re-inserted below: Map order is the recency order
    } else {
      pending = this.ca.issue(name).then(({ certPem, keyPem }) => tls.createSecureContext({ cert: certPem, key: keyPem }));
    }
    this.contexts.set(name, pending);
    if (this.contexts.size > this.capacity) {
      const oldest = this.contexts.keys().next().value;
      if (oldest !== undefined) this.contexts.delete(oldest);
    }
    return pending;
  }
}

// ---- pages -------------------------------------------------------------------------------------

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const FILLER = (
  'xəbər news günün today hadisə event şəhər city Bakı region iqtisadiyyat economy mədəniyyət ' +
  'culture idman sport hava weather video foto photo müsahibə interview analitika analysis rəy ' +
  'opinion dünya world cəmiyyət society siyasət politics texnologiya technology'
).split(' ');

/** Recently served pages; bounded, so a 1,000-site run does not keep every page alive. */
const pageCache = new Map<string, string>();
const PAGE_CACHE_SIZE = 128;

/**
 * A site's front page: deterministic, 2–9 KB depending on the host, titled with the host, so a
 * blockpage differs from it in both title and length.
 */
export function sitePage(host: string): string {
  const cached = pageCache.get(host);
  if (cached) return cached;
  const digest = createHash('sha256').update(host).digest();
  const size = 2048 + (digest.readUInt32BE(0) % 7168);
  const random = mulberry32(digest.readUInt32BE(4));
  const head = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(host)}</title></head><body><h1>${escapeHtml(host)}</h1>\n`;
  const tail = '</body></html>\n';
  let body = '';
  while (Buffer.byteLength(head + body + tail) < size) {
    const words = Array.from({ length: 12 }, () => FILLER[Math.floor(random() * FILLER.length)]);
    body += `<p>${words.join(' ')}.</p>\n`;
  }
  const page = head + body + tail;
  pageCache.set(host, page);
  if (pageCache.size > PAGE_CACHE_SIZE) pageCache.delete(pageCache.keys().next().value as string);
  return page;
}

/** What Azerbaijani ISPs showed in place of a blocked site: a warning citing the law. */
export const BLOCKPAGE_HTML = `<!doctype html>
<html lang="az"><head><meta charset="utf-8"><title>Giriş məhdudlaşdırılıb</title>
<style>body{font-family:sans-serif;background:#f4f4f4;color:#222;margin:0}main{max-width:40em;margin:4em auto;background:#fff;border-top:6px solid #c8102e;padding:2em}</style>
</head><body><main>
<h1>Giriş məhdudlaşdırılıb</h1>
<p>Bu internet resursuna giriş Azərbaycan Respublikasının “İnformasiya, informasiyalaşdırma və informasiyanın mühafizəsi haqqında” Qanununun tələblərinə uyğun olaraq məhdudlaşdırılıb.</p>
<p lang="en">Access to this resource has been restricted in accordance with the legislation of the Republic of Azerbaijan.</p>
<p><small>Ətraflı məlumat üçün internet provayderinizə müraciət edin.</small></p>
</main></body></html>
`;

export const PORTAL_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Wi-Fi login</title></head><body>
<h1>Pulsuz Wi-Fi / Free Wi-Fi</h1>
<form method="post" action="/login"><label>Telefon nömrəsi / Phone number <input name="phone" type="tel"></label>
<button type="submit">Daxil ol / Log in</button></form>
</body></html>
`;

const GEOFENCE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Access denied</title></head><body>
<h1>Access denied</h1><p>Bu xidmət yalnız Azərbaycanda əlçatandır. This service is available only in Azerbaijan.</p>
</body></html>
`;

/** A bot check a CDN puts in front of a site for visitors from addresses it distrusts. */
const CAPTCHA_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Attention Required! | Security check</title></head><body>
<h1>Please verify you are a human</h1><p>Complete the captcha to continue.</p>
</body></html>
`;

/** `{{publicIp}}` stands for the scenario's public address in every field of a site's page. */
const withPublicIp = (text: string, publicIp: string) => text.replaceAll('{{publicIp}}', publicIp);

/**
 * Serves a scenario site's own page: its status, headers and body (or the host's usual page,
 * retitled), with a `location` header for a redirect.
 */
function sendSitePage(req: http.IncomingMessage, res: http.ServerResponse, host: string, page: SitePage, publicIp: string) {
  const fill = (text: string) => withPublicIp(text, publicIp);
  const title = page.title === undefined ? undefined : escapeHtml(fill(page.title));
  let html: string;
  if (page.body !== undefined) {
    const body = fill(page.body);
    html = title === undefined || /<title[\s>]/i.test(body)
      ? body
      : `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>\n`;
  } else {
    const usual = sitePage(host);
    html = title === undefined ? usual : usual.replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`);
  }
  const payload = Buffer.from(html);
  const headers: Record<string, string | number> = { 'content-type': 'text/html; charset=utf-8' };
  for (const [name, value] of Object.entries(page.headers ?? {})) headers[name.toLowerCase()] = fill(value);
  if (page.location !== undefined) headers.location = fill(page.location);
  headers['content-length'] = payload.length;
  res.writeHead(page.status ?? 200, headers);
  res.end(req.method === 'HEAD' ? undefined : payload);
}

// ---- handlers ----------------------------------------------------------------------------------

function sendText(req: http.IncomingMessage, res: http.ServerResponse, status: number, type: string, body: string | Buffer) {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-type': type, 'content-length': payload.length });
  res.end(req.method === 'HEAD' ? undefined : payload);
}

const sendHtml = (req: http.IncomingMessage, res: http.ServerResponse, status: number, html: string) =>
  sendText(req, res, status, 'text/html; charset=utf-8', html);

const BLOCK = Buffer.alloc(64 * 1024, 0x78);

/** Streams `bytes` bytes, respecting backpressure so a slow reader costs no memory. */
function sendBytes(req: http.IncomingMessage, res: http.ServerResponse, bytes: number) {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes });
  if (req.method === 'HEAD') return void res.end();
  let left = bytes;
  const pump = () => {
    while (left > 0) {
      const piece = left >= BLOCK.length ? BLOCK : BLOCK.subarray(0, left);
      left -= piece.length;
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= limit ? Buffer.concat(chunks) : undefined));
    req.on('error', () => resolve(undefined));
  });
}

/** RFC 8484: POST application/dns-message, or GET ?dns=<base64url>. */
async function serveDoh(req: http.IncomingMessage, res: http.ServerResponse, url: URL, policy: DnsPolicy) {
  if (url.pathname !== '/dns-query') return sendText(req, res, 404, 'text/plain', 'not found\n');
  let query: Buffer | undefined;
  if (req.method === 'GET') {
    const param = url.searchParams.get('dns');
    query = param ? Buffer.from(param, 'base64url') : undefined;
  } else if (req.method === 'POST') {
    if (!req.headers['content-type']?.startsWith('application/dns-message')) {
      return sendText(req, res, 415, 'text/plain', 'expected application/dns-message\n');
    }
    query = await readBody(req, MAX_DOH_BODY);
  } else {
    return sendText(req, res, 405, 'text/plain', 'method not allowed\n');
  }
  const reply = query ? answerQuery(query, policy) : null;
  if (!reply) return sendText(req, res, 400, 'text/plain', 'bad dns query\n');
  res.setHeader('cache-control', 'max-age=60');
  sendText(req, res, 200, 'application/dns-message', reply);
}

export interface OriginOptions {
  egress: Egress;
  scenario: Scenario;
  book: AddressBook;
  certs: SecureContextStore;
  /** Truthful answers for DoH. */
  dohPolicy: DnsPolicy;
  /** The test-helper handler for th.lab.yoxla (made once the lab's networks exist). */
  controlHandler: () => RequestHandler;
}

function createOriginHandler(
  options: OriginOptions,
  contextOf: (req: http.IncomingMessage) => OriginContext | undefined,
): RequestHandler {
  const { egress, scenario } = options;
  const sites = new Map<string, Site>(Object.entries(scenario.sites).map(([host, site]) => [normalizeHost(host), site]));
  const publicIp = egress === 'domestic' ? scenario.network.publicIp : VPN_EGRESS_IP;

  return (req, res) => {
    const ctx = contextOf(req);
    const url = new URL(req.url ?? '/', 'http://origin.invalid');
    const host = normalizeHost((req.headers.host ?? ctx?.dest ?? '').replace(/:\d*$/, ''));

    if (ctx?.captive) {
      if (host === LAB_HOSTS.portal) return sendHtml(req, res, 200, PORTAL_HTML);
      res.writeHead(302, { location: `http://${LAB_HOSTS.portal}/login`, 'content-length': 0 });
      return void res.end();
    }
    if (ctx?.dest === LAB_HOSTS.sinkhole) return sendHtml(req, res, 200, BLOCKPAGE_HTML);

    switch (host) {
      case LAB_HOSTS.control:
        return options.controlHandler()(req, res);
      case LAB_HOSTS.doh:
        return void serveDoh(req, res, url, options.dohPolicy);
      case LAB_HOSTS.echo:
        return url.pathname === '/ip'
          ? sendText(req, res, 200, 'text/plain; charset=utf-8', `${publicIp}\n`)
          : sendText(req, res, 404, 'text/plain', 'not found\n');
      case LAB_HOSTS.connectivity:
        if (url.pathname !== '/generate_204') return sendText(req, res, 404, 'text/plain', 'not found\n');
        res.writeHead(204);
        return void res.end();
      case LAB_HOSTS.speed: {
        if (url.pathname !== '/large') return sendText(req, res, 404, 'text/plain', 'not found\n');
        const asked = Number(url.searchParams.get('bytes') ?? DEFAULT_LARGE_BYTES);
        const bytes = Number.isFinite(asked) ? Math.max(0, Math.min(MAX_SPEED_BYTES, Math.floor(asked))) : DEFAULT_LARGE_BYTES;
        return sendBytes(req, res, bytes);
      }
      case LAB_HOSTS.portal:
        return sendHtml(req, res, 200, PORTAL_HTML);
      case LAB_HOSTS.sinkhole:
        return sendHtml(req, res, 200, BLOCKPAGE_HTML);
    }

    const site = sites.get(host);
    // Reached by a Host header on another address: a down site still serves nothing.
    if (site?.down) return void req.socket.destroy();
    if (site?.geofence === 'domestic-only' && egress === 'foreign') {
      if (site.geofenceBy === 'captcha') return sendHtml(req, res, 200, CAPTCHA_HTML);
      return sendHtml(req, res, site.geofenceBy === '451' ? 451 : 403, GEOFENCE_HTML);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(req, res, 405, 'text/plain', 'method not allowed\n');
    if (url.pathname === '/large') return sendBytes(req, res, site?.bytes ?? DEFAULT_LARGE_BYTES);
    // The page's public address is the scenario's, on the domestic and control paths alike.
    if (site?.page) return sendSitePage(req, res, host, site.page, scenario.network.publicIp);
    sendHtml(req, res, 200, sitePage(host));
  };
}

export interface Origin {
  readonly httpPort: number;
  readonly httpsPort: number;
  close(): Promise<void>;
}

/**
 * Each site's time to answer a ClientHello (`handshakeDelayMs`): fixed, or drawn per handshake in
 * arrival order from the scenario's seed, so a seed replays the same delays.
 */
function handshakeDelays(scenario: Scenario): (host: string) => number {
  const delays = new Map(Object.entries(scenario.sites).map(([host, site]) => [normalizeHost(host), site.handshakeDelayMs]));
  const random = mulberry32(scenario.network.seed ^ 0x5e1f);
  return (host) => {
    const delay = delays.get(normalizeHost(host));
    if (delay === undefined) return 0;
    if (typeof delay === 'number') return delay;
    return delay.min + random() * (delay.max - delay.min);
  };
}

/** One egress's HTTP and HTTPS listeners on 127.0.0.1, sharing one request handler. */
export async function startOrigin(options: OriginOptions): Promise<Origin> {
  const contexts = new WeakMap<net.Socket, OriginContext>();
  const sockets = new Set<net.Socket>();
  /** Handshakes waiting on a slow server, each with what ends its wait early (close). */
  const waits = new Map<NodeJS.Timeout, () => void>();
  let closed = false;
  const thinkingTime = handshakeDelays(options.scenario);

  const handler = createOriginHandler(options, (req) => contexts.get(req.socket));
  const httpServer = http.createServer(handler);
  // Handshake failures (a client refusing a sinkhole certificate) are normal here.
  httpServer.on('clientError', (_err, socket) => socket.destroy());

  const accept = (tlsMode: boolean) => async (raw: net.Socket) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => {});
    const ctx = parseOriginHeader(await readHeaderLine(raw).catch(() => ''));
    if (!ctx || closed) return void raw.destroy();
    if (!tlsMode) {
      contexts.set(raw, ctx);
      raw.write(READY);
      httpServer.emit('connection', raw);
      return;
    }
    // The sinkhole and the portal present their own certificate whatever name the client asks for.
    const fixed = ctx.captive ? LAB_HOSTS.portal : ctx.dest === LAB_HOSTS.sinkhole ? LAB_HOSTS.sinkhole : undefined;
    const secureContext = await options.certs.contextFor(fixed ?? ctx.dest).catch(() => undefined);
    if (!secureContext || closed || raw.destroyed) return void raw.destroy();
    // A slow server: the ClientHello waits (the middlebox sends it only after the ready byte).
    const delayMs = fixed ? 0 : thinkingTime(ctx.dest);
    if (delayMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waits.delete(timer);
          resolve();
        }, delayMs);
        waits.set(timer, resolve);
      });
      if (closed || raw.destroyed) return void raw.destroy();
    }
    raw.write(READY);
    // Same tick as the ready byte: the client's ClientHello cannot have arrived yet.
    const secure = new tls.TLSSocket(raw, {
      isServer: true,
      secureContext,
      ALPNProtocols: ['http/1.1'],
      SNICallback: (name, cb) => {
        options.certs.contextFor(fixed ?? name).then(
          (context) => cb(null, context),
          (err: Error) => cb(err, undefined),
        );
      },
    });
    secure.on('error', () => raw.destroy());
    contexts.set(secure, ctx);
    httpServer.emit('connection', secure);
  };

  const listen = async (tlsMode: boolean) => {
    const server = net.createServer(accept(tlsMode));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server;
  };
  const [plain, secure] = [await listen(false), await listen(true)];

  return {
    httpPort: (plain.address() as net.AddressInfo).port,
    httpsPort: (secure.address() as net.AddressInfo).port,
    async close() {
      if (closed) return;
      closed = true;
      for (const [timer, resolve] of waits) {
        clearTimeout(timer);
        resolve();
      }
      waits.clear();
      for (const socket of sockets) socket.destroy();
      await Promise.all([plain, secure].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
