// Small servers on 127.0.0.1 that misbehave on request, for the engine's tests: plain TCP, TLS
// that goes silent or resets after the ClientHello, HTTP(S) with canned answers, a DNS stub over
// UDP and TCP, and a DoH stub. Every server counts its connections, so a test can check that a
// step closed everything it opened.
import dgram from 'node:dgram';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import dnsPacket from 'dns-packet';
import { CertificateAuthority, type KeyAndCert } from '../../main/lab/ca.ts';
import {
  dialDirect,
  dnsExchangeDirect,
  isLoopback,
  isNonPublicAddress,
  withLoopbackGuard,
  type DohConfig,
  type Endpoint,
  type Network,
} from '../../main/engine/network.ts';

export const LOCALHOST = '127.0.0.1';

// ---------------------------------------------------------------------------------------------
// Bookkeeping

/** Server-side sockets: how many were accepted, and whether all of them have closed. */
export class SocketTracker {
  accepted = 0;
  private readonly live = new Set<net.Socket>();

  add(socket: net.Socket): void {
    this.accepted += 1;
    this.live.add(socket);
    // A client that resets is expected here; it must not crash the test process.
    socket.on('error', () => undefined);
    socket.once('close', () => this.live.delete(socket));
  }

  get open(): number {
    return this.live.size;
  }

  /** True once every accepted socket closed; false if some are still open after `timeoutMs`. */
  async allClosed(timeoutMs = 2_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.live.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    return this.live.size === 0;
  }

  destroyAll(): void {
    for (const socket of this.live) socket.destroy();
  }
}

export interface TestServer {
  host: string;
  port: number;
  endpoint: Endpoint;
  sockets: SocketTracker;
  close(): Promise<void>;
}

function listen(server: net.Server, host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

function closeServer(server: net.Server, sockets: SocketTracker): Promise<void> {
  sockets.destroyAll();
  return new Promise((resolve) => server.close(() => resolve()));
}

// ---------------------------------------------------------------------------------------------
// Certificates

/** TLS server options serving a certificate per SNI among `hosts` (the first one otherwise). */
export async function tlsOptions(ca: CertificateAuthority, hosts: string[]): Promise<tls.TlsOptions> {
  const contexts = new Map<string, tls.SecureContext>();
  let fallback: KeyAndCert | undefined;
  for (const host of hosts) {
    const pair = await ca.issue(host);
    fallback ??= pair;
    contexts.set(host, tls.createSecureContext({ cert: pair.certPem, key: pair.keyPem }));
  }
  if (!fallback) throw new Error('tlsOptions needs at least one host');
  return {
    cert: fallback.certPem,
    key: fallback.keyPem,
    SNICallback: (name, callback) => callback(null, contexts.get(name.toLowerCase())),
  };
}

// ---------------------------------------------------------------------------------------------
// Plain TCP and TLS

export type TcpBehaviour = 'hold' | 'reset' | 'close';

/** Accepts and then holds the connection, resets it, or closes it. */
export async function startTcpServer(behaviour: TcpBehaviour = 'hold', host = LOCALHOST): Promise<TestServer> {
  const sockets = new SocketTracker();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    if (behaviour === 'reset') socket.resetAndDestroy();
    else if (behaviour === 'close') socket.end();
  });
  const port = await listen(server, host);
  return { host, port, endpoint: { ip: host, port }, sockets, close: () => closeServer(server, sockets) };
}

/**
 * `ok`: a TLS server with certificates for `hosts` from `ca`. The others read the ClientHello and
 * then say nothing (`silent`, an SNI drop), reset (`reset`), or close cleanly (`eof`).
 */
export type TlsBehaviour = 'ok' | 'silent' | 'reset' | 'eof';

export async function startTlsServer(options: {
  behaviour: TlsBehaviour;
  ca?: CertificateAuthority;
  hosts?: string[];
  host?: string;
}): Promise<TestServer> {
  const host = options.host ?? LOCALHOST;
  const sockets = new SocketTracker();
  let server: net.Server;
  if (options.behaviour === 'ok') {
    if (!options.ca || !options.hosts) throw new Error('an ok TLS server needs a CA and hosts');
    const tlsServer = tls.createServer({ ...(await tlsOptions(options.ca, options.hosts)), ALPNProtocols: ['h2', 'http/1.1'] }, (s) => {
      s.on('error', () => undefined);
    });
    tlsServer.on('connection', (socket: net.Socket) => sockets.add(socket));
    tlsServer.on('tlsClientError', () => undefined);
    server = tlsServer;
  } else {
    const behaviour = options.behaviour;
    server = net.createServer((socket) => {
      sockets.add(socket);
      socket.once('data', () => {
        if (behaviour === 'reset') socket.resetAndDestroy();
        else if (behaviour === 'eof') socket.end();
        // silent: keep reading and never answer.
      });
    });
  }
  const port = await listen(server, host);
  return { host, port, endpoint: { ip: host, port }, sockets, close: () => closeServer(server, sockets) };
}

