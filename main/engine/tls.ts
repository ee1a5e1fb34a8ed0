// TLS handshake with a chosen SNI. The chain is accepted whatever it is, so that an intercepting
// middlebox's certificate is recorded as evidence, and validated here afterwards.
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import type { CertSummary, TlsObservation } from '../contract/observations.ts';
import type { Endpoint, Network } from './network.ts';
import { startDeadline, type StepOptions } from './deadline.ts';
import { dialWithin, tlsUpgrade } from './connect.ts';
import { CERT_VALIDITY_CODES, certFailure } from './failure.ts';

export interface TlsStepOptions extends StepOptions {
  purpose?: 'measure' | 'sni-test';
}

const ALPN = ['h2', 'http/1.1'];

export async function tlsHandshake(net: Network, to: Endpoint, serverName: string, o: TlsStepOptions): Promise<TlsObservation> {
  const t0 = Date.now();
  const base = {
    step: 'tls' as const,
    ip: to.ip,
    port: to.port,
    serverName,
    purpose: o.purpose ?? 'measure',
    attempt: o.attempt ?? 0,
  };
  const deadline = startDeadline(o.timeoutMs, o.signal, o.timeUp);
  let socket: tls.TLSSocket | undefined;
  try {
    const raw = await dialWithin(net, to, deadline.signal);
    socket = await tlsUpgrade(raw, { serverName, ca: net.ca, alpn: ALPN, rejectUnauthorized: false }, deadline.signal);
    const peer = socket.getPeerCertificate(true);
    const chain = summarizeChain(peer);
    const failure = verificationFailure(socket, serverName, peer);
    return {
      ...base,
      tlsVersion: socket.getProtocol() ?? null,
      cipher: socket.getCipher()?.standardName ?? null,
      chain,
      verified: failure === null,
      t0,
      t1: Date.now(),
      failure,
    };
  } catch (err) {
    return { ...base, tlsVersion: null, cipher: null, chain: [], verified: null, t0, t1: Date.now(), failure: deadline.failure(err) };
  } finally {
    deadline.dispose();
    socket?.on('error', () => undefined).destroy();
  }
}

/**
 * Null when the chain validates for `serverName`. The order follows Go's x509 verifier (which
 * OONI's numbers come from): an expired certificate, then a wrong name, then an unknown issuer.
 */
function verificationFailure(socket: tls.TLSSocket, serverName: string, peer: tls.PeerCertificate): string | null {
  const chainCode = socket.authorized ? null : codeOf(socket.authorizationError);
  if (chainCode !== null && CERT_VALIDITY_CODES.has(chainCode)) return certFailure(chainCode);
  if (!peer.raw) return 'ssl_invalid_certificate';
  const identity = tls.checkServerIdentity(serverName, peer);
  if (identity !== undefined) return 'ssl_invalid_hostname';
  // Node folds a name mismatch into authorizationError; checked above with our own name.
  if (chainCode !== null && chainCode !== 'ERR_TLS_CERT_ALTNAME_INVALID') return certFailure(chainCode);
  return null;
}

/** Node documents authorizationError as an Error, but hands over the OpenSSL code string. */
function codeOf(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  if (reason && typeof reason === 'object' && 'code' in reason && typeof reason.code === 'string') return reason.code;
  return 'CERT_REJECTED';
}

function summarizeChain(leaf: tls.DetailedPeerCertificate): CertSummary[] {
  const chain: CertSummary[] = [];
  const seen = new Set<string>();
  let current: tls.DetailedPeerCertificate | undefined = leaf;
  // A self-signed root points at itself; a cap guards against any other cycle.
  while (current?.raw && !seen.has(current.fingerprint256) && chain.length < 10) {
    seen.add(current.fingerprint256);
    chain.push(summarize(current.raw));
    current = current.issuerCertificate;
  }
  return chain;
}

export function summarize(der: Buffer): CertSummary {
  const cert = new X509Certificate(der);
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    validFrom: isoDate(cert.validFrom),
    validTo: isoDate(cert.validTo),
    fingerprint256: cert.fingerprint256,
    san: parseSan(cert.subjectAltName),
  };
}

const oneLine = (dn: string) => dn.split('\n').filter(Boolean).join(', ');

function isoDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/** "DNS:a.example, IP Address:192.0.2.1" -> ["a.example", "192.0.2.1"]. */
function parseSan(san: string | undefined): string[] {
  if (!san) return [];
  return san
    .split(/,\s*/)
    .map((entry) => entry.replace(/^(DNS|IP Address):/, '').trim())
    .filter(Boolean);
}
