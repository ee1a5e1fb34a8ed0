// The saved first half of `yoxla vpn`: the run made with the VPN as it was, kept until the second
// run after the user toggled it. A missing, broken or stale file simply means "start again".
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { RunSchema } from '../contract/run.ts';
import { VPN_EVIDENCE_CODES } from '../checks/vpn-state.ts';
import { writeAtomic } from './files.ts';
import { yoxlaHome } from '../paths.ts';

/** A first run older than this was made on another day, maybe on another network. */
export const SESSION_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export const VpnStateReportSchema = z.object({
  state: z.enum(['on', 'off', 'unknown']),
  evidence: z.array(z.object({ code: z.enum(VPN_EVIDENCE_CODES), detail: z.string().optional() })),
  egress: z.object({ asn: z.string(), cc: z.string(), name: z.string().optional() }).nullable(),
});

export const VpnSessionSchema = z.object({
  schema: z.literal('yoxla.vpn-session/1'),
  savedAt: z.string(),
  first: z.object({ state: VpnStateReportSchema, run: RunSchema }),
  /** Where the user asked the run JSON to go, if they said so in the first run. */
  json: z.string().optional(),
});
export type VpnSession = z.infer<typeof VpnSessionSchema>;

export function defaultSessionPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(yoxlaHome(env), 'vpn-session.json');
}

export type LoadedSession = { session: VpnSession } | { session: null; note?: 'unreadable' | 'stale' };

export async function loadSession(path: string, now: Date): Promise<LoadedSession> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { session: null };
    return { session: null, note: 'unreadable' };
  }
  let parsed: ReturnType<typeof VpnSessionSchema.safeParse>;
  try {
    parsed = VpnSessionSchema.safeParse(JSON.parse(text));
  } catch {
    return { session: null, note: 'unreadable' };
  }
  if (!parsed.success) return { session: null, note: 'unreadable' };
  const age = now.getTime() - Date.parse(parsed.data.savedAt);
  if (!(age >= 0 && age <= SESSION_MAX_AGE_MS)) return { session: null, note: 'stale' };
  return { session: parsed.data };
}

export async function saveSession(path: string, session: VpnSession): Promise<void> {
  await writeAtomic(path, `${JSON.stringify(VpnSessionSchema.parse(session))}\n`);
}

export async function clearSession(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}
