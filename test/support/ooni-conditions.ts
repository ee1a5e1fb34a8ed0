// OONI web_connectivity measurements in probe-cli's 0.5.x layout (t0/t, `address` on handshakes
// and requests, `depth=N`/`fetch_body` tags, network events, x_do53/x_doh), one per condition OONI
// sees in Azerbaijan. Written for Yoxla's tests from the data format spec (df-001..df-008, ts-017);
// addresses are documentation ranges or the lab's, never contacted.
type Json = Record<string, unknown>;

const SITE_IP = '198.51.100.20';
const OTHER_IP = '203.0.113.66';

export interface ConditionCase {
  name: string;
  measurement: Json;
  /** Yoxla's verdict on it. */
  status: 'accessible' | 'blocked' | 'down' | 'inconclusive';
  method: string | null;
}

const tags = (depth: number, extra: string[] = []): string[] => [`depth=${depth}`, ...extra];

function query(host: string, engine: 'getaddrinfo' | 'udp' | 'doh', type: 'A' | 'AAAA' | 'ANY', answers: string[], failure: string | null, t0 = 0.001): Json {
  return {
    answers: failure ? null : answers.map((ip) => (ip.includes(':') ? { answer_type: 'AAAA', ipv6: ip, ttl: null } : { answer_type: 'A', ipv4: ip, ttl: null })),
    engine,
    failure,
    hostname: host,
    query_type: type,
    resolver_hostname: null,
    resolver_port: null,
    resolver_address: engine === 'udp' ? '85.132.85.85:53' : engine === 'doh' ? 'https://dns.google/dns-query' : '',
    t0,
    t: t0 + 0.02,
    tags: tags(0),
    transaction_id: 1,
  };
}

function connect(ip: string, port: number, failure: string | null, depth = 0, t0 = 0.03): Json {
  return { ip, port, status: { failure, success: failure === null }, t0, t: t0 + (failure === 'generic_timeout_error' ? 10 : 0.04), tags: tags(depth), transaction_id: 2 };
}

function handshake(ip: string, serverName: string, failure: string | null, depth = 0, t0 = 0.08): Json {
  return {
    network: 'tcp',
    address: `${ip}:443`,
    cipher_suite: failure ? '' : 'TLS_AES_128_GCM_SHA256',
    failure,
    negotiated_protocol: failure ? '' : 'h2',
    no_tls_verify: false,
    peer_certificates: [],
    server_name: serverName,
    t0,
    t: t0 + (failure === 'generic_timeout_error' ? 10 : 0.05),
    tags: tags(depth),
    tls_version: failure ? '' : 'TLSv1.3',
    transaction_id: 2,
  };
}

function request(url: string, address: string | null, response: { code: number; body?: string; headers?: Record<string, string> } | null, failure: string | null, depth = 0, t0 = 0.15): Json {
  const headers = response?.headers ?? (response ? { 'Content-Type': 'text/html; charset=utf-8' } : {});
  return {
    network: 'tcp',
    ...(address ? { address } : {}),
    failure,
    request: { body: '', body_is_truncated: false, headers: {}, headers_list: [], method: 'GET', tor: { exit_ip: null, exit_name: null, is_tor: false }, x_transport: 'tcp', url },
    response: response
      ? { body: response.body ?? '', body_is_truncated: false, code: response.code, headers, headers_list: Object.entries(headers) }
      : { body: '', body_is_truncated: false, code: 0, headers: {}, headers_list: [] },
    t0,
    t: t0 + 0.1,
    tags: tags(depth, ['fetch_body=true']),
    transaction_id: 3,
  };
}

function readEvents(address: string, chunks: number[], failure: string | null = null, t0 = 0.2): Json[] {
  return chunks.map((n, i) => ({ address, failure: i === chunks.length - 1 ? failure : null, num_bytes: n, operation: 'read', proto: 'tcp', t0: t0 + i * 0.01, t: t0 + i * 0.01 + 0.005, tags: tags(0, ['fetch_body=true']), transaction_id: 3 }));
}

