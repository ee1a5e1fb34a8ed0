// Shared by the lab tests: scenarios in one line, TLS and HTTP through a lab path.
import net from 'node:net';
import tls from 'node:tls';
import { Agent, request } from 'undici';
import { ScenarioSchema, type Scenario } from '../../main/lab/scenario.ts';
import type { Lab, LabPath } from '../../main/lab/lab.ts';

export function scenario(partial: Record<string, unknown> = {}): Scenario {
  return ScenarioSchema.parse({ schema: 'yoxla.lab/1', name: 'test', ...partial });
}

export function dial(lab: Lab, path: LabPath, host: string, port: number, timeoutMs = 2000): Promise<net.Socket> {
  return lab.network(path).dial({ ip: lab.addressOf(host), port }, AbortSignal.timeout(timeoutMs));
}

/** Resolves with the secured socket, rejects with the TLS error, or with 'timeout'. */
export async function handshake(
  lab: Lab,
  path: LabPath,
  host: string,
  options: { servername?: string; ip?: string; timeoutMs?: number; rejectUnauthorized?: boolean } = {},
): Promise<tls.TLSSocket> {
  const ip = options.ip ?? lab.addressOf(host);
  const socket = await lab.network(path).dial({ ip, port: 443 }, AbortSignal.timeout(2000));
  return new Promise((resolve, reject) => {
    const secure = tls.connect({
      socket,
      servername: options.servername ?? host,
      ca: [lab.caPem],
      rejectUnauthorized: options.rejectUnauthorized ?? true,
    });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(new Error('timeout'));
    }, options.timeoutMs ?? 2000);
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      resolve(secure);
    });
    secure.once('error', (error) => {
      clearTimeout(timer);
      secure.destroy();
      reject(error);
    });
  });
}

/** An undici agent whose every connection goes through a lab path, trusting the lab CA. */
export function labAgent(lab: Lab, path: LabPath): Agent {
  const network = lab.network(path);
  return new Agent({
    connect: (opts, callback) => {
      const https = opts.protocol === 'https:';
      const port = Number(opts.port) || (https ? 443 : 80);
      network.dial({ ip: lab.addressOf(opts.hostname), port }, AbortSignal.timeout(2000)).then(
        (socket) => {
          if (!https) return callback(null, socket);
          const secure = tls.connect({ socket, servername: opts.servername || opts.hostname, ca: [lab.caPem] });
          secure.once('secureConnect', () => callback(null, secure));
          secure.once('error', (error) => callback(error, null));
        },
        (error: Error) => callback(error, null),
      );
    },
  });
}

export interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  title: string | undefined;
}

export async function fetchVia(lab: Lab, path: LabPath, url: string): Promise<Fetched> {
  const agent = labAgent(lab, path);
  try {
    const res = await request(url, { dispatcher: agent });
    const body = await res.body.text();
    return { status: res.statusCode, headers: res.headers, body, title: /<title>([^<]*)<\/title>/i.exec(body)?.[1] };
  } finally {
    await agent.close();
  }
}

/** Writes raw bytes on a connection and collects what comes back until close or `waitMs`. */
export function exchange(socket: net.Socket, bytes: Buffer | string, waitMs = 500): Promise<{ data: Buffer; error?: string; closed: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ data: Buffer.concat(chunks), ...(error ? { error } : {}), closed });
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => done(true));
    socket.write(bytes);
  });
}

/** What node's TLS client really sends: the first record of a handshake with `servername`. */
export async function captureClientHello(servername?: string): Promise<Buffer> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      server.once('connection', (socket) => {
        let buffered = Buffer.alloc(0);
        socket.on('data', (chunk: Buffer) => {
          buffered = Buffer.concat([buffered, chunk]);
          if (buffered.length >= 5 && buffered.length >= 5 + buffered.readUInt16BE(3)) {
            socket.destroy();
            resolve(buffered.subarray(0, 5 + buffered.readUInt16BE(3)));
          }
        });
      });
      const client = tls.connect({ host: '127.0.0.1', port, ...(servername ? { servername } : {}) });
      client.on('error', () => {});
      client.on('close', () => setTimeout(() => reject(new Error('no ClientHello')), 100).unref());
    });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The same ClientHello re-framed as two TLS records, the first carrying `firstBytes` of it. */
export function splitIntoTwoRecords(record: Buffer, firstBytes: number): Buffer {
  const header = record.subarray(0, 5);
  const handshake = record.subarray(5);
  const frame = (part: Buffer) => {
    const h = Buffer.from(header);
    h.writeUInt16BE(part.length, 3);
    return Buffer.concat([h, part]);
  };
  return Buffer.concat([frame(handshake.subarray(0, firstBytes)), frame(handshake.subarray(firstBytes))]);
}
