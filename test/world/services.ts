// Runs inside the world's internet namespace (`ip netns exec`), started by world.ts: the test
// helper (the lab's OONI-protocol control server, measuring with the production engine from the
// uncensored internet) and a DoH server that forwards each query to the honest dnsmasq. Prints
// `ready` once both listen; ends on SIGTERM. Argument: a JSON file (ServicesConfig).
import https from 'node:https';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createControlHandler } from '../../main/lab/control-server.ts';
import { productionNetwork } from '../../main/engine/production-network.ts';

export interface ServicesConfig {
  honestResolver: string;
  helper: { address: string; certFile: string; keyFile: string };
  doh: { address: string; certFile: string; keyFile: string };
}

const config = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as ServicesConfig;
const tlsOf = (c: { certFile: string; keyFile: string }) => ({ cert: readFileSync(c.certFile), key: readFileSync(c.keyFile) });

/** One DNS message to the honest resolver over UDP, its reply back. */
function askHonest(query: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(config.honestResolver.includes(':') ? 'udp6' : 'udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('honest resolver did not answer'));
    }, 3_000);
    socket.once('message', (reply) => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    });
    socket.send(query, 53, config.honestResolver);
  });
}

function serveDoh(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'POST' || !req.url?.startsWith('/dns-query')) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    askHonest(Buffer.concat(chunks)).then(
      (reply) => res.writeHead(200, { 'content-type': 'application/dns-message' }).end(reply),
      () => res.writeHead(502).end(),
    );
  });
}

const controlNet = productionNetwork({ resolvers: [{ ip: config.honestResolver, port: 53 }] });
const helper = https.createServer(tlsOf(config.helper), createControlHandler(controlNet));
const doh = https.createServer(tlsOf(config.doh), serveDoh);
await Promise.all([
  new Promise<void>((resolve) => helper.listen(443, config.helper.address, resolve)),
  new Promise<void>((resolve) => doh.listen(443, config.doh.address, resolve)),
]);
process.on('SIGTERM', () => process.exit(0));
process.stdout.write('ready\n');
