// The ISP's box in front of every origin, one per path. The lab dialer connects here and writes
// `YOXLA-LAB <ip> <port>\n`; one byte 0x01 back means "TCP handshake done". On the domestic
// path the box applies the scenario: blackholed and reset addresses, SNI and Host filtering as
// deep as each rule's `inspects`, throttling, flaky resets, the captive portal; every path adds
// its latency. Censorship never applies to the vpn and control paths.
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { Duplex } from 'node:stream';
import { ruleMatchesHost, type CensorRule, type Scenario, type Site } from './scenario.ts';
import { LAB_HOSTS, normalizeHost, type AddressBook } from './address-book.ts';
import { inspectHttpHost, inspectSni, type Inspection } from './client-hello.ts';
import { BLOCKPAGE_HTML, READY, originHeader, readHeaderLine, type SecureContextStore } from './origin.ts';
import { mulberry32 } from './prng.ts';

const ACK = Buffer.from([0x01]);
const HTTP_PORT = 80;
const HTTPS_PORT = 443;
/** WhatsApp's chat port (XMPP's client port), which OONI's whatsapp test connects to besides 443. */
const CHAT_PORT = 5222;
/** The ports the lab's servers listen on; any other is refused, as by a real server. */
const OPEN_PORTS: ReadonlySet<number> = new Set([HTTP_PORT, HTTPS_PORT, CHAT_PORT]);

const BLOCKPAGE_BODY = Buffer.from(BLOCKPAGE_HTML);
const BLOCKPAGE_RESPONSE = Buffer.concat([
  Buffer.from(
    'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n' +
      `Content-Length: ${BLOCKPAGE_BODY.length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n`,
  ),
  BLOCKPAGE_BODY,
]);

// ---- pacing: latency and rate limits, order preserved -----------------------------------------

type Item = Buffer | 'end' | 'reset' | 'destroy';

// Like a TCP window: at most this much in flight per direction, so a delayed path still moves ~20 MB/s.
const DEFAULT_HIGH_WATER = 1024 * 1024;
// Rate-limited pieces are 50 ms worth of bytes, so a throttled flow trickles rather than bursts.
const PIECE_MS = 50;

/**
 * One direction of a flow: delivers items `delayMs` after they were pushed, and no faster than
 * the rate limit. A single timer serves the queue, so order is kept whatever the timings.
 */
class Pacer {
  private readonly queue: { at: number; item: Item }[] = [];
  private cursor = 0;
  private bytesPerMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  queuedBytes = 0;

  constructor(
    private readonly delayMs: number,
    private readonly deliver: (item: Item) => void,
    private readonly onRelieved: () => void,
  ) {}

  limit(kbps: number): void {
    this.bytesPerMs = kbps / 8; // kilobits per second = kbps/8 bytes per millisecond
  }

  /** Above this the source must pause: a throttled flow queues at most about a second of data. */
  get highWater(): number {
    return this.bytesPerMs > 0 ? Math.max(16 * 1024, this.bytesPerMs * 1000) : DEFAULT_HIGH_WATER;
  }

  get congested(): boolean {
    return this.queuedBytes > this.highWater;
  }

  push(item: Item): void {
    if (this.disposed) return;
    if (this.queue.length === 0 && this.delayMs <= 0 && this.bytesPerMs === 0) return this.deliver(item);
    const now = performance.now();
    const parts =
      Buffer.isBuffer(item) && this.bytesPerMs > 0 ? split(item, Math.max(256, Math.floor(this.bytesPerMs * PIECE_MS))) : [item];
    for (const part of parts) {
      const at = Math.max(now + this.delayMs, this.cursor);
      this.cursor = Buffer.isBuffer(part) && this.bytesPerMs > 0 ? at + part.length / this.bytesPerMs : at;
      if (Buffer.isBuffer(part)) this.queuedBytes += part.length;
      this.queue.push({ at, item: part });
    }
    this.arm();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  private arm(): void {
    const head = this.queue[0];
    if (this.timer || this.disposed || !head) return;
    this.timer = setTimeout(this.flush, Math.max(0, Math.ceil(head.at - performance.now())));
  }

  private readonly flush = (): void => {
    this.timer = undefined;
    const now = performance.now();
    let head = this.queue[0];
    while (head && head.at <= now + 0.5) {
      this.queue.shift();
      if (Buffer.isBuffer(head.item)) this.queuedBytes -= head.item.length;
      this.deliver(head.item);
      if (this.disposed) return;
      head = this.queue[0];
    }
    this.arm();
    if (!this.congested) this.onRelieved();
  };
}

function split(buffer: Buffer, size: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < buffer.length; offset += size) parts.push(buffer.subarray(offset, offset + size));
  return parts;
}

// ---- the box's decisions ------------------------------------------------------------------------