const PAGE = '<html><head><title>Azadliq Radiosu</title></head><body>' + 'xəbər '.repeat(400) + '</body></html>';

function control(host: string, opts: { ip?: string; port?: number; tcp?: string | null; tls?: string | null; http?: { failure: string | null; status?: number; title?: string; body_length?: number }; dns?: string | null } = {}): Json {
  const ip = opts.ip ?? SITE_IP;
  const port = opts.port ?? 443;
  const http = opts.http ?? { failure: null, status: 200, title: 'Azadliq Radiosu', body_length: PAGE.length };
  return {
    tcp_connect: { [`${ip}:${port}`]: { status: (opts.tcp ?? null) === null, failure: opts.tcp ?? null } },
    tls_handshake: port === 443 ? { [`${ip}:443`]: { server_name: host, status: (opts.tls ?? null) === null, failure: opts.tls ?? null } } : {},
    http_request: { body_length: http.body_length ?? -1, failure: http.failure, title: http.title ?? '', headers: http.failure ? {} : { 'Content-Type': 'text/html; charset=utf-8' }, status_code: http.status ?? -1 },
    dns: { failure: opts.dns ?? null, addrs: opts.dns ? null : [ip] },
    ip_info: { [ip]: { asn: 64500, flags: 11 } },
  };
}

function measurement(input: string, testKeys: Json, ooni: { blocking: unknown; accessible: unknown }): Json {
  return {
    annotations: { architecture: 'arm64', engine_name: 'ooniprobe-engine', engine_version: '3.22.0', platform: 'android' },
    data_format_version: '0.2.0',
    input,
    measurement_start_time: '2023-09-20 08:15:02',
    probe_asn: 'AS29049',
    probe_cc: 'AZ',
    probe_ip: '127.0.0.1',
    probe_network_name: 'Azercell Telecom LLC',
    report_id: '20230920T081500Z_webconnectivity_AZ_29049_n1_Yoxla0test0case',
    resolver_asn: 'AS29049',
    resolver_ip: '85.132.85.85',
    resolver_network_name: 'Azercell Telecom LLC',
    software_name: 'ooniprobe-android',
    software_version: '3.8.4',
    test_keys: {
      agent: 'redirect',
      client_resolver: '85.132.85.85',
      retries: null,
      socksproxy: null,
      network_events: [],
      x_dns_whoami: { system_v4: [{ address: '85.132.85.86' }], udp_v4: {} },
      x_doh: { network_events: [], queries: [], requests: [], tcp_connect: [], tls_handshakes: [] },
      x_do53: { network_events: [], queries: [] },
      x_dns_duplicate_responses: [],
      queries: [],
      requests: [],
      tcp_connect: [],
      tls_handshakes: [],
      control_failure: null,
      x_dns_flags: 0,
      dns_experiment_failure: null,
      dns_consistency: 'consistent',
      http_experiment_failure: null,
      x_blocking_flags: 0,
      x_null_null_flags: 0,
      body_proportion: 0,
      body_length_match: null,
      headers_match: null,
      status_code_match: null,
      title_match: null,
      ...testKeys,
      ...ooni,
    },
    test_name: 'web_connectivity',
    test_runtime: 1.42,
    test_start_time: '2023-09-20 08:15:00',
    test_version: '0.5.26',
  };
}

const https = (host: string) => `https://${host}/`;
const http = (host: string) => `http://${host}/`;

