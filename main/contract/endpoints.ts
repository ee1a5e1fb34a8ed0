// The outside services a real run talks to besides its targets: the test helper (control), the
// DoH resolver (also the connectivity reference), the captive-portal check and the egress echo.
// Each can be replaced where the default is blocked or distrusted. Shared by the CLI flags and the
// app's Settings → Advanced, so both accept and refuse exactly the same values. No Node imports.
import { z } from 'zod';

export type EndpointProtocol = 'http:' | 'https:';

/** Why `text` cannot be used as an endpoint URL, in one line; null when it can. */
export function endpointUrlProblem(text: string, protocols: readonly EndpointProtocol[]): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${JSON.stringify(text)} is not a URL`;
  }
  if (!(protocols as readonly string[]).includes(url.protocol)) {
    return `${text} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`;
  }
  if (url.hostname === '') return `${text} names no host`;
  if (url.username !== '' || url.password !== '') return `${text} must not carry a user name or password`;
  if (url.hash !== '') return `${text} must not carry a #fragment`;
  return null;
}

const IpSchema = z.union([z.ipv4(), z.ipv6()]);

/** Why `text` is not an IP address (v4 or v6, no brackets, no port); null when it is one. */
export function ipAddressProblem(text: string): string | null {
  return IpSchema.safeParse(text).success ? null : `${JSON.stringify(text)} is not an IPv4 or IPv6 address`;
}

/** The host of a URL when it is an IP literal (brackets removed), else null. */
export function urlIpLiteral(text: string): string | null {
  try {
    const host = new URL(text).hostname.replace(/^\[(.*)\]$/, '$1');
    return IpSchema.safeParse(host).success ? host : null;
  } catch {
    return null;
  }
}

/** Plain HTTP is allowed for a helper the person runs themselves (oohelperd listens on HTTP); the network then sees the tested URLs. */
export const CONTROL_PROTOCOLS: readonly EndpointProtocol[] = ['https:', 'http:'];
export const DOH_PROTOCOLS: readonly EndpointProtocol[] = ['https:'];
export const PORTAL_CHECK_PROTOCOLS: readonly EndpointProtocol[] = ['http:', 'https:'];
export const EGRESS_PROTOCOLS: readonly EndpointProtocol[] = ['http:', 'https:'];

const urlSchema = (protocols: readonly EndpointProtocol[]) =>
  z
    .string()
    .max(2000)
    .superRefine((text, ctx) => {
      const problem = endpointUrlProblem(text, protocols);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

export const ControlUrlSchema = urlSchema(CONTROL_PROTOCOLS);
export const DohUrlSchema = urlSchema(DOH_PROTOCOLS);
export const PortalCheckUrlSchema = urlSchema(PORTAL_CHECK_PROTOCOLS);
export const EgressUrlSchema = urlSchema(EGRESS_PROTOCOLS);
export const DohAddressSchema = z.string().max(100).superRefine((text, ctx) => {
  const problem = ipAddressProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The DoH resolver needs an address to reach it without asking the resolver it checks. */
export function dohAddressProblem(dohUrl: string | null, dohAddress: string | null): string | null {
  if (dohUrl === null) return dohAddress === null ? null : 'a DoH address needs a DoH URL (--doh URL)';
  if (dohAddress === null && urlIpLiteral(dohUrl) === null) return `${dohUrl}: say its address with --doh-address IP`;
  return null;
}

/**
 * The chosen endpoints of one run; a missing key means the default. `control` set means the person
 * named a helper, which is consent to use it. `egress: false` skips the egress lookup.
 */
export const RunEndpointsSchema = z
  .object({
    control: ControlUrlSchema.optional(),
    doh: z.object({ url: DohUrlSchema, address: DohAddressSchema }).strict().optional(),
    portalCheck: PortalCheckUrlSchema.optional(),
    egress: z.union([EgressUrlSchema, z.literal(false)]).optional(),
  })
  .strict();
export type RunEndpoints = z.infer<typeof RunEndpointsSchema>;