type Admission =
  | { kind: 'refuse' }
  | { kind: 'hold' } // blackholed: no handshake, no answer, ever
  | { kind: 'accept'; dest: string; captive: boolean };

/** A fatal TLS alert record (handshake_failure): how a server turns away a handshake it won't do. */
const TLS_HANDSHAKE_FAILURE_ALERT = Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);

type Verdict = 'wait' | { act: 'drop' | 'reset' | 'mitm' | 'blockpage'; host: string } | { act: 'pass'; kbps?: number };

export interface MiddleboxOptions {
  scenario: Scenario;
  book: AddressBook;
  /** The listeners of this path's egress. */
  origin: { httpPort: number; httpsPort: number };
  /** Leaves signed by the untrusted interception CA, for `sni mitm`. */
  interception: SecureContextStore;
  rttMs: number;
  /** The domestic path: the ISP's rules, captive portal and flaky resets apply. */
  isp: boolean;
}

/**
 * A naive box (one segment, no normalisation) compares the Host bytes as sent, so mixed case
 * slips past it; a reassembling box lower-cases first.
 */
function hostRuleMatches(rule: CensorRule, seen: Inspection, naive: boolean): seen is { state: 'seen'; host: string } {
  if (seen.state !== 'seen') return false;
  if (naive && seen.host !== seen.host.toLowerCase()) return false;
  return ruleMatchesHost(rule, seen.host);
}

class Policy {
  private readonly sites: Map<string, Site>;
  private readonly random: () => number;
  readonly captive: boolean;

  constructor(private readonly options: MiddleboxOptions) {
    const { scenario } = options;
    this.sites = new Map(Object.entries(scenario.sites).map(([host, site]) => [normalizeHost(host), site]));
    this.random = mulberry32(scenario.network.seed);
    this.captive = options.isp && scenario.network.state === 'captive-portal';
  }

  admit(ip: string, port: number): Admission {
    if (!OPEN_PORTS.has(port)) return { kind: 'refuse' };
    if (this.captive) return { kind: 'accept', dest: LAB_HOSTS.portal, captive: true };
    const dest = this.options.book.hostOf(ip);
    if (!dest) return { kind: 'refuse' };
    const site = this.sites.get(dest);
    if (site?.down || (port === HTTPS_PORT && site?.http)) return { kind: 'refuse' };
    // A site fenced to Azerbaijan that ignores foreign addresses: no handshake on the foreign paths.
    if (!this.options.isp && site?.geofence && site.geofenceBy === 'timeout') return { kind: 'hold' };
    if (this.options.isp) {
      for (const rule of this.options.scenario.censor) {
        if (rule.at === 'ip' && ruleMatchesHost(rule, dest)) return rule.do === 'drop' ? { kind: 'hold' } : { kind: 'refuse' };
      }
    }
    return { kind: 'accept', dest, captive: false };
  }

  /** How a fenced site stops foreign connections at the transport, if it does (the origin answers the rest). */
  geofenceCut(dest: string): 'reset' | 'tls-alert' | null {
    const site = this.sites.get(dest);
    if (this.options.isp || !site?.geofence) return null;
    return site.geofenceBy === 'reset' || site.geofenceBy === 'tls-alert' ? site.geofenceBy : null;
  }

  /** Drawn once per accepted connection, in arrival order, so a seed replays the same resets. */
  transientReset(): boolean {
    const pct = this.options.scenario.network.transientResetPct;
    return this.options.isp && !this.captive && pct > 0 && this.random() * 100 < pct;
  }

  /** `final`: the client sent all it will, so a box still waiting decides on what it has. */
  inspect(speaksTls: boolean, received: () => Buffer, firstSegment: Buffer, final: boolean): Verdict {
    if (!this.options.isp || this.captive) return { act: 'pass' };
    const at = speaksTls ? 'sni' : 'http-host';
    const look = speaksTls ? inspectSni : inspectHttpHost;
    let all: Buffer | undefined;
    const bytes = () => (all ??= received());
    let kbps: number | undefined;
    for (const rule of this.options.scenario.censor) {
      if ((rule.at === 'sni' || rule.at === 'http-host') && rule.at === at) {
        const seen = look(rule.inspects, bytes(), firstSegment);
        if (seen.state === 'need-more' && !final) return 'wait';
        const naive = at === 'http-host' && rule.inspects === 'first-segment';
        if (hostRuleMatches(rule, seen, naive)) return { act: rule.do, host: seen.host };
      }
    }
    for (const rule of this.options.scenario.censor) {
      if (rule.at !== 'throughput') continue;
      const seen = look('stream', bytes(), firstSegment);
      if (seen.state === 'need-more' && !final) return 'wait';
      if (hostRuleMatches(rule, seen, false)) kbps = Math.min(kbps ?? Infinity, rule.kbps);
    }
    return kbps === undefined ? { act: 'pass' } : { act: 'pass', kbps };
  }
}

