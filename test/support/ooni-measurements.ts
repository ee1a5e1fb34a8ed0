// Hand-written OONI web_connectivity measurements shaped like real ones from Azerbaijan
// (probe-cli 0.4.x layout: `t` only, no `address` on handshakes).
type Json = Record<string, unknown>;

const ipOf = { tiktok: '23.45.67.89', news: '203.0.113.10' };

function envelope(input: string, testKeys: Json, overrides: Json = {}): Json {
  return {
    annotations: { engine_name: 'ooniprobe-engine', platform: 'android' },
    data_format_version: '0.2.0',
    input,
    measurement_start_time: '2022-09-14 10:00:00',
    probe_asn: 'AS28787',
    probe_cc: 'AZ',
    probe_ip: '127.0.0.1',
    probe_network_name: 'Baktelekom',
    report_id: '20220914T100000Z_webconnectivity_AZ_28787_n1_x',
    resolver_asn: 'AS28787',
    resolver_ip: '85.132.85.85',
    software_name: 'ooniprobe-android',
    software_version: '3.7.0',
    test_name: 'web_connectivity',
    test_runtime: 12.3,
    test_start_time: '2022-09-14 09:59:58',
    test_version: '0.4.1',
    test_keys: testKeys,
    ...overrides,
  };
}

const query = (host: string, type: 'A' | 'AAAA', ips: string[], failure: string | null = null): Json => ({
  answers: failure ? null : ips.map((ip) => (type === 'A' ? { answer_type: 'A', ipv4: ip, ttl: null } : { answer_type: 'AAAA', ipv6: ip, ttl: null })),
  engine: 'system',
  failure,
  hostname: host,
  query_type: type,
  resolver_address: '',
  resolver_hostname: null,
  resolver_port: null,
  t: 0.05,
});

const okControl = (ip: string, title: string): Json => ({
  tcp_connect: { [`${ip}:443`]: { status: true, failure: null } },
  http_request: { body_length: 5000, failure: null, title, headers: { 'Content-Type': 'text/html' }, status_code: 200 },
  dns: { failure: null, addrs: [ip] },
});

/** September 2022: the ClientHello for www.tiktok.com went unanswered; the helper got through. */
export function tiktokSniDrop(): Json {
  const host = 'www.tiktok.com';
  return envelope(`https://${host}/`, {
    agent: 'redirect',
    queries: [query(host, 'A', [ipOf.tiktok]), query(host, 'AAAA', [], 'dns_no_answer')],
    tcp_connect: [{ ip: ipOf.tiktok, port: 443, status: { blocked: false, failure: null, success: true }, t: 0.12 }],
    tls_handshakes: [{ cipher_suite: '', failure: 'generic_timeout_error', negotiated_protocol: '', no_tls_verify: false, peer_certificates: [], server_name: host, t: 10.13, tls_version: '' }],
    requests: [{ failure: 'generic_timeout_error', request: { url: `https://${host}/`, method: 'GET', headers: {} }, response: { body: null, code: 0, headers: {} }, t: 10.13 }],
    control_failure: null,
    control: okControl(ipOf.tiktok, 'TikTok - Make Your Day'),
    dns_experiment_failure: null,
    dns_consistency: 'consistent',
    http_experiment_failure: 'generic_timeout_error',
    blocking: 'http-failure',
    accessible: false,
  });
}

/** The ISP resolver says the name does not exist; the helper resolves it. */
export function nxdomain(): Json {
  const host = 'news.example';
  return envelope(`https://${host}/`, {
    queries: [query(host, 'A', [], 'dns_nxdomain_error'), query(host, 'AAAA', [], 'dns_nxdomain_error')],
    tcp_connect: [],
    tls_handshakes: [],
    requests: [{ failure: 'dns_nxdomain_error', request: { url: `https://${host}/` }, response: null, t: 0.05 }],
    control_failure: null,
    control: okControl(ipOf.news, 'News'),
    dns_experiment_failure: 'dns_nxdomain_error',
    dns_consistency: 'inconsistent',
    blocking: 'dns',
    accessible: false,
  });
}

/** The same SNI timeout, but the test helper never answered. */
export function controlFailed(): Json {
  const m = tiktokSniDrop();
  const tk = m.test_keys as Json;
  tk.control_failure = 'generic_timeout_error';
  tk.control = {};
  tk.blocking = null;
  tk.accessible = null;
  return m;
}
