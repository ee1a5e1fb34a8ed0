// The one bridge between the renderer and the engine (DESIGN.md section 6). Every channel is
// declared here once with zod schemas for what goes in and what comes back; the Electron preload
// exposes `YoxlaBridge` through contextBridge, main validates every payload against this table, and
// the renderer tests expose the same API backed by the real runner and the lab. No Node imports.
import { z } from 'zod';
import { ResultSchema, RunSchema } from './run.ts';
import { ConnectivitySchema, StatusSchema } from './verdict.ts';
import { ControlUrlSchema, DohAddressSchema, DohUrlSchema, EgressUrlSchema, PortalCheckUrlSchema } from './endpoints.ts';
import { DEFAULT_SETTINGS } from './settings-defaults.ts';

export const LanguageSchema = z.enum(['az', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

/** Bundled target sets a person can choose (main/targets/data). */
export const TargetSetNameSchema = z.enum(['tiktok', 'news', 'social', 'messengers', 'local']);
export type TargetSetName = z.infer<typeof TargetSetNameSchema>;

// ---- settings ---------------------------------------------------------------------------------

/** Each setting without its default, so a patch carries only what the renderer actually sent. */
const SETTING_FIELDS = {
  /** null until the person chose; the renderer then follows the system locale (az when it is az). */
  language: LanguageSchema.nullable(),
  /** Informed consent given (DESIGN.md section 6): nothing runs before it is true. */
  consentAccepted: z.boolean(),
  /** Version of the consent text accepted, so a changed text asks again. */
  consentVersion: z.number().int().min(0),
  /** Ask OONI's test helper (the control server) how sites look from outside. */
  useControl: z.boolean(),
  /** Keep the public IP in runs (never exported unless asked again at export time). */
  includeIp: z.boolean(),
  /** Allowed to upload measurements to OONI's collector when the person asks for it. */
  uploadConsent: z.boolean(),
  /** Try circumvention strategies on blocked targets (DESIGN.md section 10). */
  tryStrategies: z.boolean(),
  trainerMode: z.boolean(),
  // Settings → Advanced: the outside endpoints of a real run (main/contract/endpoints.ts); null is the default.
  /** A test helper the person chose; naming one is consent to use it. */
  controlUrl: ControlUrlSchema.nullable(),
  /** A DoH resolver (also the connectivity reference) and the address to reach it at. */
  dohUrl: DohUrlSchema.nullable(),
  dohAddress: DohAddressSchema.nullable(),
  /** A captive-portal check that answers 204. */
  portalCheckUrl: PortalCheckUrlSchema.nullable(),
  /** A Cloudflare-trace-style page (`ip=`, `loc=`) for the network a run leaves from. */
  egressUrl: EgressUrlSchema.nullable(),
  /** False: never look the egress up (the run's network stays unknown). */
  lookupEgress: z.boolean(),
};

export const SettingsSchema = z.object({
  language: SETTING_FIELDS.language.default(DEFAULT_SETTINGS.language),
  consentAccepted: SETTING_FIELDS.consentAccepted.default(DEFAULT_SETTINGS.consentAccepted),
  consentVersion: SETTING_FIELDS.consentVersion.default(DEFAULT_SETTINGS.consentVersion),
  useControl: SETTING_FIELDS.useControl.default(DEFAULT_SETTINGS.useControl),
  includeIp: SETTING_FIELDS.includeIp.default(DEFAULT_SETTINGS.includeIp),
  uploadConsent: SETTING_FIELDS.uploadConsent.default(DEFAULT_SETTINGS.uploadConsent),
  tryStrategies: SETTING_FIELDS.tryStrategies.default(DEFAULT_SETTINGS.tryStrategies),
  trainerMode: SETTING_FIELDS.trainerMode.default(DEFAULT_SETTINGS.trainerMode),
  controlUrl: SETTING_FIELDS.controlUrl.default(DEFAULT_SETTINGS.controlUrl),
  dohUrl: SETTING_FIELDS.dohUrl.default(DEFAULT_SETTINGS.dohUrl),
  dohAddress: SETTING_FIELDS.dohAddress.default(DEFAULT_SETTINGS.dohAddress),
  portalCheckUrl: SETTING_FIELDS.portalCheckUrl.default(DEFAULT_SETTINGS.portalCheckUrl),
  egressUrl: SETTING_FIELDS.egressUrl.default(DEFAULT_SETTINGS.egressUrl),
  lookupEgress: SETTING_FIELDS.lookupEgress.default(DEFAULT_SETTINGS.lookupEgress),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const SettingsPatchSchema = z.object(SETTING_FIELDS).partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

// ---- runs -------------------------------------------------------------------------------------

const MAX_TEXT = 2_000_000;

export const RunRequestSchema = z.discriminatedUnion('mode', [
  /** The person's own connection. */
  z
    .object({
      mode: z.literal('check'),
      sets: z.array(TargetSetNameSchema).default([]),
      /** A custom list's text (plain text, Citizen Lab CSV or OONI Run v2 JSON) or an OONI Run link. */
      list: z.string().max(MAX_TEXT).optional(),
      strategies: z.boolean().default(false),
    })
    .strict(),
  /** Trainer mode: a bundled scenario by name, or a scenario file's text (`yoxla.lab/1`). */
  z
    .object({
      mode: z.literal('lab'),
      scenario: z.string().min(1).max(200).optional(),
      scenarioText: z.string().max(MAX_TEXT).optional(),
      sets: z.array(TargetSetNameSchema).default([]),
      strategies: z.boolean().default(false),
    })
    .strict()
    .refine((r) => (r.scenario === undefined) !== (r.scenarioText === undefined), 'exactly one of scenario or scenarioText'),
]);
export type RunRequest = z.input<typeof RunRequestSchema>;

export const RunIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** Main -> renderer while a run goes on; `runId` says which run. */
export const ProgressEventSchema = z.discriminatedUnion('type', [
  z.object({ runId: RunIdSchema, type: z.literal('started'), total: z.number().int().min(0) }),
  z.object({ runId: RunIdSchema, type: z.literal('connectivity'), connectivity: ConnectivitySchema, rttMs: z.number().nullable() }),
  z.object({ runId: RunIdSchema, type: z.literal('target-start'), input: z.string(), index: z.number().int(), total: z.number().int() }),
  z.object({ runId: RunIdSchema, type: z.literal('target-done'), result: ResultSchema, done: z.number().int(), total: z.number().int() }),
  /** The run ended (completed or cancelled, `run.interrupted` says which) and is in history as `historyId`. */
  z.object({ runId: RunIdSchema, type: z.literal('finished'), historyId: z.string(), run: RunSchema }),
  /** The run could not happen or the runner crashed; what finished (if anything) is in history. */
  z.object({ runId: RunIdSchema, type: z.literal('failed'), error: z.lazy(() => BridgeErrorSchema), historyId: z.string().nullable() }),
]);
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

// ---- history ----------------------------------------------------------------------------------

export const HistoryIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/);

export const HistoryEntrySchema = z.object({
  id: HistoryIdSchema,
  startedAt: z.string(),
  finishedAt: z.string(),
  /** `check`, `lab`, `vpn`, `import` (OONI measurements), `participant` (a trainee's report). */
  mode: z.string(),
  scenario: z.string().optional(),
  network: z.object({ asn: z.string(), cc: z.string(), name: z.string().optional(), vpn: z.enum(['on', 'off', 'unknown']) }),
  counts: z.record(StatusSchema, z.number().int().min(0)),
  total: z.number().int().min(0),
  interrupted: z.boolean(),
  /** Each app's or site's word in this run (main/guidance/glance.ts), for the timeline of History. */
  apps: z.record(z.string(), z.enum(['blocked', 'partly-blocked', 'works', 'down', 'unknown'])).optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

// ---- reports ----------------------------------------------------------------------------------

export const ReportFormatSchema = z.enum(['html', 'pdf', 'json', 'ooni', 'csv']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

export const ExportRequestSchema = z
  .object({
    historyId: HistoryIdSchema,
    format: ReportFormatSchema,
    lang: LanguageSchema,
    /** Shown in the export only when asked here again (and only if the run kept it). */
    includeIp: z.boolean().default(false),
    /** HTML and PDF: the summary only (facts, the answer per app, the tables), without each site's evidence. */
    summaryOnly: z.boolean().default(false),
  })
  .strict();
export type ExportRequest = z.input<typeof ExportRequestSchema>;

/** `saved`: written where the person chose; `canceled`: they closed the save dialog. */
export const ExportResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('saved'), path: z.string(), bytes: z.number().int().min(0) }),
  z.object({ kind: z.literal('canceled') }),
]);
export type ExportResult = z.infer<typeof ExportResultSchema>;

/**
 * Sending a run's OONI measurements to OONI's collector (public data): only with the standing
 * consent of Settings (`uploadConsent`) and a confirmation for this run (`confirmed`).
 */
export const UploadRequestSchema = z.object({ historyId: HistoryIdSchema, confirmed: z.literal(true) }).strict();
export const UploadResultSchema = z.object({
  collector: z.string(),
  uploaded: z.array(z.object({ testName: z.string(), input: z.string().nullable(), measurementUid: z.string() })),
});
export type UploadResult = z.infer<typeof UploadResultSchema>;

// ---- custom lists ----------------------------------------------------------------------------

export const ListValidateRequestSchema = z.object({ text: z.string().max(MAX_TEXT) }).strict();

/**
 * A custom list as the importers read it: how many addresses (null for an OONI Run link, fetched
 * only when the check starts), or the first line that cannot be used (null when the problem is
 * the whole list) and the importer's reason (technical, English).
 */
export const ListValidationSchema = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(true), format: z.enum(['plain-text', 'citizenlab-csv', 'ooni-run', 'saved-list', 'ooni-run-link']), count: z.number().int().min(0).nullable() }),
  z.object({ valid: z.literal(false), line: z.number().int().min(1).nullable(), reason: z.string().max(2000) }),
]);
export type ListValidation = z.infer<typeof ListValidationSchema>;