// ---------------------------------------------------------------------------------------------
// HTTP(S)

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface HttpServer extends TestServer {
  /** Base URL for `name` (default: the address), e.g. https://a.test:PORT */
  origin(name?: string): string;
  /** Requests seen, as "Host path". */
  requests: string[];
}

export async function startHttpServer(options: {
  routes: Record<string, Handler>;
  /** Serve HTTPS with certificates for these hosts. */
  tls?: { ca: CertificateAuthority; hosts: string[] };
  host?: string;
}): Promise<HttpServer> {
  const host = options.host ?? LOCALHOST;
  const sockets = new SocketTracker();
  const requests: string[] = [];
  const handle: Handler = (req, res) => {
    requests.push(`${req.headers.host ?? ''} ${req.url ?? ''}`);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = options.routes[path];
    if (route) route(req, res);
    else respond(404, 'not found')(req, res);
  };
  const server = options.tls ? https.createServer(await tlsOptions(options.tls.ca, options.tls.hosts), handle) : http.createServer(handle);
  server.on('connection', (socket: net.Socket) => sockets.add(socket));
  server.on('clientError', (_err, socket) => socket.destroy());
  const port = await listen(server, host);
  const scheme = options.tls ? 'https' : 'http';
  return {
    host,
    port,
    endpoint: { ip: host, port },
    sockets,
    requests,
    origin: (name = host) => `${scheme}://${name}:${port}`,
    close: () => {
      server.closeAllConnections();
      return closeServer(server, sockets);
    },
  };
}

export const html = (title: string, extra = '') => `<!doctype html><html><head><title>${title}</title></head><body>${extra}</body></html>`;

/** A fixed answer. */
export function respond(status: number, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}): Handler {
  return (_req, res) => {
    const payload = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': payload.length, ...headers });
    res.end(payload);
  };
}

export const redirect = (location: string, status = 302): Handler => respond(status, '', { location });

/** `size` bytes of body (a repeating pattern). */
export function bytes(size: number): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    const chunk = Buffer.alloc(Math.min(size, 64 * 1024), 0x61);
    let left = size;
    const pump = () => {
      while (left > 0) {
        const piece = chunk.subarray(0, Math.min(left, chunk.length));
        left -= piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  };
}

/** `chunkBytes` every `everyMs` until `total` bytes (a throttled or stalling body). */
export function slow(chunkBytes: number, everyMs: number, total: number): Handler {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': total });
    let sent = 0;
    const timer = setInterval(() => {
      const n = Math.min(chunkBytes, total - sent);
      res.write(Buffer.alloc(n, 0x62));
      sent += n;
      if (sent >= total) {
        clearInterval(timer);
        res.end();
      }
    }, everyMs);
    req.socket.once('close', () => clearInterval(timer));
  };
}

/** Promises `declared` bytes, sends `sent`, then resets the connection. */
export function resetMidResponse(sent: number, declared: number): Handler {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': declared });
    // Under HTTPS, req.socket is the TLS layer; the reset has to go to the TCP socket beneath it.
    const tcp = (req.socket as net.Socket & { _parent?: net.Socket })._parent ?? req.socket;
    res.write(Buffer.alloc(sent, 0x63), () => setTimeout(() => tcp.resetAndDestroy(), 20));
  };
}

// ---------------------------------------------------------------------------------------------
// DNS

export interface ZoneEntry {
  A?: string[];
  AAAA?: string[];
  /** Answer with a CNAME to this name, followed by its addresses. */
  cname?: string;
  rcode?: 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';
  /** Never answer. */
  silent?: boolean;
  /** Over UDP, answer with the TC bit and no records, so the client must ask over TCP. */
  truncateOverUdp?: boolean;
}
/** Names are lower-case without the trailing dot; a name not listed is NXDOMAIN. */
export type Zone = Record<string, ZoneEntry>;

const RCODE_NUMBER = { NXDOMAIN: 3, SERVFAIL: 2, REFUSED: 5 } as const;

