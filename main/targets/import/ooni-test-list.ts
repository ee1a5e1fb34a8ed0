// OONI's test list for a country (GET /api/v1/test-list/urls). Production only: the lab never
// asks the OONI API. When the fetch fails (offline, blocked, odd reply) the bundled news set stands in.
import { z } from 'zod';
import type { Target } from '../../contract/run.ts';
import { InputError, normaliseInput } from '../input.ts';
import { resolveSets } from '../sets.ts';
import { OONI_API, type FetchJson } from './ooni-run.ts';

const ReplySchema = z.object({
  results: z.array(
    z.object({ url: z.string(), category_code: z.string().nullish(), country_code: z.string().nullish() }).loose(),
  ),
});

export interface TestListImport {
  /** `ooni-api` when OONI's list was used, `bundled` when the fallback was. */
  used: 'ooni-api' | 'bundled';
  targets: Target[];
  /** Why the fallback was used, or what was skipped from OONI's reply. */
  notes: string[];
}

export function testListUrl(country: string): string {
  const cc = encodeURIComponent(country);
  // Both parameters: country_code picks the list, probe_cc tells the API where the probe is.
  return `${OONI_API}/api/v1/test-list/urls?country_code=${cc}&probe_cc=${cc}`;
}

/** OONI marks rows of Citizen Lab's global list with country code XX. */
function listName(rowCountry: string | null | undefined, country: string): string {
  const cc = rowCountry?.trim().toUpperCase() || country;
  return cc === 'XX' ? 'global.csv' : `${cc.toLowerCase()}.csv`;
}

export async function fetchCountryTestList(options: {
  fetchJson: FetchJson;
  country?: string;
  set?: string;
  fallback?: () => Target[];
}): Promise<TestListImport> {
  const country = (options.country ?? 'AZ').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new RangeError(`not a country code: ${country}`);
  const set = options.set ?? 'ooni-test-list';
  const fallback = (reason: string): TestListImport => ({
    used: 'bundled',
    targets: (options.fallback ?? (() => resolveSets('news')))(),
    notes: [`OONI's test list for ${country} was not used (${reason}); the bundled list stands in`],
  });

  let json: unknown;
  try {
    json = await options.fetchJson(testListUrl(country));
  } catch (err) {
    return fallback(`fetch failed: ${(err as Error).message}`);
  }
  const reply = ReplySchema.safeParse(json);
  if (!reply.success) return fallback('unexpected reply from the OONI API');

  const targets: Target[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const [i, row] of reply.data.results.entries()) {
    let normalised: { input: string; host: string };
    try {
      normalised = normaliseInput(row.url);
    } catch (err) {
      // One odd row in OONI's list should not cost the person the other few hundred.
      if (err instanceof InputError) {
        notes.push(`results[${i}] skipped: ${err.message}`);
        continue;
      }
      throw err;
    }
    if (seen.has(normalised.input)) continue;
    seen.add(normalised.input);
    const category = row.category_code?.trim();
    targets.push({
      ...normalised,
      kind: 'web',
      ...(category ? { category } : {}),
      set,
      source: `OONI API test list for ${country} (citizenlab/test-lists ${listName(row.country_code, country)})`,
    });
  }
  if (targets.length === 0) return fallback('the OONI API returned no usable URL');
  return { used: 'ooni-api', targets, notes };
}
