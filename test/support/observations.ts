// Builders for recorded observations and controls, shaped like the checker's output, so analysis
// tests read as "what the network did" rather than as object literals.
import type {
  CertSummary,
  Control,
  DnsObservation,
  HttpObservation,
  Observation,
  TcpObservation,
  ThroughputObservation,
  TlsObservation,
} from '../../main/contract/observations.ts';
import type { AnalysisInput } from '../../main/analysis/web.ts';

export const HOST = 'news.example';
export const HTTPS_INPUT = `https://${HOST}/`;
export const HTTP_INPUT = `http://${HOST}/`;
/** The site's real address, as the control resolves it. */
export const REAL_IP = '203.0.113.10';
/** Another address of the same site (a CDN edge nearer the probe). */
export const CDN_IP = '198.51.100.20';
/** Where a lying resolver points. */
export const FAKE_IP = '192.0.2.66';

const PAGE_TITLE = 'Independent News from the Caucasus';
const PAGE_LENGTH = 48_000;
const PAGE_HEADERS = { 'content-type': 'text/html', server: 'nginx', 'x-site-id': 'news' };

const timing = (attempt: number) => ({ t0: 1_700_000_000_000 + attempt * 1000, t1: 1_700_000_000_100 + attempt * 1000 });

export function dns(o: Partial<DnsObservation> = {}): DnsObservation {
  const attempt = o.attempt ?? 0;
  return {
    step: 'dns',
    resolver: 'network',
    server: '192.0.2.53:53',
    query: HOST,
    answers: [REAL_IP],
    rcode: 'NOERROR',
    ...timing(attempt),
    attempt,
    failure: null,
    ...o,
  };
}

export function dnsFail(failure: string, attempt = 0): DnsObservation {
  const rcode = failure === 'dns_nxdomain_error' ? 'NXDOMAIN' : null;
  return dns({ answers: [], rcode, failure, attempt });
}

export function doh(answers: string[] = [REAL_IP], attempt = 0): DnsObservation {
  return dns({ resolver: 'doh', server: 'https://doh.example/dns-query', answers, attempt });
}

export function tcp(o: Partial<TcpObservation> = {}): TcpObservation {
  const attempt = o.attempt ?? 0;
  return { step: 'tcp', ip: REAL_IP, port: 443, ...timing(attempt), attempt, failure: null, ...o };
}

export function cert(o: Partial<CertSummary> = {}): CertSummary {
  return {
    subject: `CN=${HOST}`,
    issuer: 'CN=Example Public CA',
    validFrom: '2026-01-01T00:00:00Z',
    validTo: '2026-12-31T00:00:00Z',
    fingerprint256: 'AA:BB',
    san: [HOST],
    ...o,
  };
}

export function tls(o: Partial<TlsObservation> = {}): TlsObservation {
  const attempt = o.attempt ?? 0;
  const failed = o.failure !== undefined && o.failure !== null;
  return {
    step: 'tls',
    ip: REAL_IP,
    port: 443,
    serverName: HOST,
    purpose: 'measure',
    tlsVersion: failed ? null : 'TLSv1.3',
    cipher: failed ? null : 'TLS_AES_128_GCM_SHA256',
    chain: failed ? [] : [cert()],
    verified: failed ? null : true,
    ...timing(attempt),
    attempt,
    failure: null,
    ...o,
  };
}

/** The harmless-name handshake to the same address. `answered`: a certificate came back. */
export function sniTest(answered: boolean, o: Partial<TlsObservation> = {}): TlsObservation {
  return answered
    ? tls({
        purpose: 'sni-test',
        serverName: 'example.com',
        chain: [cert()],
        verified: false,
        failure: 'ssl_invalid_hostname',
        tlsVersion: 'TLSv1.3',
        ...o,
      })
    : tls({ purpose: 'sni-test', serverName: 'example.com', failure: 'generic_timeout_error', ...o });
}

export function http(o: Partial<HttpObservation> = {}): HttpObservation {
  const attempt = o.attempt ?? 0;
  const failed = o.failure !== undefined && o.failure !== null;
  return {
    step: 'http',
    url: HTTPS_INPUT,
    ip: REAL_IP,
    status: failed ? null : 200,
    headers: failed ? {} : { ...PAGE_HEADERS },
    bodyLength: failed ? null : PAGE_LENGTH,
    bodyTruncated: false,
    bodySha256: failed ? null : 'ab'.repeat(32),
    title: failed ? null : PAGE_TITLE,
    redirectTo: null,
    ...timing(attempt),
    attempt,
    failure: null,
    ...o,
  };
}

export function blockpage(o: Partial<HttpObservation> = {}): HttpObservation {
  return http({
    url: HTTP_INPUT,
    status: 200,
    headers: { 'content-type': 'text/html', server: 'isp-filter' },
    bodyLength: 900,
    title: 'Giriş qadağandır',
    ...o,
  });
}

export function throughput(role: 'target' | 'control', kbps: number, attempt = 0): ThroughputObservation {
  const ms = 4000;
  return {
    step: 'throughput',
    url: role === 'target' ? `https://${HOST}/video.mp4` : 'https://reference.example/asset.bin',
    ip: REAL_IP,
    role,
    bytes: Math.round((kbps * 1000 * ms) / 8000),
    ms,
    kbps,
    completed: false,
    ...timing(attempt),
    attempt,
    failure: null,
  };
}

/** A control that saw the site working at REAL_IP. */
export function control(o: Partial<Control> = {}): Control {
  return {
    tcp_connect: { [`${REAL_IP}:443`]: { status: true, failure: null } },
    tls_handshake: { [`${REAL_IP}:443`]: { server_name: HOST, status: true, failure: null } },
    http_request: {
      body_length: PAGE_LENGTH,
      failure: null,
      title: PAGE_TITLE,
      headers: { ...PAGE_HEADERS },
      status_code: 200,
    },
    dns: { failure: null, addrs: [REAL_IP] },
    ...o,
  };
}

/** The control for the cleartext URL (port 80, no TLS). */
export function httpControl(o: Partial<Control> = {}): Control {
  return control({ tcp_connect: { [`${REAL_IP}:80`]: { status: true, failure: null } }, tls_handshake: {}, ...o });
}

/** A control that saw the site failing everywhere (the site is down). */
export function controlDown(): Control {
  return control({
    tcp_connect: { [`${REAL_IP}:443`]: { status: false, failure: 'connection_refused' } },
    tls_handshake: {},
    http_request: { body_length: -1, failure: 'connection_refused', title: '', headers: {}, status_code: -1 },
  });
}

/** A working HTTPS fetch: DNS, TCP, TLS, HTTP, all on `attempt`. */
export function httpsOk(attempt = 0): Observation[] {
  return [dns({ attempt }), tcp({ attempt }), tls({ attempt }), http({ attempt })];
}

export function input(observations: Observation[], o: Partial<AnalysisInput> = {}): AnalysisInput {
  return {
    target: { input: HTTPS_INPUT, host: HOST, kind: 'web' },
    observations,
    control: control(),
    controlFailure: null,
    connectivity: 'ok',
    ...o,
  };
}

export function httpInput(observations: Observation[], o: Partial<AnalysisInput> = {}): AnalysisInput {
  return input(observations, { target: { input: HTTP_INPUT, host: HOST, kind: 'web' }, control: httpControl(), ...o });
}