// ---- trainer mode and imports -----------------------------------------------------------------

export const ScenarioInfoSchema = z.object({
  name: z.string(),
  /** Hosts the scenario expects blocked, for the trainer's overview. */
  blockedHosts: z.array(z.string()),
  hasVpn: z.boolean(),
  hasStrategies: z.boolean(),
});
export type ScenarioInfo = z.infer<typeof ScenarioInfoSchema>;

/** A file the person opened (run JSON of a participant, OONI measurement, scenario), by content. */
export const OpenTextRequestSchema = z.object({ name: z.string().max(500), text: z.string().max(50_000_000) }).strict();

/** An OONI measurement to explain: a file's text, or an OONI Explorer link / measurement id. */
export const ExplainRequestSchema = z.union([
  OpenTextRequestSchema,
  z.object({ link: z.string().min(1).max(2000) }).strict(),
]);
export type ExplainRequest = z.infer<typeof ExplainRequestSchema>;

export const CompareRequestSchema = z.object({ historyIds: z.array(HistoryIdSchema).min(2).max(50) }).strict();

/** Several runs side by side, per host: each run's status and method (trainers, watchdogs). */
export const ComparisonSchema = z.object({
  runs: z.array(HistoryEntrySchema),
  rows: z.array(
    z.object({
      host: z.string(),
      cells: z.array(z.object({ status: StatusSchema, method: z.string().nullable() }).nullable()),
      agree: z.boolean(),
    }),
  ),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

// ---- VPN comparison wizard ------------------------------------------------------------------

export const VpnWizardStateSchema = z.object({
  /** What is detected now. */
  vpn: z.enum(['on', 'off', 'unknown']),
  /** The saved first phase, if any (resumable across restarts). */
  firstPhase: z.object({ savedAt: z.string(), vpn: z.enum(['on', 'off', 'unknown']), historyId: z.string().nullable() }).nullable(),
});
export type VpnWizardState = z.infer<typeof VpnWizardStateSchema>;

export const VpnPhaseRequestSchema = z.object({ declared: z.enum(['on', 'off']).optional(), restart: z.boolean().default(false) }).strict();

export const SplitTunnelRequestSchema = z
  .object({ exclude: z.array(z.string().min(1).max(300)).min(1).max(500), wireguard: z.string().max(100_000).optional() })
  .strict();
export const SplitTunnelResultSchema = z.object({ allowedIps: z.array(z.string()), conf: z.string().nullable() });

// ---- errors as values -----------------------------------------------------------------------

/** `code` is a closed word the renderer translates (`errors.<code>` in locales); `detail` is for the technical view. */
export const BridgeErrorSchema = z.object({
  code: z.enum([
    'bad-request',
    'consent-required',
    'busy',
    'not-found',
    'bad-file',
    'offline',
    'runner-crashed',
    'cancelled',
    /** The run may not go to OONI: unknown network, a lab run, or nothing to send (detail says which). */
    'upload-refused',
    /** The person said no in the app's own confirmation before anything was sent. */
    'upload-declined',
    /** The collector could not be reached or refused the measurements. */
    'upload-failed',
    'io',
    'unavailable',
  ]),
  detail: z.string().max(2000).default(''),
});
export type BridgeError = z.infer<typeof BridgeErrorSchema>;

export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError };
export const bridgeResultSchema = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: BridgeErrorSchema })]);