interface Box {
  readonly options: MiddleboxOptions;
  readonly policy: Policy;
  readonly blockpageServer: http.Server;
  readonly flows: Set<Flow>;
}

// ---- one client connection ---------------------------------------------------------------------

type Phase = 'preamble' | 'held' | 'inspecting' | 'connecting' | 'relaying' | 'dropped' | 'intercepted' | 'closing';

class Flow {
  private phase: Phase = 'preamble';
  private dest = '';
  private port = 0;
  private captive = false;
  private resetOnFirstData = false;
  private received: Buffer[] = [];
  private firstSegment: Buffer | undefined;
  private clientEnded = false;
  private clientReading = false;
  private upstream: net.Socket | undefined;
  private intercepted: { feed: Duplex; secure?: tls.TLSSocket } | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inbound: Pacer;
  private readonly outbound: Pacer;
  private disposed = false;

  constructor(
    private readonly box: Box,
    private readonly client: net.Socket,
  ) {
    const oneWay = box.options.rttMs / 2;
    this.inbound = new Pacer(oneWay, (item) => this.fromClient(item), () => this.updateClientFlow());
    this.outbound = new Pacer(oneWay, (item) => this.toClient(item), () => this.updateUpstreamFlow());
    client.setNoDelay(true);
    client.on('error', () => this.dispose());
    client.on('close', () => this.dispose());
    client.on('drain', () => this.updateUpstreamFlow());
  }

  async start(): Promise<void> {
    let line: string;
    try {
      line = await readHeaderLine(this.client);
    } catch {
      return this.dispose();
    }
    const match = /^YOXLA-LAB (\S+) (\d{1,5})$/.exec(line.trim());
    if (!match?.[1] || this.disposed) return this.dispose();
    const admission = this.box.policy.admit(match[1], Number(match[2]));
    if (admission.kind === 'hold') {
      this.phase = 'held';
      this.client.on('data', () => {});
      this.client.on('end', () => this.dispose()); // the client gave up
      return;
    }
    // A refusal, like a handshake, comes back after one round trip.
    this.after(this.box.options.rttMs, () => {
      if (admission.kind === 'refuse') return this.dispose();
      this.dest = admission.dest;
      this.captive = admission.captive;
      this.port = Number(match[2]);
      this.resetOnFirstData = this.box.policy.transientReset() || this.box.policy.geofenceCut(this.dest) === 'reset';
      this.phase = 'inspecting';
      this.client.write(ACK);
      this.clientReading = true;
      this.client.on('data', (chunk: Buffer) => {
        this.inbound.push(chunk);
        this.updateClientFlow();
      });
      this.client.on('end', () => this.inbound.push('end'));
    });
  }

