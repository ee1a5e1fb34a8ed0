// The run JSON (`yoxla.run/1`, DESIGN.md section 8): the machine-readable truth of one run.
// Everything needed to recompute each verdict travels with it (observations, control, context).
import { z } from 'zod';
import { ControlSchema, ObservationSchema } from './observations.ts';
import { ConnectivitySchema, EvidenceSchema, MethodSchema, StatusSchema } from './verdict.ts';
import { StrategiesSchema } from './strategies.ts';

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
  /** What each circumvention strategy achieved (DESIGN.md section 10); blocked targets only, with consent. */
  strategies: StrategiesSchema.optional(),
});
export type Result = z.infer<typeof ResultSchema>;

export const VpnVerdictSchema = z.enum(['works-both', 'breaks-with-vpn', 'blocked-without-vpn', 'fails-both']);
export type VpnVerdict = z.infer<typeof VpnVerdictSchema>;

/**
 * Why one path fails for the user, in closed words (`vpn.signature.<word>` in locales). The
 * geo-fence signatures: an HTTP refusal (403, 451, 429, another error status), a captcha or
 * block page, a reset, timeout or refused connection, a failed TLS handshake or DNS lookup, seen
 * on one path only. `censored` is a verdict of the analysis; `throttled` a slowed download.
 */
export const VpnSignatureSchema = z.enum([
  'http-403',
  'http-451',
  'http-429',
  'http-error',
  'captcha',
  'blockpage',
  'connection-reset',
  'timeout',
  'connection-refused',
  'tls-failure',
  'dns-failure',
  'censored',
  'throttled',
  'down',
  'other-failure',
]);
export type VpnSignature = z.infer<typeof VpnSignatureSchema>;

/** What one path saw of a service: the analysis's verdict and the facts the comparison used. */
export const VpnPathEvidenceSchema = z.object({
  /** The analysis's status for this path (a refusal page still counts as `accessible` there). */
  status: StatusSchema,
  method: MethodSchema.nullable(),
  /** The analysis's evidence code. */
  code: z.string(),
  failingStep: z.string().nullable(),
  failure: z.string().nullable(),
  /** Status of the final HTTP response, null when none arrived. */
  httpStatus: z.number().int().nullable(),
  title: z.string().nullable(),
  /** Why the service does not work for the user on this path; null when it works. */
  signature: VpnSignatureSchema.nullable(),
});
export type VpnPathEvidence = z.infer<typeof VpnPathEvidenceSchema>;

export const VpnImpactSchema = z.object({
  host: z.string(),
  /**
   * Whether the service works for the user on each path: `accessible`, or the analysis's status,
   * or `blocked` for a page that arrived but refuses the user (a geo-fence answering 403).
   */
  domestic: StatusSchema,
  vpn: StatusSchema,
  verdict: VpnVerdictSchema,
  evidence: z.object({ domestic: VpnPathEvidenceSchema, vpn: VpnPathEvidenceSchema }).optional(),
});
export type VpnImpact = z.infer<typeof VpnImpactSchema>;

/**
 * Fields that reports print outside escaped text (the print footer, file names, the OONI probe
 * fields) are closed forms, so a crafted run or import cannot smuggle CSS or markup through them.
 */
export const AsnSchema = z.string().regex(/^AS\d{1,10}$/, 'must look like AS29049');
export const CountryCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code');
/** An ISO 8601 UTC time as Date.prototype.toISOString writes it (with or without milliseconds). */
export const TimestampSchema = z.iso.datetime();

export const RunNetworkSchema = z.object({
  asn: AsnSchema,
  cc: CountryCodeSchema,
  /** Name of the network operator when known. */
  name: z.string().max(200).optional(),
  vpn: z.enum(['on', 'off', 'unknown']),
  /** Public IP: present only when the user asked for it at run time. */
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  /** Path round-trip time the adaptive timeouts were derived from. */
  rttMs: z.number().min(0).max(3_600_000).nullable(),
  connectivity: ConnectivitySchema,
  /** Why connectivity is what it is, as evidence codes. */
  connectivityEvidence: z.array(z.string()).default([]),
});
export type RunNetwork = z.infer<typeof RunNetworkSchema>;

export const RunSchema = z.object({
  schema: z.literal('yoxla.run/1'),
  /** What made the run: app version, engine version, bundled target lists' dates (main/version.ts). */
  software: z
    .object({
      name: z.literal('yoxla'),
      version: z.string(),
      engine: z.string().optional(),
      targetLists: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  startedAt: TimestampSchema,
  finishedAt: TimestampSchema,
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
