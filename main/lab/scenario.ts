// Lab scenario files (`schema: "yoxla.lab/1"`, DESIGN.md section 4): a stable contract.
import { z } from 'zod';
import { MethodSchema, StatusSchema } from '../contract/verdict.ts';
import { VpnVerdictSchema } from '../contract/run.ts';
import { StrategyNameSchema, StrategyOutcomeSchema } from '../contract/strategies.ts';

const hostName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(?!-)[a-z0-9-]{1,63}(?:\.(?!-)[a-z0-9-]{1,63})*\.?$/i, 'must be a DNS host name');

export const InspectsSchema = z.enum(['first-segment', 'first-record', 'stream']);

const ruleBase = { host: hostName, subdomains: z.boolean().default(false) };

export const CensorRuleSchema = z.discriminatedUnion('at', [
  z.object({ ...ruleBase, at: z.literal('dns'), do: z.enum(['nxdomain', 'bogus', 'timeout']) }).strict(),
  z.object({ ...ruleBase, at: z.literal('ip'), do: z.enum(['drop', 'reset']) }).strict(),
  z
    .object({
      ...ruleBase,
      at: z.literal('sni'),
      do: z.enum(['drop', 'reset', 'mitm']),
      inspects: InspectsSchema.default('stream'),
    })
    .strict(),
  z
    .object({
      ...ruleBase,
      at: z.literal('http-host'),
      do: z.enum(['blockpage', 'reset']),
      inspects: InspectsSchema.default('stream'),
    })
    .strict(),
  // 1 kbit/s to 10 Gbit/s: a rate of 1e-300 would stall the shaper and flood the log with warnings.
  z.object({ ...ruleBase, at: z.literal('throughput'), kbps: z.number().min(1).max(10_000_000) }).strict(),
]);
export type CensorRule = z.infer<typeof CensorRuleSchema>;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]{1,64}$/i;
/** Header values and other one-line fields: no line breaks, so a page can never split a response. */
const oneLine = (max: number) => z.string().max(max).regex(/^[^\r\n\0]*$/, 'must be one line');

/**
 * A site's particular page (DESIGN.md section 4): every field optional; `location` with a 3xx
 * `status` makes a redirect; `{{publicIp}}` anywhere stands for `network.publicIp`.
 */
export const SitePageSchema = z
  .object({
    status: z.number().int().min(200).max(599).optional(),
    title: oneLine(1_000).optional(),
    headers: z
      .record(z.string().regex(HEADER_NAME, 'must be an HTTP header name'), oneLine(4_096))
      .refine((headers) => Object.keys(headers).length <= 32, 'at most 32 headers')
      .optional(),
    body: z.string().max(256 * 1024).optional(),
    location: oneLine(2_048).optional(),
  })
  .strict();
export type SitePage = z.infer<typeof SitePageSchema>;

export const SiteSchema = z
  .object({
    down: z.boolean().default(false),
    http: z.boolean().default(false),
    geofence: z.enum(['domestic-only']).optional(),
    /**
     * How a fenced site answers the foreign paths (vpn and control): an HTTP 403 (the default), a
     * 451, a captcha page, a reset on the first bytes, silence (no TCP handshake), or a TLS alert.
     */
    geofenceBy: z.enum(['403', '451', 'captcha', 'reset', 'timeout', 'tls-alert']).optional(),
    bytes: z.number().int().positive().max(1_000_000_000).optional(),
    page: SitePageSchema.optional(),
    /**
     * How long the server thinks before it answers a TLS ClientHello, on every path: a fixed
     * number of milliseconds (a slow server), or `{min, max}` drawn anew for each handshake from
     * the scenario's seed (a server whose response time varies).
     */
    handshakeDelayMs: z
      .union([
        z.number().min(0).max(60_000),
        z
          .object({ min: z.number().min(0).max(60_000), max: z.number().min(0).max(60_000) })
          .strict()
          .refine((d) => d.min <= d.max, 'min must not exceed max'),
      ])
      .optional(),
  })
  .strict();
export type Site = z.infer<typeof SiteSchema>;

const asn = z.string().regex(/^AS\d+$/, 'must look like AS29049');

export const NetworkConditionsSchema = z
  .object({
    rttMs: z.number().min(0).max(10_000).default(0),
    state: z.enum(['ok', 'offline', 'captive-portal']).default('ok'),
    transientResetPct: z.number().min(0).max(100).default(0),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    publicIp: z.union([z.ipv4(), z.ipv6()]).default('198.51.100.7'),
    asn: asn.default('AS0'),
    cc: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code').default('ZZ'),
  })
  .strict();


export const ScenarioSchema = z
  .object({
    schema: z.literal('yoxla.lab/1'),
    name: z.string().min(1),
    description: z.string().optional(),
    network: NetworkConditionsSchema.default({
      rttMs: 0,
      state: 'ok',
      transientResetPct: 0,
      seed: 1,
      publicIp: '198.51.100.7',
      asn: 'AS0',
      cc: 'ZZ',
    }),
    sites: z.record(hostName, SiteSchema).default({}),
    censor: z.array(CensorRuleSchema).default([]),
    // Ignored by the engine; tests compare them.
    expect: z
      .record(hostName, z.object({ status: StatusSchema, method: MethodSchema.nullable().optional() }).strict())
      .default({}),
    expectVpn: z.record(hostName, VpnVerdictSchema).default({}),
    expectStrategies: z.record(hostName, z.partialRecord(StrategyNameSchema, StrategyOutcomeSchema)).default({}),
  })
  .strict();
export type Scenario = z.infer<typeof ScenarioSchema>;

/** Does a censor rule's host cover this host name? */
export function ruleMatchesHost(rule: { host: string; subdomains: boolean }, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const r = rule.host.toLowerCase().replace(/\.$/, '');
  return h === r || (rule.subdomains && h.endsWith(`.${r}`));
}

/** The URL a scenario site is measured at (DESIGN.md section 4). */
export function siteInput(host: string, site: Site | undefined): string {
  return site?.http ? `http://${host}/` : `https://${host}/`;
}

/** One-line reason naming the bad field, for exit code 2. */
export function describeScenarioError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid scenario';
  const path = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  return `${path}: ${issue.message}`;
}
