// The bundled target data files (main/targets/data/*.json): their schema, and turning entries into
// Targets. The files are imported, not read from disk, so they travel with any build of the app.
import { z } from 'zod';
import { TargetKindSchema, type Target } from '../contract/run.ts';
import { InputError, normaliseInput } from './input.ts';
import tiktok from './data/tiktok.json' with { type: 'json' };
import news from './data/news.json' with { type: 'json' };
import social from './data/social.json' with { type: 'json' };
import messengers from './data/messengers.json' with { type: 'json' };
import local from './data/local.json' with { type: 'json' };

export const CatalogEntrySchema = z
  .object({
    host: z.string().min(1).optional(),
    url: z.string().min(1).optional(),
    kind: TargetKindSchema,
    /** A Citizen Lab category code where one applies; local services use bank|operator|e-gov|payment. */
    category: z.string().min(1),
    /** Groups endpoints for per-app summaries; a key under `apps.names` in locales/{en,az}/apps.json. */
    app: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
    purpose: z.string().min(1),
    /** Citable: a URL, a test-list row with its date and contributor, or a named source file. */
    source: z.string().trim().min(1),
    note: z.string().min(1).optional(),
    /** The research notes mark the entry [U]: it stays in the set, but nobody may call it verified. */
    unverified: z.boolean().optional(),
    assetUrl: z.url().optional(),
  })
  .strict()
  .refine((e) => (e.host === undefined) !== (e.url === undefined), { message: 'an entry needs exactly one of host and url' })
  .refine((e) => !e.unverified || (e.note ?? '').includes('[U]'), { message: 'an unverified entry needs a note that says [U] and why' });
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

export const CatalogSchema = z
  .object({
    set: z.string().regex(/^[a-z]+$/),
    /** When the list was last reviewed against its sources (YYYY-MM-DD): reports name it (main/version.ts). */
    updated: z.iso.date(),
    description: z.string().min(1),
    entries: z.array(CatalogEntrySchema).min(1),
  })
  .strict();
export type Catalog = z.infer<typeof CatalogSchema>;

export const CATALOG_NAMES = ['tiktok', 'news', 'social', 'messengers', 'local'] as const;
export type CatalogName = (typeof CATALOG_NAMES)[number];

const RAW: Record<CatalogName, unknown> = { tiktok, news, social, messengers, local };

export class CatalogError extends Error {}

const cache = new Map<CatalogName, Catalog>();

/** A broken data file is a bug in Yoxla, so the error names the file and the entry. */
export function loadCatalog(name: CatalogName): Catalog {
  const cached = cache.get(name);
  if (cached) return cached;
  const parsed = CatalogSchema.safeParse(RAW[name]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CatalogError(`targets/data/${name}.json: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  if (parsed.data.set !== name) throw new CatalogError(`targets/data/${name}.json: set is ${parsed.data.set}, expected ${name}`);
  cache.set(name, parsed.data);
  return parsed.data;
}

export function entryToTarget(entry: CatalogEntry, set: string): Target {
  let normalised: { input: string; host: string };
  try {
    normalised = normaliseInput(entry.url ?? entry.host ?? '');
  } catch (err) {
    if (err instanceof InputError) throw new CatalogError(`targets/data/${set}.json: ${err.message}`);
    throw err;
  }
  return {
    ...normalised,
    kind: entry.kind,
    category: entry.category,
    set,
    source: entry.source,
    ...(entry.app ? { app: entry.app } : {}),
    ...(entry.assetUrl ? { assetUrl: entry.assetUrl } : {}),
  };
}