  private after(ms: number, fn: () => void): void {
    if (ms <= 0) return fn();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.disposed) fn();
    }, ms);
    this.timers.add(timer);
  }

  /** Client bytes, once they have crossed half the path. */
  private fromClient(item: Item): void {
    switch (this.phase) {
      case 'inspecting':
        if (Buffer.isBuffer(item)) {
          if (this.resetOnFirstData) {
            this.phase = 'closing';
            return this.outbound.push('reset');
          }
          this.firstSegment ??= item;
          this.received.push(item);
        } else {
          this.clientEnded = true;
        }
        return this.decide();
      case 'connecting':
        if (Buffer.isBuffer(item)) this.received.push(item);
        else this.clientEnded = true;
        return;
      case 'relaying':
        if (Buffer.isBuffer(item)) this.upstream?.write(item);
        else this.upstream?.end();
        return this.updateClientFlow();
      case 'intercepted':
        this.intercepted?.feed.push(Buffer.isBuffer(item) ? item : null);
        return;
      default:
        // Dropped or already answered: the box swallows the rest; a half-close means "gave up".
        if (item === 'end') this.dispose();
    }
  }

  private toClient(item: Item): void {
    if (Buffer.isBuffer(item)) {
      this.client.write(item);
      return this.updateUpstreamFlow();
    }
    if (item === 'end') this.client.end();
    else if (item === 'reset') this.client.resetAndDestroy();
    else this.client.destroy();
  }

  private decide(): void {
    if (this.box.policy.geofenceCut(this.dest) === 'tls-alert' && this.speaksTls()) {
      this.phase = 'closing';
      this.outbound.push(TLS_HANDSHAKE_FAILURE_ALERT);
      return this.outbound.push('end');
    }
    const verdict = this.box.policy.inspect(
      this.speaksTls(),
      () => Buffer.concat(this.received),
      this.firstSegment ?? Buffer.alloc(0),
      this.clientEnded,
    );
    if (verdict === 'wait') return;
    switch (verdict.act) {
      case 'drop':
        // Nothing more in either direction; the client's own timeout ends it.
        this.phase = 'dropped';
        this.received = [];
        return;
      case 'reset':
        this.phase = 'closing';
        return this.outbound.push('reset');
      case 'blockpage':
        this.phase = 'closing';
        this.outbound.push(BLOCKPAGE_RESPONSE);
        return this.outbound.push('end');
      case 'mitm':
        return void this.intercept(verdict.host);
      case 'pass':
        if (verdict.kbps !== undefined) this.outbound.limit(verdict.kbps);
        return this.connectUpstream();
    }
  }

  /**
   * Port 443 usually carries TLS, but not always (Telegram's data centres answer plain HTTP on
   * 443), and 5222 may carry either: like a DPI box, look at the first byte, a TLS handshake
   * record being 0x16.
   */
  private speaksTls(): boolean {
    if (this.port === HTTP_PORT) return false;
    const first = this.firstSegment?.[0];
    return first === undefined || first === 0x16;
  }

  private connectUpstream(): void {
    this.phase = 'connecting';
    const { httpPort, httpsPort } = this.box.options.origin;
    const upstream = net.connect({ host: '127.0.0.1', port: this.speaksTls() ? httpsPort : httpPort, allowHalfOpen: true });
    this.upstream = upstream;
    upstream.setNoDelay(true);
    upstream.on('error', () => this.dispose());
    upstream.once('connect', () => upstream.write(originHeader({ dest: this.dest, captive: this.captive })));
    upstream.once('readable', () => {
      const ready = upstream.read(1) as Buffer | null;
      if (this.disposed) return;
      if (!ready || !ready.equals(READY)) return this.dispose();
      this.phase = 'relaying';
      for (const chunk of this.received) upstream.write(chunk);
      this.received = [];
      if (this.clientEnded) upstream.end();
      upstream.on('data', (chunk: Buffer) => {
        this.outbound.push(chunk);
        this.updateUpstreamFlow();
      });
      let upstreamEnded = false;
      upstream.on('end', () => {
        upstreamEnded = true;
        this.outbound.push('end');
      });
      upstream.on('close', () => {
        if (!upstreamEnded) this.outbound.push('destroy');
      });
      upstream.on('drain', () => this.updateClientFlow());
    });
  }

  /** Terminates TLS here with a certificate from the ISP's own CA and serves the blockpage in it. */
  private async intercept(host: string): Promise<void> {
    this.phase = 'intercepted';
    const feed = new Duplex({
      read() {},
      write: (chunk: Buffer, _encoding, callback) => {
        this.outbound.push(chunk);
        callback();
      },
      final: (callback) => {
        this.outbound.push('end');
        callback();
      },
    });
    feed.on('error', () => this.dispose());
    this.intercepted = { feed };
    // Replay what the client already sent (its ClientHello) into the local TLS server.
    feed.push(Buffer.concat(this.received));
    this.received = [];
    if (this.clientEnded) feed.push(null);
    const secureContext = await this.box.options.interception.contextFor(host).catch(() => undefined);
    if (!secureContext || this.disposed) return this.dispose();
    const secure = new tls.TLSSocket(feed, { isServer: true, secureContext, ALPNProtocols: ['http/1.1'] });
    secure.on('error', () => this.dispose());
    this.intercepted.secure = secure;
    this.box.blockpageServer.emit('connection', secure);
  }

  private updateClientFlow(): void {
    if (!this.clientReading || this.disposed) return;
    if (this.inbound.congested || this.upstream?.writableNeedDrain) this.client.pause();
    else this.client.resume();
  }

  private updateUpstreamFlow(): void {
    if (this.phase !== 'relaying' || !this.upstream || this.disposed) return;
    if (this.outbound.congested || this.client.writableNeedDrain) this.upstream.pause();
    else this.upstream.resume();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.inbound.dispose();
    this.outbound.dispose();
    this.client.destroy();
    this.upstream?.destroy();
    this.intercepted?.secure?.destroy();
    this.intercepted?.feed.destroy();
    this.box.flows.delete(this);
  }
}

export interface Middlebox {
  readonly port: number;
  close(): Promise<void>;
}

export async function startMiddlebox(options: MiddleboxOptions): Promise<Middlebox> {
  const blockpageServer = http.createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': BLOCKPAGE_BODY.length,
      'cache-control': 'no-store',
      connection: 'close',
    });
    res.end(BLOCKPAGE_BODY);
  });
  // The client refusing the interception certificate is the expected outcome, not an error.
  blockpageServer.on('clientError', (_err, socket) => socket.destroy());
  const box: Box = { options, policy: new Policy(options), blockpageServer, flows: new Set() };

  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const flow = new Flow(box, socket);
    box.flows.add(flow);
    void flow.start();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as net.AddressInfo).port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const flow of [...box.flows]) flow.dispose();
      });
      return closing;
    },
  };
}
