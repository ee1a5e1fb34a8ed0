// Runs inside a network namespace (`ip netns exec`), started by sni-filter-netns.test.ts: a TLS
// origin on the namespace's own loopback and the production engine's TCP and TLS steps against
// it, with no lab in between, so the kernel's iptables rules are the only censor. Prints JSON.
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { CertificateAuthority } from '../../main/lab/ca.ts';
import { productionNetwork } from '../../main/engine/production-network.ts';
import { withLoopbackGuard } from '../../main/engine/network.ts';
import { tcpConnect } from '../../main/engine/tcp.ts';
import { tlsHandshake } from '../../main/engine/tls.ts';

const names = process.argv.slice(2);
const ca = await CertificateAuthority.create('Yoxla kernel test CA');
const certs = new Map(await Promise.all(names.map(async (n) => [n, await ca.issue(n)] as const)));
const server = tls.createServer({
  SNICallback: (name, cb) => {
    const pair = certs.get(name) ?? certs.get(names[0] as string);
    cb(null, pair ? tls.createSecureContext({ cert: pair.certPem, key: pair.keyPem }) : undefined);
  },
});
server.on('secureConnection', (s) => s.end());
server.on('tlsClientError', () => undefined);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const to = { ip: '127.0.0.1', port: (server.address() as AddressInfo).port };
const base = productionNetwork({ resolvers: [{ ip: '127.0.0.1', port: 53 }], doh: { url: 'https://localhost/dns-query', bootstrap: ['127.0.0.1'] } });
const net = withLoopbackGuard({ ...base, ca: [ca.certPem] });
const observations = [];
for (const name of names) {
  observations.push(await tcpConnect(net, to, { timeoutMs: 1500 }));
  observations.push(await tlsHandshake(net, to, name, { timeoutMs: 1500, purpose: 'measure' }));
}
// The dropped connection still sits half-open in the server: leave without waiting for it.
process.stdout.write(JSON.stringify(observations), () => process.exit(0));
