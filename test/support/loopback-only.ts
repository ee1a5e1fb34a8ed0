// Loaded before every test file (see package.json "test"): refuses any socket or datagram aimed
// outside 127.0.0.0/8 and ::1, so no test can reach a real site or resolver even by mistake.
// Network namespaces that a test creates itself are reached from child processes (`ip netns exec`),
// which this guard does not cover and does not need to.
import net from 'node:net';
import dgram from 'node:dgram';
import { isLoopback } from '../../main/engine/network.ts';

function refuse(where: string, host: unknown): never {
  throw new Error(`loopback-only test guard: refused ${where} to ${String(host)}`);
}

function hostIsAllowed(host: unknown): boolean {
  if (host === undefined || host === null || host === '' || host === 'localhost') return true;
  return typeof host === 'string' && isLoopback(host);
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
  // net.connect() hands over its normalised arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first && typeof first === 'object') {
    const options = first as { host?: unknown; path?: unknown };
    if (options.path === undefined && !hostIsAllowed(options.host)) refuse('TCP connect', options.host);
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (!hostIsAllowed(args[1])) refuse('TCP connect', args[1]);
  }
  return originalConnect.apply(this, args as never);
} as typeof net.Socket.prototype.connect;

const originalSend = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function patchedSend(this: dgram.Socket, ...args: unknown[]) {
  // send(msg, [offset, length,] port, address, [callback])
  const address = args.find((a, i) => i > 0 && typeof a === 'string');
  if (!hostIsAllowed(address)) refuse('UDP send', address);
  return originalSend.apply(this, args as never);
} as typeof dgram.Socket.prototype.send;
