// "What works here" (DESIGN.md section 10): per blocked target, what each alternative dialer
// achieved. Shared by the run JSON, the report and the renderer's guidance; no Node imports.
import { z } from 'zod';
import { FailureSchema, ObservationSchema } from './observations.ts';

export const STRATEGY_NAMES = ['doh', 'tcp-split', 'tls-record-split', 'host-case', 'vpn', 'tor'] as const;
export const StrategyNameSchema = z.enum(STRATEGY_NAMES);
export type StrategyName = z.infer<typeof StrategyNameSchema>;

export const StrategyOutcomeSchema = z.enum(['works', 'fails', 'not-applicable']);
export type StrategyOutcome = z.infer<typeof StrategyOutcomeSchema>;

export const StrategyResultSchema = z.object({
  outcome: StrategyOutcomeSchema,
  /** Closed evidence word (`strategy.evidence.<code>` in locales), e.g. `reached-origin`, `same-failure`, `not-plain-http`. */
  code: z.string(),
  /** OONI failure string of the failing step when the strategy failed. */
  failure: FailureSchema.default(null),
  /** What the strategy's own dial recorded, so the outcome can be re-checked from the run. */
  observations: z.array(ObservationSchema).default([]),
  durationMs: z.number().min(0).default(0),
});
export type StrategyResult = z.infer<typeof StrategyResultSchema>;

/** `results[].strategies`: only for targets found blocked, only when the user agreed to try them. */
export const StrategiesSchema = z.partialRecord(StrategyNameSchema, StrategyResultSchema);
export type Strategies = z.infer<typeof StrategiesSchema>;
