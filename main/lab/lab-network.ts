// A lab path seen as a `Network`: the engine dials lab addresses (127.x.y.z) and the dialer
// carries each connection to the path's middlebox on 127.0.0.1, naming the address and port in
// a preamble. Only 127.0.0.1 is ever bound, so the lab runs the same on Windows and macOS.
import net from 'node:net';
import {
  dialDirect,
  isNonPublicAddress,
  dnsExchangeDirect,
  withLoopbackGuard,
  isLoopback,
  type Endpoint,
  type Network,
} from '../engine/network.ts';
import { LAB_HOSTS } from './address-book.ts';

export type LabPath = 'domestic' | 'vpn' | 'control';

/** The logical address of a path's resolver; the dialer maps it to the real DNS ports. */
export const LAB_RESOLVER: Endpoint = { ip: '127.0.0.53', port: 53 };
export const LAB_DOH_URL = `https://${LAB_HOSTS.doh}/dns-query`;

export interface LabNetworkOptions {
  path: LabPath;
  middleboxPort: number;
  dns: { udpPort: number; tcpPort: number };
  caPem: string;
  dohAddress: string;
  /** The `offline` state: nothing leaves the machine. */
  offline: boolean;
  /**
   * The lab address standing in for a public address literal (Telegram's data centres are
   * measured by address): the lab is the whole internet, so every address leads into it.
   */
  routeAddress: (ip: string) => string;
  /** Did the lab hand this address to one of its hosts (its stand-in for a public address)? */
  ownsAddress: (ip: string) => boolean;
}

function nodeError(message: string, code: string, to?: Endpoint): NodeJS.ErrnoException {
  return Object.assign(new Error(to ? `${message} ${code} ${to.ip}:${to.port}` : `${message} ${code}`), {
    code,
    syscall: 'connect',
    ...(to ? { address: to.ip, port: to.port } : {}),
  });
}

const isResolver = (to: Endpoint) => to.ip === LAB_RESOLVER.ip && to.port === LAB_RESOLVER.port;

/** Connects through the middlebox; resolves once it reports the emulated handshake done. */
function dialViaMiddlebox(middleboxPort: number, to: Endpoint, signal: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const socket = net.connect({ host: '127.0.0.1', port: middleboxPort });
    socket.setNoDelay(true);
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.off('readable', onReadable);
      socket.off('end', onGone);
      socket.off('close', onGone);
      socket.off('error', onGone);
      if (error === undefined) return resolve(socket);
      socket.destroy();
      reject(error);
    };
    const onAbort = () => settle(signal.reason);
    // The box closing before the handshake byte is the lab's "connection refused".
    const onGone = () => settle(nodeError('connect', 'ECONNREFUSED', to));
    // read(1) takes the ack alone and leaves any later bytes buffered for the caller, and
    // never switches the socket to flowing mode.
    const onReadable = () => {
      const ack = socket.read(1) as Buffer | null;
      if (ack === null) return;
      settle(ack[0] === 0x01 ? undefined : nodeError('connect', 'ECONNREFUSED', to));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('readable', onReadable);
    socket.once('end', onGone);
    socket.once('close', onGone);
    socket.once('error', onGone);
    socket.once('connect', () => socket.write(`YOXLA-LAB ${to.ip} ${to.port}\n`));
  });
}

export function labNetwork(options: LabNetworkOptions): Network {
  const unreachable = (to?: Endpoint) => Promise.reject(nodeError('connect', 'ENETUNREACH', to));
  const dnsTcp: Endpoint = { ip: '127.0.0.1', port: options.dns.tcpPort };
  const dnsUdp: Endpoint = { ip: '127.0.0.1', port: options.dns.udpPort };
  const dial = (to: Endpoint, signal: AbortSignal): Promise<net.Socket> => {
    if (options.offline) return unreachable(to);
    if (isResolver(to)) return dialDirect(dnsTcp, signal);
    return dialViaMiddlebox(options.middleboxPort, to, signal);
  };
  const guarded = withLoopbackGuard({
    name: `lab:${options.path}`,
    resolvers: [LAB_RESOLVER],
    ca: [options.caPem],
    doh: { url: LAB_DOH_URL, bootstrap: [options.dohAddress] },
    dnsExchange(server, query, transport, signal) {
      if (options.offline) return unreachable(server);
      // Anything but the lab resolver is refused: 127.0.0.53 may be the host's own stub resolver.
      if (!isResolver(server)) return Promise.reject(nodeError('connect', 'ECONNREFUSED', server));
      return dnsExchangeDirect(transport === 'udp' ? dnsUdp : dnsTcp, query, transport, signal);
    },
    dial,
  });
  // Routing happens above the guard: what reaches a socket is still checked to be loopback.
  return {
    ...guarded,
    dial: (to, signal) => guarded.dial(isLoopback(to.ip) ? to : { ip: options.routeAddress(to.ip), port: to.port }, signal),
    // The lab's hosts are its internet; every other loopback or private address is as local to a
    // lab run as a router is to a real one, so the engine's redirect rule is tested for real.
    isLocalAddress: (ip) => !(isLoopback(ip) && options.ownsAddress(ip)) && isNonPublicAddress(ip),
  };
}