// ---- the channel table ------------------------------------------------------------------------

const NoInput = z.undefined().or(z.null()).or(z.object({}).strict());

/**
 * Every request/response channel: its name, what goes in, what comes back. Main registers one
 * handler per entry and validates both directions; nothing else crosses.
 */
export const CHANNELS = {
  'settings:get': { request: NoInput, response: SettingsSchema },
  'settings:set': { request: SettingsPatchSchema, response: SettingsSchema },
  'run:start': { request: RunRequestSchema, response: z.object({ runId: RunIdSchema }) },
  'run:cancel': { request: z.object({ runId: RunIdSchema }).strict(), response: z.object({ cancelled: z.boolean() }) },
  'history:list': { request: NoInput, response: z.array(HistoryEntrySchema) },
  'history:open': { request: z.object({ historyId: HistoryIdSchema }).strict(), response: RunSchema },
  'history:delete': { request: z.object({ historyId: HistoryIdSchema }).strict(), response: z.object({ deleted: z.boolean() }) },
  'history:compare': { request: CompareRequestSchema, response: ComparisonSchema },
  /** A participant's run JSON (or several merged): validated, re-analysed, added to history. */
  'history:import': { request: OpenTextRequestSchema, response: HistoryEntrySchema },
  'report:export': { request: ExportRequestSchema, response: ExportResultSchema },
  'report:upload': { request: UploadRequestSchema, response: UploadResultSchema },
  /** Shows a report saved in this session in the system's file manager ("Show in folder"). */
  'report:show': { request: z.object({ path: z.string().min(1).max(4096) }).strict(), response: z.object({ shown: z.boolean() }) },
  /** Checks a custom list's text as run:start will read it, without running anything. */
  'lists:validate': { request: ListValidateRequestSchema, response: ListValidationSchema },
  'scenarios:list': { request: NoInput, response: z.array(ScenarioInfoSchema) },
  /** Validates a scenario file's text like `yoxla lab` does; the run itself goes through run:start. */
  'scenarios:validate': { request: OpenTextRequestSchema, response: ScenarioInfoSchema },
  /** OONI measurements explained by Yoxla's analysis; the result is a run in history (`mode: import`). */
  'ooni:explain': { request: ExplainRequestSchema, response: HistoryEntrySchema },
  'vpn:state': { request: NoInput, response: VpnWizardStateSchema },
  /** One phase of the VPN comparison; progress arrives as for run:start. */
  'vpn:phase': { request: VpnPhaseRequestSchema, response: z.object({ runId: RunIdSchema }) },
  'vpn:split-tunnel': { request: SplitTunnelRequestSchema, response: SplitTunnelResultSchema },
} as const;