/** The stub's reply to `query`, or null for silence. */
export function answerQuery(zone: Zone, query: Buffer, transport: 'udp' | 'tcp'): Buffer | null {
  const packet = dnsPacket.decode(query);
  const question = packet.questions?.[0];
  if (!question) return null;
  const name = question.name.toLowerCase().replace(/\.$/, '');
  const entry = zone[name];
  const reply = (rcode: number, answers: dnsPacket.Answer[] = [], truncated = false) =>
    dnsPacket.encode({
      type: 'response',
      id: packet.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode | (truncated ? dnsPacket.TRUNCATED_RESPONSE : 0),
      questions: [question],
      answers,
    });
  if (!entry) return reply(RCODE_NUMBER.NXDOMAIN);
  if (entry.silent) return null;
  if (entry.rcode) return reply(RCODE_NUMBER[entry.rcode]);
  if (entry.truncateOverUdp && transport === 'udp') return reply(0, [], true);
  const answers: dnsPacket.Answer[] = [];
  let target = name;
  let records = entry;
  if (entry.cname) {
    answers.push({ type: 'CNAME', name, ttl: 60, data: entry.cname });
    target = entry.cname;
    records = zone[entry.cname] ?? {};
  }
  if (question.type === 'A') for (const ip of records.A ?? []) answers.push({ type: 'A', name: target, ttl: 60, data: ip });
  if (question.type === 'AAAA') for (const ip of records.AAAA ?? []) answers.push({ type: 'AAAA', name: target, ttl: 60, data: ip });
  return reply(0, answers);
}

export interface DnsServer extends TestServer {
  /** Queries seen, as "transport type name". */
  queries: string[];
}

function describe(query: Buffer, transport: string): string {
  const q = dnsPacket.decode(query).questions?.[0];
  return `${transport} ${q?.type ?? '?'} ${q?.name ?? '?'}`;
}

/** The same zone over UDP and TCP on one port number. */
export async function startDnsServer(zone: Zone, host = LOCALHOST): Promise<DnsServer> {
  const queries: string[] = [];
  const sockets = new SocketTracker();
  for (let tries = 0; ; tries += 1) {
    const udp = dgram.createSocket('udp4');
    udp.on('message', (msg, from) => {
      queries.push(describe(msg, 'udp'));
      const reply = answerQuery(zone, msg, 'udp');
      if (reply) udp.send(reply, from.port, from.address);
    });
    const port = await new Promise<number>((resolve) => udp.bind(0, host, () => resolve(udp.address().port)));
    const tcp = net.createServer((socket) => {
      sockets.add(socket);
      let buffered = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
          const message = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
          buffered = buffered.subarray(2 + message.length);
          queries.push(describe(message, 'tcp'));
          const reply = answerQuery(zone, message, 'tcp');
          if (reply) {
            const prefix = Buffer.alloc(2);
            prefix.writeUInt16BE(reply.length);
            socket.write(Buffer.concat([prefix, reply]));
          }
        }
      });
    });
    try {
      await listen(tcp, host, port);
    } catch (err) {
      udp.close();
      if (tries < 5) continue;
      throw err;
    }
    return {
      host,
      port,
      endpoint: { ip: host, port },
      sockets,
      queries,
      close: async () => {
        udp.close();
        await closeServer(tcp, sockets);
      },
    };
  }
}

export interface DohServer extends HttpServer {
  config: DohConfig;
}

/** RFC 8484 over HTTPS for `name`, answering from `zone`; `status` forces an HTTP error. */
export async function startDohServer(options: {
  ca: CertificateAuthority;
  zone: Zone;
  name?: string;
  status?: number;
}): Promise<DohServer> {
  const name = options.name ?? 'doh.test';
  const handler: Handler = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (options.status) return respond(options.status, 'no')(req, res);
      const reply = answerQuery(options.zone, Buffer.concat(chunks), 'tcp');
      if (reply) respond(200, reply, { 'content-type': 'application/dns-message' })(req, res);
    });
  };
  const server = await startHttpServer({ routes: { '/dns-query': handler }, tls: { ca: options.ca, hosts: [name] } });
  return { ...server, config: { url: `${server.origin(name)}/dns-query`, bootstrap: [server.host] } };
}

// ---------------------------------------------------------------------------------------------
// The test Network

/** Direct sockets behind the loopback guard, trusting `ca`; `dial` may be replaced (e.g. to hang). */
export function testNetwork(options: {
  ca?: CertificateAuthority | string[];
  resolvers?: Endpoint[];
  doh?: DohConfig;
  dial?: Network['dial'];
  /** Which addresses count as the person's own network (redirects there are not followed). Default: none of loopback, the tests' internet. */
  isLocalAddress?: Network['isLocalAddress'];
} = {}): Network {
  const ca = options.ca instanceof CertificateAuthority ? [options.ca.certPem] : options.ca;
  return withLoopbackGuard({
    name: 'test',
    resolvers: options.resolvers ?? [],
    ca,
    doh: options.doh,
    dial: options.dial ?? dialDirect,
    dnsExchange: (server, query, transport, signal) => dnsExchangeDirect(server, query, transport, signal),
    isLocalAddress: options.isLocalAddress ?? ((ip) => !isLoopback(ip) && isNonPublicAddress(ip)),
  });
}

/** A dial that never connects and never gives up by itself: only the signal ends it. */
export const hangingDial: Network['dial'] = (_to, signal) =>
  new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
