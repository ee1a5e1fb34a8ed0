// The closed vocabularies the analysis emits: locale keys and evidence notes. Closed so the locale
// files and the renderer can be checked against them.
import { METHODS, type Method } from '../contract/verdict.ts';

export const INCONCLUSIVE_REASONS = [
  'offline',
  'captive-portal',
  'no-control',
  'transient',
  'http-timeout',
  'local-redirect',
  'unexplained',
] as const;
export type InconclusiveReason = (typeof INCONCLUSIVE_REASONS)[number];

export const blockedKey = (method: Method): string => `verdict.blocked.${method}`;
export const inconclusiveKey = (reason: InconclusiveReason): string => `verdict.inconclusive.${reason}`;
export const methodShortKey = (method: Method): string => `method.${method}.short`;

/** Every explanationKey `analyze` can return. */
export const EXPLANATION_KEYS: readonly string[] = [
  'verdict.accessible',
  'verdict.down',
  ...METHODS.map(blockedKey),
  ...INCONCLUSIVE_REASONS.map(inconclusiveKey),
];

export const NOTES = [
  /** A step failed, then worked on the re-check. */
  'transient-failure-recovered',
  /** A harmless server name failed the same way: the address is blocked, not the name. */
  'ip-blocking-after-handshake',
  /** The harmless server name failed too, but differently from the real one. */
  'sni-test-failed-differently',
  /** No harmless-name handshake was recorded, so name and address filtering can't be told apart. */
  'sni-test-missing',
  /** The failure changed between attempts (the re-check's decides). */
  'failure-varied',
  /** The verdict rests on a single attempt (imported data without a re-check). */
  'single-attempt',
  /** DNS answers differ from the control but serve the site (a CDN). */
  'dns-differs-cdn',
  /** DNS gave a private address, but the real certificate was served there. */
  'dns-private-address-tls-verified',
  /** The site did not work at the unexpected DNS answers. */
  'site-fails-at-answers',
  /** The page served at the unexpected DNS answers differs from the control's. */
  'page-differs-at-answers',
  /** A block page was seen on one attempt but the real page on another. */
  'blockpage-not-repeated',
  /** The page differs from the control, but arrived over verified HTTPS: the site itself chose it. */
  'page-differs-verified-https',
  /** One slow download only: not enough to call throttling. */
  'throughput-slow-once',
  /** The page's own bytes came far slower than other sites' on this connection, while the helper got it whole. */
  'page-transfer-slow',
  /** The page's own bytes crawled, but no other transfer on this connection shows what it can do. */
  'page-slow-no-reference',
  /** Downloads were slow, but without a control nothing may be called blocked. */
  'throughput-slow-no-control',
  /** The user declined the control; the test helper was not asked. */
  'control-declined',
  /** The control was asked but gave no usable answer. */
  'control-failed',
  /** Whole-run connectivity could not be established before the check. */
  'connectivity-unknown',
  /** This kind of target is not fetched over HTTP; connecting was the whole test. */
  'http-not-measured',
  /** DNS answers differ from the control and a bare connect cannot show whose server answered. */
  'dns-differs-unverified',
  /** The person's own lookup failed or lied, and encrypted DNS (DoH) gave the site's address. */
  'doh-gives-address',
  /** The site answered at an address the person's own lookup did not give (DoH's or the helper's). */
  'site-works-at-other-address',
  /** The network's resolver says the site does not exist or lies, but the device's own lookup (e.g. OS-level encrypted DNS) is right. */
  'provider-dns-differs-os-ok',
  /** A redirect led to another host, and that host failed. */
  'redirect-other-host-failed',
  /** Imported OONI data: one try only, no re-check on a fresh connection. */
  'ooni-import-no-recheck',
  /** Dual stack: the site's IPv6 addresses failed while IPv4 worked (a dual-stack device falls back to IPv4). */
  'ipv6-path-fails',
  /** Dual stack: the site's IPv4 addresses failed while IPv6 worked (it opens only where IPv6 works). */
  'ipv4-path-fails',
] as const;
export type Note = (typeof NOTES)[number];
