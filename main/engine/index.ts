// The engine: one network step each, every one returning an observation and never throwing for
// what the network did.
export type { StepOptions, Deadline } from './deadline.ts';
export { startDeadline, abortable, StepTimeoutError } from './deadline.ts';
export { toFailure, certFailure } from './failure.ts';
export { resolveSystem } from './dns.ts';
export { resolveDoh } from './doh.ts';
export { tcpConnect } from './tcp.ts';
export { tlsHandshake, type TlsStepOptions } from './tls.ts';
export { httpFetch, BROWSER_HEADERS, type HttpFetchOptions } from './http.ts';
export { download, type DownloadOptions } from './throughput.ts';
export { productionNetwork, systemResolvers, DEFAULT_DOH } from './production-network.ts';
export { dialWithin, originClient } from './connect.ts';
export {
  endpointKey,
  isLoopback,
  withLoopbackGuard,
  dialDirect,
  dnsExchangeDirect,
  LoopbackGuardError,
  type Endpoint,
  type DohConfig,
  type Network,
} from './network.ts';
