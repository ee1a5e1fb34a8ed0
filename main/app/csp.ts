// The Content-Security-Policy and the other response headers of the app's pages. The renderer is
// served only by the app:// handler (protocol.ts), which adds these headers to every response; the
// renderer's index.html repeats the policy in a meta tag (checked by test/app/csp.test.ts).
//
// No remote source, no inline script, no eval, no plugins, no frames, no form posts, no fetch: the
// page talks to the engine only through the preload's bridge. Scripts are allowed by the app's
// origin written out (`app://yoxla`) rather than 'self': it is the same origin, and unlike 'self'
// it cannot be read as "wherever the page happens to come from".
import { APP_ORIGIN } from './origin.ts';

/** Headers for every response of the app:// protocol. */
export function appSecurityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Chromium would otherwise resolve the host names of links on the page ahead of a click.
    'x-dns-prefetch-control': 'off',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=(), payment=(), display-capture=()',
  };
  // One literal, so security scanners (electronegativity) evaluate exactly the policy we send.
  headers['content-security-policy'] = "default-src 'none'; script-src app://yoxla; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; child-src 'none'; worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  return headers;
}

export const APP_CSP: string = appSecurityHeaders()['content-security-policy'] ?? '';

/**
 * For the hidden window that prints a report to PDF: the report is one self-contained HTML file
 * (inline CSS, no script), so it may load nothing at all besides its own inline styles and data:
 * images. JavaScript is off in that window as well.
 */
export function printSecurityHeaders(): Record<string, string> {
  const headers: Record<string, string> = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  headers['content-security-policy'] = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  return headers;
}

export type CspDirectives = Map<string, string[]>;

/** `default-src 'none'; img-src 'self' data:` -> { default-src: ['none'], img-src: ['self', 'data:'] }. */
export function parseCsp(policy: string): CspDirectives {
  const directives: CspDirectives = new Map();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/).filter(Boolean);
    if (name === undefined) continue;
    const key = name.toLowerCase();
    // As browsers do: the first occurrence of a directive wins.
    if (!directives.has(key)) directives.set(key, values);
  }
  return directives;
}

/** The policy of a page's `<meta http-equiv="Content-Security-Policy">`, or null when it has none. */
export function metaCsp(html: string): string | null {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!/http-equiv\s*=\s*["']?content-security-policy["']?/i.test(tag)) continue;
    const content = /content\s*=\s*"([^"]*)"|content\s*=\s*'([^']*)'/i.exec(tag);
    if (content) return (content[1] ?? content[2] ?? '').replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  }
  return null;
}

/** Directives a meta tag cannot carry (browsers ignore them there); the response header has them. */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** 'self' and the app's origin name the same thing for a page of the app. */
const sameSource = (source: string) => (source === "'self'" ? APP_ORIGIN : source);

/**
 * What a page's meta policy allows that the app's policy does not (empty: at most as permissive as
 * ours). Directives a meta tag cannot carry are left to the response header.
 */
export function looserThanApp(policy: string, reference: string = APP_CSP, only?: readonly string[]): string[] {
  const ours = parseCsp(reference);
  const theirs = parseCsp(policy);
  const problems: string[] = [];
  const fallback = (d: CspDirectives, name: string) => d.get(name) ?? (name.endsWith('-src') && name !== 'default-src' ? d.get('default-src') : undefined);
  for (const [name, ourSources] of ours) {
    if (HEADER_ONLY.has(name) || (only !== undefined && !only.includes(name))) continue;
    const allowed = ourSources.map(sameSource);
    const given = fallback(theirs, name)?.map(sameSource);
    if (given === undefined) {
      // frame-ancestors, base-uri and form-action do not fall back to default-src.
      problems.push(`${name} missing`);
      continue;
    }
    const extra = given.filter((source) => !allowed.includes(source) && !(source === "'none'" && given.length === 1));
    if (extra.length > 0) problems.push(`${name} allows ${extra.join(' ')}`);
  }
  return problems;
}