export function conditionCases(): ConditionCase[] {
  const news = 'www.azadliq.org';
  const page = { code: 200, body: PAGE };
  return [
    {
      name: 'DNS: NXDOMAIN from the ISP resolver',
      status: 'blocked',
      method: 'dns.nxdomain',
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', [], 'dns_nxdomain_error'), query(news, 'udp', 'A', [], 'dns_nxdomain_error')],
        requests: [request(https(news), null, null, 'dns_nxdomain_error')],
        control: control(news),
        dns_experiment_failure: 'dns_nxdomain_error',
        dns_consistency: 'inconsistent',
      }, { blocking: 'dns', accessible: false }),
    },
    {
      name: 'DNS: a bogon answer (private address) and a connection that goes nowhere',
      status: 'blocked',
      method: 'dns.tampered',
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', ['10.10.34.35'], null), query(news, 'udp', 'A', ['10.10.34.35'], null)],
        tcp_connect: [connect('10.10.34.35', 443, 'generic_timeout_error')],
        requests: [request(https(news), null, null, 'generic_timeout_error')],
        control: control(news),
        dns_consistency: 'inconsistent',
        x_dns_flags: 1,
        http_experiment_failure: 'generic_timeout_error',
      }, { blocking: 'dns', accessible: false }),
    },
    {
      name: 'DNS: hijacked to another public server whose certificate does not match',
      status: 'blocked',
      method: 'dns.tampered',
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', [OTHER_IP], null), query(news, 'udp', 'A', [OTHER_IP], null)],
        tcp_connect: [connect(OTHER_IP, 443, null)],
        tls_handshakes: [handshake(OTHER_IP, news, 'ssl_invalid_hostname')],
        requests: [request(https(news), `${OTHER_IP}:443`, null, 'ssl_invalid_hostname')],
        control: control(news),
        dns_consistency: 'inconsistent',
        http_experiment_failure: 'ssl_invalid_hostname',
      }, { blocking: 'dns', accessible: false }),
    },
    {
      name: 'DNS: no answer at all for a name the helper resolves',
      status: 'blocked',
      method: 'dns.tampered',
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', [], 'dns_no_answer'), query(news, 'udp', 'A', [], 'dns_no_answer'), query(news, 'udp', 'AAAA', [], 'dns_no_answer')],
        requests: [request(https(news), null, null, 'dns_no_answer')],
        control: control(news),
        dns_experiment_failure: 'dns_no_answer',
        dns_consistency: 'inconsistent',
      }, { blocking: 'dns', accessible: false }),
    },
    {
      name: 'TCP: connection attempts time out, the helper connects',
      status: 'blocked',
      method: 'tcp.timeout',
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', [SITE_IP], null)],
        tcp_connect: [connect(SITE_IP, 443, 'generic_timeout_error')],
        requests: [request(https(news), null, null, 'generic_timeout_error')],
        control: control(news),
        http_experiment_failure: 'generic_timeout_error',
      }, { blocking: 'tcp_ip', accessible: false }),
    },
    {
      name: 'TCP: connection refused, the helper connects',
      status: 'blocked',
      method: 'tcp.reset',
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', [SITE_IP], null)],
        tcp_connect: [connect(SITE_IP, 443, 'connection_refused')],
        requests: [request(https(news), null, null, 'connection_refused')],
        control: control(news),
        http_experiment_failure: 'connection_refused',
      }, { blocking: 'tcp_ip', accessible: false }),
    },
    {
      name: 'TLS: reset right after the ClientHello named the site',
      status: 'blocked',
      method: 'tls.sni-reset',
      measurement: measurement(https('www.tiktok.com'), {
        queries: [query('www.tiktok.com', 'getaddrinfo', 'ANY', [SITE_IP], null)],
        tcp_connect: [connect(SITE_IP, 443, null)],
        tls_handshakes: [handshake(SITE_IP, 'www.tiktok.com', 'connection_reset')],
        requests: [request(https('www.tiktok.com'), `${SITE_IP}:443`, null, 'connection_reset')],
        network_events: [
          { address: `${SITE_IP}:443`, failure: null, operation: 'connect', proto: 'tcp', t0: 0.03, t: 0.07, tags: tags(0), transaction_id: 2 },
          { address: `${SITE_IP}:443`, failure: null, num_bytes: 517, operation: 'write', proto: 'tcp', t0: 0.08, t: 0.081, tags: tags(0), transaction_id: 2 },
          { address: `${SITE_IP}:443`, failure: 'connection_reset', operation: 'read', proto: 'tcp', t0: 0.081, t: 0.12, tags: tags(0), transaction_id: 2 },
        ],
        control: control('www.tiktok.com', { http: { failure: null, status: 200, title: 'TikTok - Make Your Day', body_length: 90000 } }),
        http_experiment_failure: 'connection_reset',
      }, { blocking: 'http-failure', accessible: false }),
    },
    {
      name: 'TLS: the handshake times out after the ClientHello',
      status: 'blocked',
      method: 'tls.sni-drop',
      measurement: measurement(https('www.tiktok.com'), {
        queries: [query('www.tiktok.com', 'getaddrinfo', 'ANY', [SITE_IP], null)],
        tcp_connect: [connect(SITE_IP, 443, null)],
        tls_handshakes: [handshake(SITE_IP, 'www.tiktok.com', 'generic_timeout_error')],
        requests: [request(https('www.tiktok.com'), `${SITE_IP}:443`, null, 'generic_timeout_error')],
        control: control('www.tiktok.com', { http: { failure: null, status: 200, title: 'TikTok - Make Your Day', body_length: 90000 } }),
        http_experiment_failure: 'generic_timeout_error',
      }, { blocking: 'http-failure', accessible: false }),
    },
    {
      name: 'HTTP: plain-HTTP request reset once the Host was seen',
      status: 'blocked',
      method: 'http.reset',
      measurement: measurement(http('www.meydan.tv'), {
        queries: [query('www.meydan.tv', 'getaddrinfo', 'ANY', [SITE_IP], null)],
        tcp_connect: [connect(SITE_IP, 80, null)],
        requests: [request(http('www.meydan.tv'), `${SITE_IP}:80`, null, 'connection_reset')],
        network_events: readEvents(`${SITE_IP}:80`, [0], 'connection_reset'),
        control: control('www.meydan.tv', { port: 80, http: { failure: null, status: 200, title: 'Meydan TV', body_length: 80000 } }),
        http_experiment_failure: 'connection_reset',
      }, { blocking: 'http-failure', accessible: false }),
    },
    {
      name: "HTTP: the ISP's block page instead of the site",
      status: 'blocked',
      method: 'http.blockpage',
      measurement: measurement(http('www.meydan.tv'), {
        queries: [query('www.meydan.tv', 'getaddrinfo', 'ANY', [SITE_IP], null)],
        tcp_connect: [connect(SITE_IP, 80, null)],
        requests: [request(http('www.meydan.tv'), `${SITE_IP}:80`, { code: 200, body: '<html><head><title>Giriş qadağandır</title></head><body>Bu sayt Azərbaycan Respublikasının qanunvericiliyinə əsasən bloklanıb.</body></html>' }, null)],
        control: control('www.meydan.tv', { port: 80, http: { failure: null, status: 200, title: 'Meydan TV', body_length: 80000 } }),
        body_length_match: false,
        body_proportion: 0.002,
        headers_match: true,
        status_code_match: true,
        title_match: false,
      }, { blocking: 'http-diff', accessible: false }),
    },
    {
      name: 'Throttling: the page arrives, slowly (web_connectivity has no reference download)',
      status: 'accessible',
      method: null,
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', [SITE_IP], null)],
        tcp_connect: [connect(SITE_IP, 443, null)],
        tls_handshakes: [handshake(SITE_IP, news, null)],
        requests: [request(https(news), `${SITE_IP}:443`, page, null, 0, 0.15)],
        network_events: readEvents(`${SITE_IP}:443`, [1400, 1400, 1400, 1400]),
        control: control(news),
        body_length_match: true,
        headers_match: true,
        status_code_match: true,
        title_match: true,
      }, { blocking: false, accessible: true }),
    },
    {
      name: 'Redirect: http -> https on the same host, then the TLS handshake is reset',
      status: 'blocked',
      method: 'tls.sni-reset',
      measurement: measurement(http(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', [SITE_IP], null)],
        tcp_connect: [connect(SITE_IP, 80, null), connect(SITE_IP, 443, null, 1, 0.3)],
        tls_handshakes: [handshake(SITE_IP, news, 'connection_reset', 1, 0.35)],
        requests: [
          request(https(news), `${SITE_IP}:443`, null, 'connection_reset', 1, 0.3),
          request(http(news), `${SITE_IP}:80`, { code: 301, headers: { Location: https(news) } }, null, 0, 0.1),
        ],
        control: control(news, { port: 80 }),
        http_experiment_failure: 'connection_reset',
      }, { blocking: 'http-failure', accessible: false }),
    },
    {
      name: 'Success: everything matches the helper',
      status: 'accessible',
      method: null,
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', [SITE_IP], null), query(news, 'udp', 'A', [SITE_IP], null)],
        tcp_connect: [connect(SITE_IP, 443, null)],
        tls_handshakes: [handshake(SITE_IP, news, null)],
        requests: [request(https(news), `${SITE_IP}:443`, page, null)],
        control: control(news),
        body_length_match: true,
        headers_match: true,
        status_code_match: true,
        title_match: true,
      }, { blocking: false, accessible: true }),
    },
    {
      name: 'Site down: nobody can connect, the helper neither',
      status: 'down',
      method: null,
      measurement: measurement(https('www.turan.az'), {
        queries: [query('www.turan.az', 'getaddrinfo', 'ANY', [SITE_IP], null)],
        tcp_connect: [connect(SITE_IP, 443, 'generic_timeout_error')],
        requests: [request(https('www.turan.az'), null, null, 'generic_timeout_error')],
        control: control('www.turan.az', { tcp: 'generic_timeout_error', tls: 'generic_timeout_error', http: { failure: 'generic_timeout_error' } }),
        http_experiment_failure: 'generic_timeout_error',
      }, { blocking: false, accessible: false }),
    },
    {
      name: "Broken certificate on the site itself: the helper's handshake fails the same way",
      status: 'down',
      method: null,
      measurement: measurement(https('expired.example.az'), {
        queries: [query('expired.example.az', 'getaddrinfo', 'ANY', [SITE_IP], null)],
        tcp_connect: [connect(SITE_IP, 443, null)],
        tls_handshakes: [handshake(SITE_IP, 'expired.example.az', 'ssl_invalid_certificate')],
        requests: [request(https('expired.example.az'), `${SITE_IP}:443`, null, 'ssl_invalid_certificate')],
        control: control('expired.example.az', { tls: 'ssl_invalid_certificate', http: { failure: 'ssl_invalid_certificate' } }),
        http_experiment_failure: 'ssl_invalid_certificate',
      }, { blocking: false, accessible: false }),
    },
    ...familyCases(),
    {
      name: 'Control failure: the test helper did not answer',
      status: 'inconclusive',
      method: null,
      measurement: measurement(https('www.tiktok.com'), {
        queries: [query('www.tiktok.com', 'getaddrinfo', 'ANY', [SITE_IP], null)],
        tcp_connect: [connect(SITE_IP, 443, null)],
        tls_handshakes: [handshake(SITE_IP, 'www.tiktok.com', 'connection_reset')],
        requests: [request(https('www.tiktok.com'), `${SITE_IP}:443`, null, 'connection_reset')],
        control_failure: 'generic_timeout_error',
        control: {},
        http_experiment_failure: 'connection_reset',
      }, { blocking: null, accessible: null }),
    },
  ];
}

