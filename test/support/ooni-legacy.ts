// web_connectivity measurements of OONI's older engines, written for Yoxla's tests from their
// writers as published: ooniprobe-python's web_connectivity.py and its dnst/httpt templates
// (test versions 0.1.0–0.3.0; the first reports keep a Twisted query's text and an `addrs` list,
// later ones df-002 answers), and measurement-kit's web_connectivity.cpp (0.0.1). Neither records
// TLS handshakes or network events; `tcp_connect[].status.blocked` is their own comparison with
// the legacy test helper, whose DNS failure for a missing name is `dns_name_error`. Addresses are
// documentation ranges; host names are arbitrary.
type Json = Record<string, unknown>;

const SITE = '192.0.2.44';
const PAGE = `<html><head><title>Meydan TV</title></head><body>${'xəbər '.repeat(300)}</body></html>`;

export interface LegacyCase {
  name: string;
  measurement: Json;
  status: 'accessible' | 'blocked' | 'down' | 'inconclusive';
  method: string | null;
}

function legacyControl(host: string, port: number, opts: { dns?: string | null; tcp?: boolean; http?: string | null } = {}): Json {
  return {
    tcp_connect: { [`${SITE}:${port}`]: { status: opts.tcp ?? true, failure: opts.tcp === false ? 'connection_refused_error' : null } },
    http_request: opts.http
      ? { body_length: -1, failure: opts.http, title: '', headers: {}, status_code: -1 }
      : { body_length: PAGE.length, failure: null, title: 'Meydan TV', headers: { 'Content-Type': 'text/html' }, status_code: 200 },
    dns: opts.dns ? { failure: opts.dns, addrs: [] } : { failure: null, addrs: [SITE] },
  };
}

function python(version: string, input: string, keys: Json): Json {
  return {
    annotations: {},
    data_format_version: '0.2.0',
    id: '5ac8d5ac-2c1b-4c2a-9d2a-0f1b6a2c7e11',
    input,
    input_hashes: [],
    measurement_start_time: '2017-04-02 10:11:12',
    options: ['-f', 'citizenlab-urls-global.txt'],
    probe_asn: 'AS28787',
    probe_cc: 'AZ',
    probe_city: null,
    probe_ip: '127.0.0.1',
    report_id: '20170402T101010Z_AS28787_legacyYoxlaFixture',
    software_name: 'ooniprobe',
    software_version: '2.2.0',
    test_helpers: { backend: 'https://wcth.ooni.io' },
    test_name: 'web_connectivity',
    test_runtime: 3.1,
    test_start_time: '2017-04-02 10:10:10',
    test_version: version,
    test_keys: {
      agent: 'redirect',
      client_resolver: '85.132.32.42',
      retries: 1,
      socksproxy: null,
      accessible: null,
      blocking: null,
      body_length_match: null,
      body_proportion: 0,
      headers_match: null,
      status_code_match: null,
      title_match: null,
      control_failure: null,
      dns_consistency: null,
      dns_experiment_failure: null,
      http_experiment_failure: null,
      queries: [],
      requests: [],
      tcp_connect: [],
      ...keys,
    },
  };
}

function measurementKit(input: string, keys: Json): Json {
  return {
    annotations: { engine_name: 'libmeasurement_kit', engine_version: '0.7.1', platform: 'android' },
    data_format_version: '0.2.0',
    id: 'b9b1c5e5-8d7f-4a59-b0aa-3f0d2a6b9c01',
    input,
    input_hashes: [],
    measurement_start_time: '2018-11-05 07:08:09',
    options: [],
    probe_asn: 'AS29049',
    probe_cc: 'AZ',
    probe_city: null,
    probe_ip: '127.0.0.1',
    report_id: '20181105T070800Z_AS29049_legacyYoxlaFixtureMK',
    software_name: 'ooniprobe-android',
    software_version: '2.0.2',
    test_helpers: { backend: 'https://a.web-connectivity.th.ooni.io:4442' },
    test_name: 'web_connectivity',
    test_runtime: 2.4,
    test_start_time: '2018-11-05 07:08:00',
    test_version: '0.0.1',
    test_keys: {
      agent: 'redirect',
      client_resolver: '85.132.85.85',
      retries: 0,
      socksproxy: null,
      accessible: null,
      blocking: null,
      body_length_match: null,
      body_proportion: 0,
      headers_match: null,
      status_code_match: null,
      title_match: null,
      control_failure: null,
      dns_consistency: null,
      dns_experiment_failure: null,
      http_experiment_failure: null,
      queries: [],
      requests: [],
      tcp_connect: [],
      ...keys,
    },
  };
}

const connect = (port: number, failure: string | null, blocked: boolean) => ({ ip: SITE, port, status: { success: failure === null, failure, blocked } });
const request = (url: string, response: { code: number; body: string } | null, failure: string | null) => ({
  failure,
  request: { body: null, headers: { 'User-Agent': ['Mozilla/5.0'] }, method: 'GET', tor: { exit_ip: null, exit_name: null, is_tor: false }, url },
  response: response ? { body: response.body, code: response.code, headers: { 'Content-Type': 'text/html' } } : null,
});
const mkQuery = (host: string, answers: string[], failure: string | null) => ({
  answers: answers.map((ip) => ({ answer_type: 'A', ipv4: ip, ttl: null })),
  failure,
  hostname: host,
  query_type: 'A',
  resolver_hostname: null,
  resolver_port: null,
});

