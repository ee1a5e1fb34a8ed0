// The flags that choose a real run's outside endpoints: every bad value is one line and exit 2,
// found before anything is contacted (this process refuses non-loopback sockets, so a contact
// would throw instead of answering 2), and good values become the run's endpoints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../main/cli.ts';
import { endpointsOf } from '../../main/commands/endpoints.ts';
import { UsageError } from '../../main/commands/usage-error.ts';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

const BAD: [string, string[], RegExp][] = [
  ['control over FTP', ['--control', 'ftp://th.example/'], /--control: .*https:\/\/ or http:\/\//],
  ['control not a URL', ['--control', 'th.example'], /--control: "th.example" is not a URL/],
  ['control with a password', ['--control', 'https://me:secret@th.example/'], /--control: .*user name or password/],
  ['control empty', ['--control', ''], /--control: "" is not a URL/],
  ['DoH over plain HTTP', ['--doh', 'http://doh.example/dns-query', '--doh-address', '192.0.2.53'], /--doh: .*https:\/\//],
  ['DoH by name without its address', ['--doh', 'https://doh.example/dns-query'], /--doh: .*--doh-address/],
  ['DoH address alone', ['--doh-address', '192.0.2.53'], /--doh: a DoH address needs a DoH URL/],
  ['DoH address not an IP', ['--doh', 'https://doh.example/dns-query', '--doh-address', 'doh.example'], /--doh-address: "doh.example" is not an IPv4 or IPv6 address/],
  ['DoH address out of range', ['--doh', 'https://doh.example/dns-query', '--doh-address', '192.0.2.256'], /--doh-address: /],
  ['DoH address in brackets', ['--doh', 'https://doh.example/dns-query', '--doh-address', '[2001:db8::53]'], /--doh-address: /],
  ['DoH address with a port', ['--doh', 'https://doh.example/dns-query', '--doh-address', '192.0.2.53:443'], /--doh-address: /],
  ['portal check over FTP', ['--portal-check', 'ftp://portal.example/generate_204'], /--portal-check: .*http:\/\/ or https:\/\//],
  ['portal check with a fragment', ['--portal-check', 'http://portal.example/generate_204#x'], /--portal-check: .*#fragment/],
  ['egress not a URL', ['--egress', '1.1.1.1'], /--egress: "1.1.1.1" is not a URL/],
  ['egress and no egress', ['--egress', 'https://egress.example/cdn-cgi/trace', '--no-egress'], /--egress and --no-egress exclude each other/],
  ['no-egress with a value', ['--no-egress=yes'], /no-egress/],
  ['control without its value', ['--control'], /--control/],
];

for (const [what, flags, message] of BAD) {
  test(`yoxla check: ${what} is one line and exit 2`, async () => {
    const out = await cli(['check', '--targets', 'news', ...flags]);
    assert.equal(out.code, 2);
    assert.equal(out.stdout, '');
    assert.equal(out.stderr.trimEnd().split('\n').length, 1, out.stderr);
    assert.match(out.stderr, /^yoxla: /);
    assert.match(out.stderr, message);
  });
}

test('yoxla vpn reads the same flags and refuses the same bad values', async () => {
  for (const [what, flags, message] of BAD) {
    const out = await cli(['vpn', ...flags]);
    assert.equal(out.code, 2, what);
    assert.match(out.stderr, message, what);
  }
});

test('good values become the run endpoints; nothing named means every default', () => {
  assert.deepEqual(endpointsOf({}), {});
  assert.deepEqual(
    endpointsOf({
      control: 'https://th.example/',
      doh: 'https://doh.example/dns-query',
      'doh-address': '2001:db8::53',
      'portal-check': 'http://portal.example/generate_204',
      egress: 'https://egress.example/cdn-cgi/trace',
    }),
    {
      control: 'https://th.example/',
      doh: { url: 'https://doh.example/dns-query', address: '2001:db8::53' },
      portalCheck: 'http://portal.example/generate_204',
      egress: 'https://egress.example/cdn-cgi/trace',
    },
  );
  // A DoH URL at an IP literal is its own bootstrap address.
  assert.deepEqual(endpointsOf({ doh: 'https://[2001:db8::53]/dns-query' }), { doh: { url: 'https://[2001:db8::53]/dns-query', address: '2001:db8::53' } });
  assert.deepEqual(endpointsOf({ 'no-egress': true }), { egress: false });
  assert.throws(() => endpointsOf({ doh: 'https://doh.example/' }), UsageError);
});
