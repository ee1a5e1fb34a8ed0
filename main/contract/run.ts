// The run JSON (`yoxla.run/1`, DESIGN.md section 8): the machine-readable truth of one run.
// Everything needed to recompute each verdict travels with it (observations, control, context).
import { z } from 'zod';
import { ControlSchema, ObservationSchema } from './observations.ts';
import { ConnectivitySchema, EvidenceSchema, MethodSchema, StatusSchema } from './verdict.ts';

export const TargetKindSchema = z.enum(['web', 'app-endpoint', 'messenger', 'throughput', 'local-service']);
export type TargetKind = z.infer<typeof TargetKindSchema>;

export const TargetSchema = z.object({
  /** What is measured: a URL (`https://host/`), the unit OONI calls input. */
  input: z.string(),
  host: z.string(),
  kind: TargetKindSchema,
  category: z.string().optional(),
  /** Bundled set it came from (`tiktok`, `news`, ...) or `custom`/`lab`. */
  set: z.string().optional(),
  /** Where the entry comes from (attribution). */
  source: z.string().optional(),
  /** Application the endpoint belongs to, for per-app summaries. */
  app: z.string().optional(),
  /** Large asset for the throughput check. */
  assetUrl: z.string().optional(),
});
export type Target = z.infer<typeof TargetSchema>;

export const ResultSchema = z.object({
  input: z.string(),
  host: z.string(),
  kind: TargetKindSchema,
  category: z.string().optional(),
  set: z.string().optional(),
  app: z.string().optional(),
  status: StatusSchema,
  method: MethodSchema.nullable(),
  durationMs: z.number().min(0),
  observations: z.array(ObservationSchema),
  /** Test-helper reply, or null when no control was used or it failed (see controlFailure). */
  control: ControlSchema.nullable(),
  controlFailure: z.string().nullable(),
  evidence: EvidenceSchema,
  explanationKey: z.string(),
});
export type Result = z.infer<typeof ResultSchema>;

export const VpnVerdictSchema = z.enum(['works-both', 'breaks-with-vpn', 'blocked-without-vpn', 'fails-both']);
export type VpnVerdict = z.infer<typeof VpnVerdictSchema>;

export const VpnImpactSchema = z.object({
  host: z.string(),
  domestic: StatusSchema,
  vpn: StatusSchema,
  verdict: VpnVerdictSchema,
});

export const RunNetworkSchema = z.object({
  asn: z.string(),
  cc: z.string(),
  /** Name of the network operator when known. */
  name: z.string().optional(),
  vpn: z.enum(['on', 'off', 'unknown']),
  /** Public IP: present only when the user asked for it at run time. */
  ip: z.string().optional(),
  /** Path round-trip time the adaptive timeouts were derived from. */
  rttMs: z.number().nullable(),
  connectivity: ConnectivitySchema,
  /** Why connectivity is what it is, as evidence codes. */
  connectivityEvidence: z.array(z.string()).default([]),
});
export type RunNetwork = z.infer<typeof RunNetworkSchema>;

export const RunSchema = z.object({
  schema: z.literal('yoxla.run/1'),
  software: z.object({ name: z.literal('yoxla'), version: z.string() }).optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** `check` (real network), `lab` (scenario name in `scenario`), `import`... */
  mode: z.string().optional(),
  scenario: z.string().optional(),
  /** True when the run was stopped before every target finished; results hold what finished. */
  interrupted: z.boolean().default(false),
  network: RunNetworkSchema,
  results: z.array(ResultSchema),
  vpnImpact: z.array(VpnImpactSchema).default([]),
});
export type Run = z.infer<typeof RunSchema>;