export type ChannelName = keyof typeof CHANNELS;
export type ChannelRequest<C extends ChannelName> = z.input<(typeof CHANNELS)[C]['request']>;
export type ChannelResponse<C extends ChannelName> = z.infer<(typeof CHANNELS)[C]['response']>;
export const CHANNEL_NAMES = Object.keys(CHANNELS) as ChannelName[];

/** The event channel for runs, main -> renderer. */
export const PROGRESS_CHANNEL = 'run:progress';

/** main -> renderer (desktop app only): what became of a file opened from the menu or dropped on the window. */
export const FILE_OPENED_CHANNEL = 'file:opened';

export const FileOpenedEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('history'), name: z.string(), entry: HistoryEntrySchema }),
  z.object({ kind: z.literal('scenario'), name: z.string(), text: z.string(), info: ScenarioInfoSchema }),
  z.object({ kind: z.literal('failed'), name: z.string(), error: BridgeErrorSchema }),
]);
export type FileOpenedEvent = z.infer<typeof FileOpenedEventSchema>;

/** What made this build (main/version.ts softwareInfo(), plus Electron's version in the app): Settings shows it. */
export const BuildInfoSchema = z
  .object({
    version: z.string().max(40),
    engine: z.string().max(40),
    targetLists: z.record(z.string().max(40), z.string().max(40)),
    electron: z.string().max(40).optional(),
  })
  .strict();
export type BuildInfo = z.infer<typeof BuildInfoSchema>;

/**
 * What the renderer sees as `window.yoxla`. `invoke` never throws: errors come back as values.
 * `onProgress` returns the function that stops listening.
 */
export interface YoxlaBridge {
  invoke<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<BridgeResult<ChannelResponse<C>>>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** Files opened from the app's menu or dropped on its window; absent outside the desktop app. */
  onFileOpened?(listener: (event: FileOpenedEvent) => void): () => void;
  /** The system's preferred languages (navigator.languages in Chromium, app.getPreferredSystemLanguages in Electron). */
  systemLanguages: readonly string[];
  /** What made this build; absent where the host does not say. */
  build?: BuildInfo;
}

/** Validate a request for a channel; a bad one becomes a `bad-request` error value, never a throw. */
export function parseRequest<C extends ChannelName>(channel: string, payload: unknown): BridgeResult<z.infer<(typeof CHANNELS)[C]['request']>> {
  if (!Object.hasOwn(CHANNELS, channel)) return { ok: false, error: { code: 'bad-request', detail: `unknown channel ${String(channel).slice(0, 80)}` } };
  const parsed = CHANNELS[channel as C].request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: { code: 'bad-request', detail: `${channel}: ${issue ? `${issue.path.join('.') || '(payload)'}: ${issue.message}` : 'invalid'}` } };
  }
  return { ok: true, value: parsed.data as z.infer<(typeof CHANNELS)[C]['request']> };
}
