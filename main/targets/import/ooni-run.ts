// OONI Run v2 descriptors (ooni/spec backends/bk-005-ooni-run-v2.md): a JSON file, or a
// `https://run.ooni.org/v2/{id}` link whose descriptor the OONI API serves. Only web_connectivity
// inputs are web targets; other nettests (whatsapp, signal, ...) are reported, not imported.
import { z } from 'zod';
import type { Target } from '../../contract/run.ts';
import { InputError, normaliseInput } from '../input.ts';
import { ListError, MAX_LIST_ENTRIES, tooManyEntries } from './plain-text.ts';

/** GETs a URL and returns its parsed JSON; injected so that nothing here touches the network. */
export type FetchJson = (url: string) => Promise<unknown>;

export const OONI_API = 'https://api.ooni.org';

/** The spec allows a plain string or a map of language code to string. */
const TextSchema = z.union([z.string(), z.record(z.string(), z.string())], {
  error: (issue) => (issue.input === undefined ? 'missing' : 'expected text, or a map of language code to text'),
});

const NettestSchema = z
  .object({
    test_name: z.string().min(1),
    inputs: z.array(z.string()).nullish(),
    inputs_extra: z.array(z.record(z.string(), z.unknown()).nullable()).nullish(),
    targets_name: z.string().nullish(),
  })
  .loose();

export const OoniRunDescriptorSchema = z
  .object({
    name: TextSchema,
    name_intl: z.record(z.string(), z.string()).nullish(),
    short_description: TextSchema.nullish(),
    author: z.string().nullish(),
    is_expired: z.boolean().nullish(),
    oonirun_link_id: z.union([z.string(), z.number()]).nullish(),
    nettests: z.array(NettestSchema),
  })
  .loose();
export type OoniRunDescriptor = z.infer<typeof OoniRunDescriptorSchema>;

export interface OoniRunImport {
  /** Display name (English when the descriptor gives a map). */
  name: string;
  /** Localised names, language code -> name. */
  names: Record<string, string>;
  targets: Target[];
  /** What was left out and why, for the person importing. */
  notes: string[];
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

function namesOf(d: OoniRunDescriptor): { name: string; names: Record<string, string> } {
  const names: Record<string, string> = { ...(d.name_intl ?? {}) };
  let name: string;
  if (typeof d.name === 'string') {
    name = d.name;
  } else {
    Object.assign(names, d.name);
    name = d.name.en ?? Object.values(d.name)[0] ?? '';
  }
  return { name: name.trim() || 'OONI Run link', names };
}

/**
 * One bad input rejects the descriptor; the error names the field (`nettests[0].inputs[2]`).
 * The OONI API wraps some replies as `{ descriptor: {...} }`; both shapes are accepted.
 */
export function parseOoniRunDescriptor(json: unknown, origin: string, set = 'custom'): OoniRunImport {
  const body =
    typeof json === 'object' && json !== null && !('nettests' in json) && 'descriptor' in json
      ? (json as { descriptor: unknown }).descriptor
      : json;
  const parsed = OoniRunDescriptorSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? pathOf(issue.path) : '';
    const reason = issue?.message.replace(/^Invalid input: expected (\w+), received undefined$/, 'missing (expected $1)') ?? 'not an OONI Run descriptor';
    throw new ListError(`${origin}: ${field || 'descriptor'}: ${reason}`);
  }
  const descriptor = parsed.data;
  const { name, names } = namesOf(descriptor);
  const notes: string[] = [];
  if (descriptor.is_expired) notes.push('the OONI Run link is marked expired');
  const targets: Target[] = [];
  const seen = new Set<string>();
  descriptor.nettests.forEach((nettest, n) => {
    const inputs = nettest.inputs ?? [];
    if (nettest.test_name !== 'web_connectivity') {
      notes.push(
        inputs.length > 0
          ? `nettests[${n}] (${nettest.test_name}): ${inputs.length} input(s) ignored, only web_connectivity inputs are imported`
          : `nettests[${n}] (${nettest.test_name}) is not a web test and was skipped`,
      );
      return;
    }
    if (inputs.length === 0) {
      notes.push(
        nettest.targets_name
          ? `nettests[${n}] uses OONI's dynamic list "${nettest.targets_name}", which the link does not spell out: nothing imported from it`
          : `nettests[${n}] (web_connectivity) has no inputs`,
      );
      return;
    }
    if (targets.length + inputs.length > MAX_LIST_ENTRIES) throw tooManyEntries(origin);
    inputs.forEach((raw, i) => {
      let normalised: { input: string; host: string };
      try {
        normalised = normaliseInput(raw);
      } catch (err) {
        if (err instanceof InputError) throw new ListError(`${origin}: nettests[${n}].inputs[${i}]: ${err.message}`);
        throw err;
      }
      if (seen.has(normalised.input)) return;
      seen.add(normalised.input);
      const extra = nettest.inputs_extra?.[i];
      const category = typeof extra?.category_code === 'string' && extra.category_code.trim() ? extra.category_code.trim() : undefined;
      targets.push({ ...normalised, kind: 'web', ...(category ? { category } : {}), set, source: `OONI Run: ${name} (${origin})` });
    });
  });
  if (targets.length === 0) throw new ListError(`${origin}: nettests: no web_connectivity inputs to import${notes.length ? ` (${notes.join('; ')})` : ''}`);
  return { name, names, targets, notes };
}

const LINK = /^(?:https?:\/\/run\.ooni\.(?:org|io)\/v2\/|ooni:\/\/runv2\/)([A-Za-z0-9]+)\/?(?:[?#].*)?$/;

/** The link ID of an OONI Run v2 link, or null when the text is not one. */
export function ooniRunLinkId(text: string): string | null {
  return LINK.exec(text.trim())?.[1] ?? null;
}

export function ooniRunApiUrl(id: string): string {
  return `${OONI_API}/api/v2/oonirun/links/${encodeURIComponent(id)}`;
}

export async function fetchOoniRunLink(link: string, fetchJson: FetchJson, set = 'custom'): Promise<OoniRunImport> {
  const id = ooniRunLinkId(link);
  if (!id) throw new ListError(`${link}: not an OONI Run v2 link (https://run.ooni.org/v2/ID)`);
  let json: unknown;
  try {
    json = await fetchJson(ooniRunApiUrl(id));
  } catch (err) {
    throw new ListError(`${link}: could not fetch the OONI Run descriptor (${(err as Error).message})`);
  }
  return parseOoniRunDescriptor(json, link, set);
}