export function legacyCases(): LegacyCase[] {
  const host = 'www.meydan.tv';
  return [
    {
      name: 'ooniprobe-python 0.1.0 (first format): the name does not resolve for the probe, the helper resolves it',
      status: 'blocked',
      method: 'dns.nxdomain',
      measurement: python('0.1.0', `http://${host}/`, {
        queries: [{ resolver: null, query_type: 'A', query: `[Query('${host}', 1, 1)]`, failure: 'dns_name_error' }],
        requests: [request(`http://${host}/`, null, 'dns_lookup_error')],
        control: legacyControl(host, 80),
        dns_experiment_failure: 'dns_name_error',
        http_experiment_failure: 'dns_lookup_error',
        dns_consistency: 'inconsistent',
        blocking: 'dns',
        accessible: false,
      }),
    },
    {
      name: 'ooniprobe-python 0.1.0 (first format): addresses in `addrs`, the page as the helper saw it',
      status: 'accessible',
      method: null,
      measurement: python('0.1.0', `http://${host}/`, {
        queries: [{ resolver: null, query_type: 'A', query: `[Query('${host}', 1, 1)]`, answers: [[`<RR name=${host} type=A class=IN ttl=300s auth=False>`, `<A address=${SITE} ttl=300>`]], addrs: [SITE] }],
        tcp_connect: [connect(80, null, false)],
        requests: [request(`http://${host}/`, { code: 200, body: PAGE }, null)],
        control: legacyControl(host, 80),
        dns_consistency: 'consistent',
        blocking: false,
        accessible: true,
      }),
    },
    {
      name: 'ooniprobe-python 0.2.0: a block page in place of the site over plain HTTP',
      status: 'blocked',
      method: 'http.blockpage',
      measurement: python('0.2.0', `http://${host}/`, {
        queries: [{ answers: [{ answer_type: 'A', ipv4: SITE }], failure: null, hostname: host, query_type: 'A', resolver_hostname: null, resolver_port: null }],
        tcp_connect: [connect(80, null, false)],
        requests: [request(`http://${host}/`, { code: 200, body: '<html><head><title>Giriş məhdudlaşdırılıb</title></head><body>Bu sayt qanunvericiliyə əsasən bloklanıb.</body></html>' }, null)],
        control: legacyControl(host, 80),
        dns_consistency: 'consistent',
        body_length_match: false,
        title_match: false,
        status_code_match: true,
        headers_match: true,
        blocking: 'http-diff',
        accessible: false,
      }),
    },
    {
      name: 'ooniprobe-python 0.3.0: the connection is refused, the helper connects (`*_error` failure words)',
      status: 'blocked',
      method: 'tcp.reset',
      measurement: python('0.3.0', `http://${host}/`, {
        queries: [{ answers: [{ answer_type: 'A', ipv4: SITE }], failure: null, hostname: host, query_type: 'A', resolver_hostname: null, resolver_port: null }],
        tcp_connect: [connect(80, 'connection_refused_error', true)],
        requests: [request(`http://${host}/`, null, 'connection_refused_error')],
        control: legacyControl(host, 80),
        dns_consistency: 'consistent',
        http_experiment_failure: 'connection_refused_error',
        blocking: 'tcp_ip',
        accessible: false,
      }),
    },
    {
      name: 'ooniprobe-python 0.2.0: the legacy helper says `dns_name_error` too: the name exists nowhere, down',
      status: 'down',
      method: null,
      measurement: python('0.2.0', `http://gone.example.net/`, {
        queries: [{ answers: [], failure: 'dns_name_error', hostname: 'gone.example.net', query_type: 'A', resolver_hostname: null, resolver_port: null }],
        requests: [request('http://gone.example.net/', null, 'dns_lookup_error')],
        control: legacyControl('gone.example.net', 80, { dns: 'dns_name_error', http: 'dns_lookup_error' }),
        dns_experiment_failure: 'dns_name_error',
        http_experiment_failure: 'dns_lookup_error',
        dns_consistency: 'consistent',
        blocking: false,
        accessible: false,
      }),
    },
    {
      name: 'measurement-kit 0.0.1: every connection times out (`status.blocked`), the helper connects',
      status: 'blocked',
      method: 'tcp.timeout',
      measurement: measurementKit(`http://${host}/`, {
        queries: [mkQuery(host, [SITE], null)],
        tcp_connect: [connect(80, 'generic_timeout_error', true)],
        requests: [request(`http://${host}/`, null, 'generic_timeout_error')],
        control: legacyControl(host, 80),
        dns_consistency: 'consistent',
        http_experiment_failure: 'generic_timeout_error',
        blocking: 'tcp_ip',
        accessible: false,
      }),
    },
    {
      name: 'measurement-kit 0.0.1: the page arrives as the helper saw it',
      status: 'accessible',
      method: null,
      measurement: measurementKit(`http://${host}/`, {
        queries: [mkQuery(host, [SITE], null)],
        tcp_connect: [connect(80, null, false)],
        requests: [request(`http://${host}/`, { code: 200, body: PAGE }, null)],
        control: legacyControl(host, 80),
        dns_consistency: 'consistent',
        body_length_match: true,
        title_match: true,
        status_code_match: true,
        headers_match: true,
        blocking: false,
        accessible: true,
      }),
    },
  ];
}
