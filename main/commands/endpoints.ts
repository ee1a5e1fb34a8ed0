// The flags that choose a real run's outside endpoints (yoxla check, yoxla vpn). They are read and
// validated before anything is contacted; a bad value is a one-line UsageError (exit 2).
import {
  CONTROL_PROTOCOLS,
  DOH_PROTOCOLS,
  EGRESS_PROTOCOLS,
  PORTAL_CHECK_PROTOCOLS,
  dohAddressProblem,
  endpointUrlProblem,
  ipAddressProblem,
  urlIpLiteral,
  type EndpointProtocol,
} from '../contract/endpoint-rules.ts';
import type { RunEndpoints } from '../contract/endpoints.ts';
import { UsageError } from './usage-error.ts';

export const ENDPOINT_OPTIONS = {
  control: { type: 'string' },
  doh: { type: 'string' },
  'doh-address': { type: 'string' },
  'portal-check': { type: 'string' },
  egress: { type: 'string' },
  'no-egress': { type: 'boolean', default: false },
} as const;

export const ENDPOINT_USAGE = '[--control URL] [--doh URL [--doh-address IP]] [--portal-check URL] [--egress URL | --no-egress]';

export interface EndpointFlags {
  control?: string;
  doh?: string;
  'doh-address'?: string;
  'portal-check'?: string;
  egress?: string;
  'no-egress'?: boolean;
}

function url(flag: string, value: string | undefined, protocols: readonly EndpointProtocol[]): string | undefined {
  if (value === undefined) return undefined;
  const problem = endpointUrlProblem(value, protocols);
  if (problem) throw new UsageError(`--${flag}: ${problem}`);
  return value;
}

export function endpointsOf(values: EndpointFlags): RunEndpoints {
  const control = url('control', values.control, CONTROL_PROTOCOLS);
  const doh = url('doh', values.doh, DOH_PROTOCOLS);
  const dohAddress = values['doh-address'];
  if (dohAddress !== undefined) {
    const problem = ipAddressProblem(dohAddress);
    if (problem) throw new UsageError(`--doh-address: ${problem}`);
  }
  const pairing = dohAddressProblem(doh ?? null, dohAddress ?? null);
  if (pairing) throw new UsageError(`--doh: ${pairing}`);
  const portalCheck = url('portal-check', values['portal-check'], PORTAL_CHECK_PROTOCOLS);
  const egress = url('egress', values.egress, EGRESS_PROTOCOLS);
  if (egress !== undefined && values['no-egress']) throw new UsageError('--egress and --no-egress exclude each other');
  return {
    ...(control !== undefined ? { control } : {}),
    ...(doh !== undefined ? { doh: { url: doh, address: dohAddress ?? (urlIpLiteral(doh) as string) } } : {}),
    ...(portalCheck !== undefined ? { portalCheck } : {}),
    ...(egress !== undefined ? { egress } : values['no-egress'] ? { egress: false as const } : {}),
  };
}
