// Does a local service work with the VPN, without it, both or neither? A pure comparison of the
// same targets measured over the two paths (DESIGN.md section 5). The analysis judges each
// result against its control; here the question is simpler and per path: does the service work
// for the user? A page that arrives but refuses (403, 451, a captcha) works for the analysis and
// not for the user, so the final response is read again.
import type { HttpObservation } from '../contract/observations.ts';
import type { Result, VpnImpact, VpnPathEvidence, VpnSignature, VpnVerdict } from '../contract/run.ts';
import type { Status } from '../contract/verdict.ts';
import { classify, finalHops } from '../analysis/steps.ts';

/** Pages that ask a person to prove they are one: they stop apps and scripts as surely as a 403. */
const CAPTCHA_TITLE = /captcha|attention required|just a moment|verify you are (a )?human|are you a robot|checking your browser|security check|ddos-guard|bot protection/i;
/** Pages that say the service refuses this visitor or country, in English, Azerbaijani, Russian. */
const REFUSAL_TITLE =
  /access denied|access forbidden|forbidden|not available in your (country|region)|unavailable in your (country|region)|geo.?block|region.?(restricted|block)|request (was )?(rejected|blocked)|you have been blocked|giriş qadağandır|giriş məhdudlaşdırılıb|əlçatan deyil|доступ (запрещ|огранич)/i;

type PathOutcome =
  | { works: true; evidence: VpnPathEvidence }
  | { works: false; evidence: VpnPathEvidence & { signature: VpnSignature } }
  | { works: null; evidence: VpnPathEvidence; reason: string };

function lastResponse(result: Result): HttpObservation | null {
  const hops = finalHops(result.observations.filter((o): o is HttpObservation => o.step === 'http'));
  return [...hops].reverse().find((h) => h.failure === null && h.status !== null) ?? null;
}

function failureSignature(step: string | null, failure: string | null): VpnSignature {
  if (step === 'dns') return 'dns-failure';
  // A handshake cut or left unanswered says so; anything else there (an alert, a bad certificate) is a TLS failure.
  if (step === 'tls' && classify(failure) !== 'reset' && classify(failure) !== 'timeout') return 'tls-failure';
  switch (classify(failure)) {
    case 'timeout':
      return 'timeout';
    case 'reset':
      return 'connection-reset';
    case 'refused':
      return 'connection-refused';
    case 'certificate':
      return 'tls-failure';
    case 'nxdomain':
      return 'dns-failure';
    default:
      return 'other-failure';
  }
}

/**
 * A response that arrived but refuses the user. An error status counts on its own; a captcha or
 * refusal title only when the other path's page had another title, since a site may well be
 * called "Forbidden City Tours".
 */
function refusal(response: HttpObservation | null, other: HttpObservation | null): VpnSignature | null {
  if (!response || response.status === null) return null;
  const s = response.status;
  if (s === 403) return 'http-403';
  if (s === 451) return 'http-451';
  if (s === 429) return 'http-429';
  if (s >= 400) return 'http-error';
  const title = response.title ?? '';
  const otherTitle = other?.title ?? null;
  if (title !== '' && title !== otherTitle) {
    if (CAPTCHA_TITLE.test(title) && !CAPTCHA_TITLE.test(otherTitle ?? '')) return 'captcha';
    if (REFUSAL_TITLE.test(title) && !REFUSAL_TITLE.test(otherTitle ?? '')) return 'blockpage';
  }
  return null;
}

/** Connectivity never established: nothing about this path can be said. */
const NO_PATH_CODES = new Set(['connectivity-offline', 'connectivity-captive-portal', 'no-observations', 'incomplete-measurement', 'http-missing']);

