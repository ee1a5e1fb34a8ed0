// Runs inside a network namespace (`ip netns exec`), started by strategies-netns.test.ts: an HTTPS
// origin on the namespace's own loopback, and the production engine's TLS and HTTP steps against
// it, once over the plain dialer and once over each split dialer. The kernel's iptables rule is
// the only censor. Prints JSON: one entry per dialer.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { CertificateAuthority } from '../../main/lab/ca.ts';
import { productionNetwork } from '../../main/engine/production-network.ts';
import { withLoopbackGuard, type Network } from '../../main/engine/network.ts';
import { tlsHandshake } from '../../main/engine/tls.ts';
import { httpFetch } from '../../main/engine/http.ts';
import { tcpSplitNetwork, tlsRecordSplitNetwork } from '../../main/strategies/dialers.ts';

const name = process.argv[2] ?? 'blocked.example';
const ca = await CertificateAuthority.create('Yoxla kernel test CA');
const pair = await ca.issue(name);
const server = https.createServer({ cert: pair.certPem, key: pair.keyPem }, (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<title>origin</title>reached');
});
server.on('tlsClientError', () => undefined);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
const to = { ip: '127.0.0.1', port };
const base = productionNetwork({ resolvers: [{ ip: '127.0.0.1', port: 53 }], doh: { url: 'https://localhost/dns-query', bootstrap: ['127.0.0.1'] } });
const plain = withLoopbackGuard({ ...base, ca: [ca.certPem] });
const dialers: Record<string, Network> = { plain, 'tcp-split': tcpSplitNetwork(plain), 'tls-record-split': tlsRecordSplitNetwork(plain) };

const out: Record<string, unknown> = {};
for (const [label, net] of Object.entries(dialers)) {
  const tls = await tlsHandshake(net, to, name, { timeoutMs: 1500, purpose: 'measure' });
  const http = tls.failure === null ? await httpFetch(net, `https://${name}:${port}/`, { ip: '127.0.0.1', timeoutMs: 1500 }) : [];
  out[label] = { tls, http };
}
// A dropped connection still sits half-open in the server: leave without waiting for it.
process.stdout.write(JSON.stringify(out), () => process.exit(0));
