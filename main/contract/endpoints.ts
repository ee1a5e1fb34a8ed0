// The outside services a real run talks to besides its targets: the test helper (control), the
// DoH resolver (also the connectivity reference), the captive-portal check and the egress echo.
// Each can be replaced where the default is blocked or distrusted. Shared by the CLI flags and the
// app's Settings → Advanced, so both accept and refuse exactly the same values. No Node imports.
import { z } from 'zod';
import {
  CONTROL_PROTOCOLS,
  DOH_PROTOCOLS,
  EGRESS_PROTOCOLS,
  PORTAL_CHECK_PROTOCOLS,
  endpointUrlProblem,
  ipAddressProblem,
  type EndpointProtocol,
} from './endpoint-rules.ts';

// The rules themselves live without zod in endpoint-rules.ts (the renderer and the CLI use them too).

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