function outcome(result: Result, other: Result | undefined, path: 'domestic' | 'vpn'): PathOutcome {
  const response = lastResponse(result);
  const base: VpnPathEvidence = {
    status: result.status,
    method: result.method,
    code: result.evidence.code,
    failingStep: result.evidence.failingStep,
    failure: result.evidence.failure,
    httpStatus: response?.status ?? null,
    title: response?.title ?? null,
    signature: null,
  };
  const fails = (signature: VpnSignature): PathOutcome => ({ works: false, evidence: { ...base, signature } });
  const otherResponse = other ? lastResponse(other) : null;

  switch (result.status) {
    case 'accessible': {
      const refused = refusal(response, otherResponse);
      return refused ? fails(refused) : { works: true, evidence: base };
    }
    case 'blocked':
      if (result.method === 'http.blockpage') return fails('blockpage');
      if (result.method === 'throttled') return fails('throttled');
      // On the VPN path nobody censors: a "blocked" there is the service refusing the VPN's
      // address, so the step that failed says more than the method word.
      if (path === 'vpn' && result.evidence.failingStep) return fails(failureSignature(result.evidence.failingStep, result.evidence.failure));
      return fails('censored');
    case 'down':
      // Down from the control only, which is abroad like the VPN: not down for everyone, but the
      // fence seen twice; the failure itself tells how it stops foreign users.
      if (path === 'vpn' && other?.status !== 'down' && result.evidence.failingStep) {
        return fails(failureSignature(result.evidence.failingStep, result.evidence.failure));
      }
      return fails('down');
    case 'inconclusive': {
      if (NO_PATH_CODES.has(result.evidence.code)) return { works: null, evidence: base, reason: result.evidence.code };
      // A verified page that differs from the control's is the site's own choice: judge the page.
      if (result.evidence.failingStep === 'http' && response) {
        const refused = refusal(response, otherResponse);
        return refused ? fails(refused) : { works: true, evidence: base };
      }
      if (result.evidence.code === 'throughput-slow-no-control') return { works: true, evidence: base };
      // Without a control the analysis may not say "blocked", but a failure that repeated on a
      // fresh connection is a failure the user meets every time: the comparison needs no more.
      if (result.evidence.failingStep && result.evidence.repeated) {
        return fails(failureSignature(result.evidence.failingStep, result.evidence.failure));
      }
      return { works: null, evidence: base, reason: result.evidence.failingStep ? 'failure-not-repeated' : result.evidence.code };
    }
  }
}

const REFUSALS: ReadonlySet<VpnSignature> = new Set(['http-403', 'http-451', 'http-429', 'http-error', 'captcha', 'blockpage']);

/** What the user meets on a path, in the status words: a page refusing them is `blocked` for them. */
function effectiveStatus(o: PathOutcome): Status {
  if (o.works === true) return 'accessible';
  if (o.works === false && REFUSALS.has(o.evidence.signature)) return 'blocked';
  return o.evidence.status;
}

const VERDICTS: Record<'true' | 'false', Record<'true' | 'false', VpnVerdict>> = {
  true: { true: 'works-both', false: 'breaks-with-vpn' },
  false: { true: 'blocked-without-vpn', false: 'fails-both' },
};

export interface Undecided {
  host: string;
  /** Which path could not be judged, and why (an analysis code, or `not-measured`). */
  path: 'domestic' | 'vpn';
  reason: string;
}

export interface VpnComparison {
  impacts: VpnImpact[];
  undecided: Undecided[];
}

/**
 * One result per host and path. A host measured through several inputs works on a path when all
 * of them work, and fails when any fails.
 */
function byHost(results: readonly Result[]): Map<string, Result[]> {
  const map = new Map<string, Result[]>();
  for (const r of results) map.set(r.host, [...(map.get(r.host) ?? []), r]);
  return map;
}

function combine(results: readonly Result[], others: readonly Result[], path: 'domestic' | 'vpn'): PathOutcome {
  const outcomes = results.map((r) => outcome(r, others.find((o) => o.input === r.input), path));
  return outcomes.find((o) => o.works === false) ?? outcomes.find((o) => o.works === null) ?? (outcomes[0] as PathOutcome);
}

export function compareVpnDetailed(domesticResults: readonly Result[], vpnResults: readonly Result[]): VpnComparison {
  const domestic = byHost(domesticResults);
  const vpn = byHost(vpnResults);
  const impacts: VpnImpact[] = [];
  const undecided: Undecided[] = [];
  for (const [host, mine] of domestic) {
    const theirs = vpn.get(host);
    if (!theirs) {
      undecided.push({ host, path: 'vpn', reason: 'not-measured' });
      continue;
    }
    const d = combine(mine, theirs, 'domestic');
    const v = combine(theirs, mine, 'vpn');
    if (d.works === null) {
      undecided.push({ host, path: 'domestic', reason: d.reason });
      continue;
    }
    if (v.works === null) {
      undecided.push({ host, path: 'vpn', reason: v.reason });
      continue;
    }
    impacts.push({
      host,
      domestic: effectiveStatus(d),
      vpn: effectiveStatus(v),
      verdict: VERDICTS[String(d.works) as 'true' | 'false'][String(v.works) as 'true' | 'false'],
      evidence: { domestic: d.evidence, vpn: v.evidence },
    });
  }
  for (const host of vpn.keys()) if (!domestic.has(host)) undecided.push({ host, path: 'domestic', reason: 'not-measured' });
  return { impacts, undecided };
}

/** Per service, the DESIGN.md section 4 verdict; hosts either path could not judge are left out. */
export function compareVpn(domesticResults: readonly Result[], vpnResults: readonly Result[]): VpnImpact[] {
  return compareVpnDetailed(domesticResults, vpnResults).impacts;
}