/** A query of a later hop of the redirect chain (LTE tags every step of hop N `depth=N`). */
const atDepth = (entry: Json, depth: number): Json => ({ ...entry, tags: tags(depth) });

/**
 * The families issue 15 names, as LTE (0.5.x) writes them: several resolvers in one measurement,
 * redirects across hosts, a verified HTTPS page that differs, a bogus answer whose HTTPS fails,
 * and oohelperd's own words. Hosts and addresses are arbitrary: the analysis must not care.
 */
function familyCases(): ConditionCase[] {
  const news = 'www.azadliq.org';
  const page = { code: 200, body: PAGE };
  const doh = (host: string, ip: string) => query(host, 'doh', 'A', [ip], null, 0.002);
  return [
    {
      name: 'Resolvers: NXDOMAIN from getaddrinfo, the right address from another UDP resolver and DoH, the page fine there',
      status: 'blocked',
      method: 'dns.nxdomain',
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', [], 'dns_nxdomain_error'), query(news, 'udp', 'A', [SITE_IP], null), doh(news, SITE_IP)],
        tcp_connect: [connect(SITE_IP, 443, null)],
        tls_handshakes: [handshake(SITE_IP, news, null)],
        requests: [request(https(news), `${SITE_IP}:443`, page, null)],
        control: control(news),
        dns_experiment_failure: 'dns_nxdomain_error',
        dns_consistency: 'inconsistent',
      }, { blocking: false, accessible: true }),
    },
    {
      name: 'Resolvers: getaddrinfo gives no address, DoH does, the page is fine there',
      status: 'blocked',
      method: 'dns.tampered',
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', [], 'dns_no_answer'), doh(news, SITE_IP)],
        tcp_connect: [connect(SITE_IP, 443, null)],
        tls_handshakes: [handshake(SITE_IP, news, null)],
        requests: [request(https(news), `${SITE_IP}:443`, page, null)],
        control: control(news),
        dns_experiment_failure: 'dns_no_answer',
      }, { blocking: false, accessible: true }),
    },
    {
      name: 'Resolvers: a bogon from getaddrinfo, the right address from DoH, connects to the union, the page fine at DoH’s address',
      status: 'blocked',
      method: 'dns.tampered',
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', ['10.10.34.36'], null), doh(news, SITE_IP)],
        tcp_connect: [connect('10.10.34.36', 443, 'generic_timeout_error'), connect(SITE_IP, 443, null)],
        tls_handshakes: [handshake(SITE_IP, news, null)],
        requests: [request(https(news), `${SITE_IP}:443`, page, null)],
        control: control(news),
        x_dns_flags: 1,
      }, { blocking: false, accessible: true }),
    },
    {
      name: 'Resolvers: the provider’s UDP resolver says NXDOMAIN, but the device’s own lookup (getaddrinfo) is right: works',
      status: 'accessible',
      method: null,
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', [SITE_IP], null)],
        x_do53: { network_events: [], queries: [query(news, 'udp', 'A', [], 'dns_nxdomain_error'), query(news, 'udp', 'AAAA', [], 'dns_nxdomain_error')] },
        tcp_connect: [connect(SITE_IP, 443, null)],
        tls_handshakes: [handshake(SITE_IP, news, null)],
        requests: [request(https(news), `${SITE_IP}:443`, page, null)],
        control: control(news),
      }, { blocking: false, accessible: true }),
    },
    {
      name: 'Redirect across hosts: a short link 302s to the site, whose TLS handshake is then reset',
      status: 'blocked',
      method: 'tls.sni-reset',
      measurement: measurement(http('go.example.net'), {
        queries: [query('go.example.net', 'getaddrinfo', 'ANY', [OTHER_IP], null), atDepth(query(news, 'getaddrinfo', 'ANY', [SITE_IP], null, 0.3), 1)],
        tcp_connect: [connect(OTHER_IP, 80, null), connect(SITE_IP, 443, null, 1, 0.32)],
        tls_handshakes: [handshake(SITE_IP, news, 'connection_reset', 1, 0.36)],
        requests: [request(http('go.example.net'), `${OTHER_IP}:80`, { code: 302, headers: { Location: https(news) } }, null, 0, 0.1)],
        control: { ...control('go.example.net', { ip: OTHER_IP, port: 80 }) },
      }, { blocking: false, accessible: true }),
    },
    {
      name: 'Redirect across hosts: the second host does not resolve for the probe, the helper followed the chain',
      status: 'blocked',
      method: 'dns.nxdomain',
      measurement: measurement(http('go.example.net'), {
        queries: [query('go.example.net', 'getaddrinfo', 'ANY', [OTHER_IP], null), atDepth(query(news, 'getaddrinfo', 'ANY', [], 'dns_nxdomain_error', 0.3), 1)],
        tcp_connect: [connect(OTHER_IP, 80, null)],
        requests: [request(http('go.example.net'), `${OTHER_IP}:80`, { code: 301, headers: { Location: `${https(news)}az/` } }, null, 0, 0.1)],
        control: control('go.example.net', { ip: OTHER_IP, port: 80 }),
      }, { blocking: false, accessible: true }),
    },
    {
      name: 'Redirect across hosts: the second host times out (no step can be named): inconclusive, not judged on the 302',
      status: 'inconclusive',
      method: null,
      measurement: measurement(http('go.example.net'), {
        queries: [query('go.example.net', 'getaddrinfo', 'ANY', [OTHER_IP], null), atDepth(query(news, 'getaddrinfo', 'ANY', [SITE_IP], null, 0.3), 1)],
        tcp_connect: [connect(OTHER_IP, 80, null), connect(SITE_IP, 443, 'generic_timeout_error', 1, 0.32)],
        requests: [request(http('go.example.net'), `${OTHER_IP}:80`, { code: 302, headers: { Location: https(news) } }, null, 0, 0.1)],
        control: control('go.example.net', { ip: OTHER_IP, port: 80 }),
      }, { blocking: false, accessible: true }),
    },
    {
      name: 'Verified HTTPS: a CDN check page under the site’s valid certificate, the helper saw the real page: accessible',
      status: 'accessible',
      method: null,
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', [SITE_IP], null)],
        tcp_connect: [connect(SITE_IP, 443, null)],
        tls_handshakes: [handshake(SITE_IP, news, null)],
        requests: [request(https(news), `${SITE_IP}:443`, { code: 403, body: '<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>', headers: { 'Content-Type': 'text/html', 'cf-mitigated': 'challenge' } }, null)],
        control: control(news),
        status_code_match: false,
        title_match: false,
        body_length_match: false,
      }, { blocking: 'http-diff', accessible: false }),
    },
    {
      name: 'Bogus answer: an address the helper never saw, whose TLS fails for the name, while DoH’s address serves the page',
      status: 'blocked',
      method: 'dns.tampered',
      measurement: measurement(https(news), {
        queries: [query(news, 'getaddrinfo', 'ANY', [OTHER_IP], null), doh(news, SITE_IP)],
        tcp_connect: [connect(OTHER_IP, 443, null), connect(SITE_IP, 443, null)],
        tls_handshakes: [handshake(OTHER_IP, news, 'ssl_invalid_hostname'), handshake(SITE_IP, news, null, 0, 0.09)],
        requests: [request(https(news), `${SITE_IP}:443`, page, null)],
        control: control(news),
        dns_consistency: 'inconsistent',
      }, { blocking: 'dns', accessible: false }),
    },
    {
      name: 'oohelperd’s words: `dns_name_error` in the control and NXDOMAIN for the probe: the name exists nowhere, down',
      status: 'down',
      method: null,
      measurement: measurement(https('gone.example.net'), {
        queries: [query('gone.example.net', 'getaddrinfo', 'ANY', [], 'dns_nxdomain_error')],
        requests: [request(https('gone.example.net'), null, null, 'dns_nxdomain_error')],
        control: {
          tcp_connect: {},
          tls_handshake: {},
          http_request: { body_length: -1, failure: 'dns_lookup_error', title: '', headers: {}, status_code: -1 },
          dns: { failure: 'dns_name_error', addrs: [] },
          ip_info: {},
        },
        dns_experiment_failure: 'dns_nxdomain_error',
        dns_consistency: 'consistent',
      }, { blocking: false, accessible: false }),
    },
  ];
}
