// The lab's control vantage point: a server for OONI's web-connectivity test-helper protocol.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Network } from '../engine/network.ts';

/** Request handler for POST / on th.lab.yoxla; measures with `controlNet` (uncensored, foreign). */
export function createControlHandler(controlNet: Network): (req: IncomingMessage, res: ServerResponse) => void {
  void controlNet;
  return (_req, res) => {
    res.statusCode = 501;
    res.end('not yet');
  };
}
