// The probe's final HTTP response against the control's, as OONI's web_connectivity does it
// (probe-cli webconnectivitylte analysishttpdiff.go, test_version 0.5.x). The four *Match helpers
// follow OONI's definitions exactly, so the OONI exporter can reuse them for its test keys:
// each returns null when OONI would leave the key null (comparison not applicable).
import type { Control, HttpObservation } from '../contract/observations.ts';

export type ProbeResponse = Pick<HttpObservation, 'status' | 'headers' | 'bodyLength' | 'bodyTruncated' | 'title'>;
export type ControlResponse = Control['http_request'];

/** OONI: a probe body is "the same page" when min/max of the two lengths exceeds this. */
export const BODY_PROPORTION_FACTOR = 0.7;

export interface BodyLengthCheck {
  match: boolean | null;
  /** min/max of the two body lengths; null when not computable. */
  proportion: number | null;
}

export function bodyLengthMatch(probe: ProbeResponse, control: ControlResponse): BodyLengthCheck {
  const ctrl = control.body_length;
  const measured = probe.bodyLength;
  // A truncated body says nothing about the real length.
  if (ctrl <= 0 || probe.bodyTruncated || measured === null || measured <= 0) return { match: null, proportion: null };
  const proportion = measured >= ctrl ? ctrl / measured : measured / ctrl;
  return { match: proportion > BODY_PROPORTION_FACTOR, proportion };
}

export function statusCodeMatch(probe: ProbeResponse, control: ControlResponse): boolean | null {
  const ctrl = control.status_code;
  const measured = probe.status;
  if (ctrl <= 0 || measured === null || measured <= 0) return null;
  const good = ctrl === measured;
  // OONI does not compare unequal codes when the helper itself did not get a 2xx.
  if (!good && Math.floor(ctrl / 100) !== 2) return null;
  return good;
}

/** Headers every server sends in some form; OONI ignores them when looking for a shared uncommon one. */
const COMMON_HEADERS = new Set([
  'date',
  'content-type',
  'server',
  'cache-control',
  'vary',
  'set-cookie',
  'location',
  'expires',
  'x-powered-by',
  'content-encoding',
  'last-modified',
  'accept-ranges',
  'pragma',
  'x-frame-options',
  'etag',
  'x-content-type-options',
  'age',
  'via',
  'p3p',
  'x-xss-protection',
  'content-language',
  'cf-ray',
  'strict-transport-security',
  'link',
  'x-varnish',
]);

export function headersMatch(probe: ProbeResponse, control: ControlResponse): boolean | null {
  const ours = new Set(Object.keys(probe.headers).map((k) => k.toLowerCase()));
  const theirs = new Set(Object.keys(control.headers).map((k) => k.toLowerCase()));
  if (ours.size === 0 || theirs.size === 0) return null;
  if (ours.size === theirs.size && [...ours].every((k) => theirs.has(k))) return true;
  return [...ours].some((k) => !COMMON_HEADERS.has(k) && theirs.has(k));
}

const encoder = new TextEncoder();

/** Title words OONI compares: at least 5 bytes of UTF-8 (Go's len), lower-cased, order ignored. */
function titleWords(title: string): Set<string> {
  return new Set(
    title
      .split(' ')
      .filter((w) => encoder.encode(w).length >= 5)
      .map((w) => w.toLowerCase()),
  );
}

export function titleMatch(probe: ProbeResponse, control: ControlResponse): boolean | null {
  if (probe.status === null || probe.status <= 0 || probe.bodyTruncated || control.status_code <= 0) return null;
  const measured = probe.title ?? '';
  if (control.title === '' || measured === '') return null;
  const a = titleWords(measured);
  const b = titleWords(control.title);
  return [...a].every((w) => b.has(w)) && [...b].every((w) => a.has(w));
}

export interface HttpComparison {
  bodyLengthMatch: boolean | null;
  bodyProportion: number | null;
  statusCodeMatch: boolean | null;
  headersMatch: boolean | null;
  titleMatch: boolean | null;
}

export function compareHttp(probe: ProbeResponse, control: ControlResponse): HttpComparison {
  const body = bodyLengthMatch(probe, control);
  return {
    bodyLengthMatch: body.match,
    bodyProportion: body.proportion,
    statusCodeMatch: statusCodeMatch(probe, control),
    headersMatch: headersMatch(probe, control),
    titleMatch: titleMatch(probe, control),
  };
}

/**
 * OONI's http-diff decision: the page is the expected one when the status matches and at least one
 * of body length, uncommon headers or title matches. Used where OONI uses it: to decide whether
 * unexpected DNS answers still serve the site.
 */
export function pageDiffers(probe: ProbeResponse, control: ControlResponse): boolean {
  const c = compareHttp(probe, control);
  if (c.statusCodeMatch !== true) return true;
  return !(c.bodyLengthMatch === true || c.headersMatch === true || c.titleMatch === true);
}

/** The control saw the real page: no failure and a 2xx/3xx status. */
export function controlHttpOk(control: ControlResponse): boolean {
  return control.failure === null && control.status_code >= 200 && control.status_code < 400;
}

function hostOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return null;
  }
}

/** `www.` in front is the same site; anything else is another host. */
function sameSite(a: string, b: string): boolean {
  const strip = (h: string): string => h.replace(/^www\./, '');
  return strip(a) === strip(b);
}

export type BlockpageReason = 'status-error' | 'redirect-elsewhere' | 'title-and-body-differ';

/**
 * Yoxla's blockpage rule, stricter than OONI's http-diff (which also flags harmless changes): a
 * different status that is an error or a redirect to another host, or a different title together
 * with a body of clearly different size. Null when the response is not a blockpage or the control
 * did not see the real page (a 2xx here against a 4xx there is a site geofencing the helper).
 */
export function blockpageReason(
  probe: ProbeResponse & Pick<HttpObservation, 'redirectTo'>,
  control: ControlResponse,
  targetHost: string,
): BlockpageReason | null {
  if (!controlHttpOk(control) || probe.status === null) return null;
  if (probe.status !== control.status_code) {
    if (probe.status >= 400 && probe.status < 600) return 'status-error';
    const to = hostOf(probe.redirectTo);
    if (probe.status >= 300 && probe.status < 400 && to !== null && !sameSite(to, targetHost.toLowerCase())) {
      return 'redirect-elsewhere';
    }
  }
  const body = bodyLengthMatch(probe, control);
  // OONI leaves title_match null when the probe page has no title; a page without a title against
  // a titled control is still a different title.
  const title = titleMatch(probe, control);
  const titleDiffers = title === false || ((probe.title ?? '') === '' && control.title !== '' && !probe.bodyTruncated);
  if (titleDiffers && body.match === false) return 'title-and-body-differ';
  return null;
}
