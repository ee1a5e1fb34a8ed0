// Dual stack: a device with both IPv4 and IPv6 opens a site over whichever family works (Happy
// Eyeballs), so one working family is enough for the verdict; these notes say when the other
// family's path failed, which a person on a single-family connection would see as a block.
import type { Note } from './keys.ts';
import type { Steps } from './steps.ts';

type Family = 4 | 6;
const familyOf = (ip: string): Family => (ip.includes(':') ? 6 : 4);

/** For each family the probe tried: did any of its addresses get through (TCP, and TLS for HTTPS)? */
function familyOutcomes(steps: Steps, https: boolean): Map<Family, boolean> {
  const outcome = new Map<Family, boolean>();
  for (const tcp of steps.tcp) {
    const family = familyOf(tcp.ip);
    const through = tcp.failure === null && (!https || steps.tlsMeasure.some((t) => t.ip === tcp.ip && t.failure === null));
    outcome.set(family, (outcome.get(family) ?? false) || through);
  }
  return outcome;
}

export function addressFamilyNotes(steps: Steps, https: boolean): Note[] {
  const outcome = familyOutcomes(steps, https);
  if (outcome.size < 2) return [];
  if (outcome.get(4) && !outcome.get(6)) return ['ipv6-path-fails'];
  if (outcome.get(6) && !outcome.get(4)) return ['ipv4-path-fails'];
  return [];
}
