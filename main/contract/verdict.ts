// Verdict words (DESIGN.md section 3): a stable contract. Import nothing from Node here.
import { z } from 'zod';
import { METHODS, STATUSES } from './verdict-words.ts';

export { METHODS, STATUSES };

export const StatusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof StatusSchema>;

export const MethodSchema = z.enum(METHODS);
export type Method = z.infer<typeof MethodSchema>;

/** Whole-run state of the user's connection, found before any target is judged. */
export const ConnectivitySchema = z.enum(['ok', 'offline', 'captive-portal', 'unknown']);
export type Connectivity = z.infer<typeof ConnectivitySchema>;

export const StepNameSchema = z.enum(['dns', 'tcp', 'tls', 'http', 'throughput']);

/**
 * Why the analysis reached its verdict, in machine words the renderer and report turn into text.
 * `code` names the rule that fired; `notes` add qualifiers (e.g. `transient-failure-recovered`).
 */
export const EvidenceSchema = z.object({
  code: z.string(),
  failingStep: StepNameSchema.nullable(),
  /** The OONI failure string the probe saw at the failing step. */
  failure: z.string().nullable(),
  /** What the control saw for the same step (an OONI failure string, `ok`, or null without a control). */
  control: z.string().nullable(),
  /** True when the failure repeated on a fresh connection. */
  repeated: z.boolean(),
  /** Result of the harmless-SNI test when it ran. */
  sniTest: z.enum(['real-sni-only', 'any-sni', 'not-run']),
  dns: z
    .object({
      /** The person's own lookup: the `os` role, or the network's resolver when no `os` lookup was recorded. */
      system: z.array(z.string()),
      doh: z.array(z.string()),
      control: z.array(z.string()),
      /** The network's resolver asked directly, when the person's own lookup was the operating system's. */
      network: z.array(z.string()).optional(),
    })
    .optional(),
  /** Issuer of the certificate that was presented when interception is suspected. */
  certIssuer: z.string().optional(),
  /** Throughput ratio target/control when measured. */
  throughputRatio: z.number().optional(),
  notes: z.array(z.string()),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const VerdictSchema = z.object({
  status: StatusSchema,
  method: MethodSchema.nullable(),
  evidence: EvidenceSchema,
  /** locales key: `verdict.<status>` or `verdict.blocked.<method>` or `verdict.inconclusive.<reason>`. */
  explanationKey: z.string(),
});
export type Verdict = z.infer<typeof VerdictSchema>;
