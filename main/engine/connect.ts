// Opening connections through a `Network`: the only way steps reach a socket, so the lab, the
// loopback guard and the trust store apply to every byte the engine sends.
import { isIP, type Socket } from 'node:net';
import tls from 'node:tls';
import { Client } from 'undici';
import type { Endpoint, Network } from './network.ts';
import { abortable, type Deadline } from './deadline.ts';
import { toFailure } from './failure.ts';

/** Dials `to` through `net`; a connection that arrives after the abort is closed at once. */
export function dialWithin(net: Network, to: Endpoint, signal: AbortSignal): Promise<Socket> {
  // new Promise: a dial that throws instead of rejecting is still an error value.
  const dialing = new Promise<Socket>((resolve) => resolve(net.dial(to, signal)));
  return abortable(dialing, signal, (late) => late.destroy());
}

/** What the transport under a request saw, which undici's own errors do not always tell. */
export interface Trace {
  /** The peer closed its side (FIN). */
  sawEnd: boolean;
  /** The first socket error (ECONNRESET, ...). */
  error: (Error & { code?: string }) | null;
  /** performance.now() when the connection (and its TLS) was ready to carry the request; null before. */
  readyAt: number | null;
}

export const newTrace = (): Trace => ({ sawEnd: false, error: null, readyAt: null });

/** Records end and errors on `socket`; the listener also keeps a late error from going unhandled. */
export function watch(socket: Socket, trace: Trace): void {
  socket.on('end', () => {
    trace.sawEnd = true;
  });
  socket.on('error', (err: Error & { code?: string }) => {
    trace.error ??= err;
  });
}

export class EofError extends Error {
  readonly code = 'EOF';
}

export interface TlsClientOptions {
  serverName: string;
  ca?: string[];
  alpn: string[];
  rejectUnauthorized: boolean;
}

const contextsByTrust = new WeakMap<readonly string[], tls.SecureContext>();
let platformContext: tls.SecureContext | undefined;

/**
 * One client context per trust store, shared by every handshake: otherwise each connection
 * builds its own OpenSSL context (parsing the CA bundle again), which costs CPU and, until the
 * garbage collector gets to it, about a hundred kilobytes of native memory per connection.
 */
function clientContext(ca: readonly string[] | undefined): tls.SecureContext {
  if (!ca) return (platformContext ??= tls.createSecureContext());
  let context = contextsByTrust.get(ca);
  if (!context) {
    context = tls.createSecureContext({ ca: [...ca] });
    contextsByTrust.set(ca, context);
  }
  return context;
}

/**
 * TLS handshake on an open socket. On every failure both sockets are destroyed. Node reports a
 * clean close by the server during the handshake as ECONNRESET ("Client network socket
 * disconnected before secure TLS connection was established"); OONI calls that `eof_error`, and
 * a real reset arrives as `read ECONNRESET` instead, so the two are told apart by the FIN.
 */
export function tlsUpgrade(raw: Socket, o: TlsClientOptions, signal: AbortSignal): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      raw.destroy();
      reject(signal.reason);
      return;
    }
    // SNI carries names only; an address literal is checked against the certificate's IP SANs.
    // `host` is what Node verifies the certificate against: without it an address literal would be
    // checked as "localhost" and never match (https://1.1.1.1/... could not be verified).
    const servername = isIP(o.serverName) ? undefined : o.serverName;
    const secure = tls.connect({
      socket: raw,
      host: o.serverName,
      servername,
      secureContext: clientContext(o.ca),
      ALPNProtocols: o.alpn,
      rejectUnauthorized: o.rejectUnauthorized,
    });
    let sawEnd = false;
    const onEnd = () => {
      sawEnd = true;
    };
    const cleanup = () => {
      signal.removeEventListener('abort', onAbort);
      secure.off('end', onEnd);
      secure.off('error', onError);
      secure.off('secureConnect', onSecure);
    };
    const fail = (err: unknown) => {
      cleanup();
      // Keep a listener: destroy() can still emit a late error on the way out.
      secure.on('error', () => undefined);
      secure.destroy();
      raw.destroy();
      reject(err);
    };
    const onAbort = () => fail(signal.reason);
    const onError = (err: Error & { code?: string }) =>
      fail(sawEnd && err.code === 'ECONNRESET' ? new EofError('EOF during the TLS handshake', { cause: err }) : err);
    const onSecure = () => {
      cleanup();
      resolve(secure);
    };
    secure.on('end', onEnd);
    secure.once('error', onError);
    secure.once('secureConnect', onSecure);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export interface OriginClient {
  client: Client;
  trace: Trace;
}

/**
 * An undici client for `url`'s origin that connects to `ip` through `net`, with TLS verified
 * against `net.ca` (or the platform's roots) for the URL's host: a request never goes out over a
 * session whose certificate did not validate.
 */
export function originClient(net: Network, url: URL, ip: string, signal: AbortSignal, timeoutMs: number): OriginClient {
  const secure = url.protocol === 'https:';
  const to: Endpoint = { ip, port: Number(url.port || (secure ? 443 : 80)) };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const trace = newTrace();
  const open = async (): Promise<Socket> => {
    const raw = await dialWithin(net, to, signal);
    if (!secure) {
      watch(raw, trace);
      trace.readyAt = performance.now();
      return raw;
    }
    const tlsSocket = await tlsUpgrade(raw, { serverName: host, ca: net.ca, alpn: ['http/1.1'], rejectUnauthorized: true }, signal);
    watch(tlsSocket, trace);
    trace.readyAt = performance.now();
    return tlsSocket;
  };
  const client = new Client(url.origin, {
    // The step's deadline is the real limit; these only keep undici from waiting longer.
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: (_options, callback) => {
      open().then(
        (socket) => callback(null, socket),
        (err: Error) => callback(err, null),
      );
    },
  });
  return { client, trace };
}

/**
 * The failure of a request made with an `originClient`. undici reports a response cut short as
 * its own error ("other side closed", content-length mismatch, or even a normal end); the
 * socket's own error says whether the peer reset the connection.
 */
export function requestFailure(err: unknown, deadline: Deadline, trace: Trace): string {
  const failure = deadline.failure(err);
  if (deadline.timedOut || deadline.interrupted || trace.error === null) return failure;
  if (failure === 'eof_error' || failure.startsWith('unknown_failure')) return toFailure(trace.error);
  return failure;
}
