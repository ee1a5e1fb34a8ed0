// TCP connect, then close: does anything answer a SYN at this address?
import type { TcpObservation } from '../contract/observations.ts';
import type { Endpoint, Network } from './network.ts';
import { startDeadline, type StepOptions } from './deadline.ts';
import { dialWithin } from './connect.ts';

export async function tcpConnect(net: Network, to: Endpoint, o: StepOptions): Promise<TcpObservation> {
  const t0 = Date.now();
  const deadline = startDeadline(o.timeoutMs, o.signal, o.timeUp);
  let failure: string | null = null;
  try {
    const socket = await dialWithin(net, to, deadline.signal);
    socket.destroy();
  } catch (err) {
    failure = deadline.failure(err);
  } finally {
    deadline.dispose();
  }
  return { step: 'tcp', ip: to.ip, port: to.port, t0, t1: Date.now(), attempt: o.attempt ?? 0, failure };
}
