// Every setting's default, as a plain value without zod: SettingsSchema (main/contract/bridge.ts)
// fills a missing field from here (its `.default(...)` calls type-check each value), and the
// renderer starts from it when main cannot answer.

/** Spelled out rather than typed as `Settings`, which is inferred from the schema that reads these. */
export const DEFAULT_SETTINGS = Object.freeze({
  language: null as 'az' | 'en' | null,
  consentAccepted: false as boolean,
  consentVersion: 0 as number,
  useControl: true as boolean,
  includeIp: false as boolean,
  uploadConsent: false as boolean,
  tryStrategies: false as boolean,
  trainerMode: false as boolean,
  controlUrl: null as string | null,
  dohUrl: null as string | null,
  dohAddress: null as string | null,
  portalCheckUrl: null as string | null,
  egressUrl: null as string | null,
  lookupEgress: true as boolean,
});
