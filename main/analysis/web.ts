// The verdict for one web target: pure rules from recorded observations (plus the control and the
// run's connectivity) to status, method and evidence. No I/O, clock or randomness: it is re-run on
// saved reports and imported OONI data and must give the same answer every time.
//
// The guiding constraint: nothing is `blocked` unless a control succeeded where the probe failed,
// and no single unrepeated failure decides anything.
//
// A `tcpconnect://HOST:PORT` input runs the same rules over its two steps, DNS and TCP: it is
// accessible when DNS answered and a connect succeeded. Its control is the helper's DNS answer
// and its connects to the probe's endpoints; the helper's fetch of https://HOST/ is about another
// service on that name and is not asked.
import { LOCAL_REDIRECT_FAILURE, type Control, type Observation } from '../contract/observations.ts';
import type { Connectivity, Evidence, Method, Verdict } from '../contract/verdict.ts';
import { blockpageReason, controlHttpOk, pageDiffers } from './compare.ts';
import { dnsConsistency, normalizeIp, type DnsConsistencyResult } from './dns-consistency.ts';
import { blockedKey, inconclusiveKey, type InconclusiveReason, type Note } from './keys.ts';
import {
  canonicalIp,
  classify,
  dnsFailure,
  endpointKey,
  finalHops,
  inputShape,
  splitSteps,
  unique,
  type PipelineStep,
  type StepOutcome,
  type Steps,
} from './steps.ts';
import { analyzePageTransfer, analyzeThroughput } from './throughput.ts';
import { addressFamilyNotes } from './address-family.ts';

export interface AnalysisInput {
  target: { input: string; host: string; kind: string };
  /** Every step, every attempt (attempt 0 = first try, 1 = re-check on a fresh connection). */
  observations: Observation[];
  /** OONI test-helper reply for the same input; null = no control. */
  control: Control | null;
  /** Why there is no control (e.g. 'generic_timeout_error', 'no-consent'). */
  controlFailure: string | null;
  /** Whole-run state found before any target. */
  connectivity: Connectivity;
  /** false for imported OONI data that has no re-check: then one failing attempt may be enough. Default true. */
  requireRecheck?: boolean;
}

interface Ctx {
  input: AnalysisInput;
  requireRecheck: boolean;
  steps: Steps;
  /** Connecting is the whole test (tcpconnect input): no TLS, no page. */
  tcpOnly: boolean;
  https: boolean;
  port: number;
  /** The control when it can tell us anything; null otherwise. */
  control: Control | null;
  notes: Note[];
  dns: Evidence['dns'];
}

type EvidenceFields = Partial<Omit<Evidence, 'notes'>> & { code: string; notes?: Note[] };

const PIPELINE: PipelineStep[] = ['dns', 'tcp', 'tls', 'http'];

export function analyze(input: AnalysisInput): Verdict {
  const requireRecheck = input.requireRecheck ?? true;
  const steps = splitSteps(input.observations, requireRecheck);
  const shape = inputShape(input.target.input, steps);
  const ctx: Ctx = {
    input,
    requireRecheck,
    steps,
    ...shape,
    control: usableControl(input.control, shape.tcpOnly),
    notes: [],
    dns: dnsEvidence(input, steps),
  };
  if (input.connectivity === 'unknown') ctx.notes.push('connectivity-unknown');
  if (providerLiesOsFine(ctx)) ctx.notes.push('provider-dns-differs-os-ok');
  if (ctx.control === null) ctx.notes.push(input.controlFailure === 'no-consent' ? 'control-declined' : 'control-failed');
  ctx.notes.push(...addressFamilyNotes(steps, shape.https));

  // Rule 1: with no working path at all, nothing about this target can be known.
  if (input.connectivity === 'offline') return inconclusive(ctx, 'offline', { code: 'connectivity-offline' });
  if (input.connectivity === 'captive-portal') {
    return inconclusive(ctx, 'captive-portal', { code: 'connectivity-captive-portal' });
  }
  if (input.observations.length === 0) return inconclusive(ctx, 'unexplained', { code: 'no-observations' });

  // Rule 2, the forgiving half: a step that failed and then worked is not a failure.
  if (PIPELINE.some((s) => steps.outcomes[s].ok && steps.outcomes[s].recovered)) ctx.notes.push('transient-failure-recovered');

  const failing = PIPELINE.map((s) => steps.outcomes[s]).find((o) => o.attempts.length > 0 && !o.ok);
  return failing ? failed(ctx, failing) : succeeded(ctx);
}

// ---------------------------------------------------------------------------------------------
// The probe got through (rules 3, 6 for answers that still "work", 8, 9).

function succeeded(ctx: Ctx): Verdict {
  const { steps, control } = ctx;
  // A bogus answer decides whether or not anything was tried at it: the person's apps go nowhere.
  const lie = control ? judgeDns(ctx) : null;
  const triedAtAnswers = steps.tcp.length > 0 || steps.tlsMeasure.length > 0 || steps.http.length > 0;
  if (lie?.verdict === 'bogon' && !triedAtAnswers) {
    return blocked(ctx, 'dns.tampered', { code: 'dns-bogon-answer', failingStep: 'dns', control: 'ok', repeated: steps.outcomes.dns.attempts.length >= 2 });
  }
  if (steps.outcomes.http.attempts.length === 0) {
    if (steps.outcomes.tcp.attempts.length === 0 && steps.outcomes.tls.attempts.length === 0) {
      return inconclusive(ctx, 'unexplained', { code: 'incomplete-measurement' });
    }
    // Web pages are judged by their page; app endpoints, messengers and tcpconnect inputs by the connection.
    if (ctx.input.target.kind === 'web' && !ctx.tcpOnly) return inconclusive(ctx, 'unexplained', { code: 'http-missing' });
    // Anything may accept a bare connect, a censor's own server included: the address has to be the service's.
    const dns = control && ctx.tcpOnly ? judgeDns(ctx) : null;
    if (dns?.verdict === 'bogon') {
      return blocked(ctx, 'dns.tampered', {
        code: 'dns-bogon-answer',
        failingStep: 'dns',
        control: 'ok',
        repeated: steps.outcomes.dns.attempts.length >= 2,
      });
    }
    if (dns?.verdict === 'inconsistent') ctx.notes.push('dns-differs-unverified');
    ctx.notes.push('http-not-measured');
    return accessible(ctx, { code: 'connection-ok', control: controlSaw(ctx, 'tcp') });
  }
  const responses = finalHops(steps.http).filter((h) => h.failure === null && h.status !== null);

  if (control) {
    const dns = judgeDns(ctx);
    if (dns?.verdict === 'bogon') {
      const verifiedAtBogon = ctx.https && steps.tlsMeasure.some((t) => t.verified === true && dns.bogons.includes(t.ip));
      if (!verifiedAtBogon) {
        return blocked(ctx, 'dns.tampered', {
          code: 'dns-bogon-answer',
          failingStep: 'dns',
          control: 'ok',
          repeated: steps.outcomes.dns.attempts.length >= 2,
        });
      }
      ctx.notes.push('dns-private-address-tls-verified');
    } else if (dns?.verdict === 'inconsistent') {
      // Over verified TLS the unexpected address proved it is the site: a CDN, not a lie.
      const differs =
        !ctx.https &&
        controlHttpOk(control.http_request) &&
        responses.length > 0 &&
        responses.every((h) => pageDiffers(h, control.http_request));
      if (differs) {
        return blocked(ctx, 'dns.tampered', {
          code: 'dns-answers-differ-page-differs',
          failingStep: 'dns',
          control: 'ok',
          repeated: responses.length >= 2,
          notes: ['page-differs-at-answers'],
        });
      }
      ctx.notes.push('dns-differs-cdn');
    }

    const reasons = responses.map((h) => blockpageReason(h, control.http_request, ctx.input.target.host));
    const cleartext = responses.map((h) => /^http:/i.test(h.url));
    if (reasons.length > 0 && reasons.every((r) => r !== null)) {
      const reason = reasons[reasons.length - 1];
      // A censor can only substitute a page it can write into: cleartext HTTP. A different page over
      // verified HTTPS came from the site itself (e.g. it refuses this country), which is not blocking
      // by the network and not a page we can explain.
      if (cleartext.every(Boolean)) {
        return blocked(ctx, 'http.blockpage', {
          code: `blockpage-${reason}`,
          failingStep: 'http',
          control: 'ok',
          repeated: responses.length >= 2,
        });
      }
      if (!cleartext.some(Boolean)) {
        // The site's own choice (a CDN's check page, a captcha, a refusal for this country),
        // served under its own valid certificate: the network delivered the site.
        return accessible(ctx, {
          code: 'page-differs-verified-https',
          control: 'ok',
          notes: ['page-differs-verified-https'],
        });
      }
    } else if (reasons.some((r) => r !== null)) {
      ctx.notes.push('blockpage-not-repeated');
    }
  }

  // Rule 9: a working site may still be slowed down on purpose.
  const throughput = analyzeThroughput(ctx.input.observations, ctx.requireRecheck);
  const ratio = throughput.minRatio === null ? {} : { throughputRatio: throughput.minRatio };
  if (throughput.throttled) {
    if (!control) {
      return inconclusive(ctx, 'no-control', {
        code: 'throughput-slow-no-control',
        failingStep: 'throughput',
        ...ratio,
        notes: ['throughput-slow-no-control'],
      });
    }
    return blocked(ctx, 'throttled', {
      code: 'throughput-ratio-low',
      failingStep: 'throughput',
      control: 'ok',
      repeated: throughput.slow >= 2,
      ...ratio,
    });
  }
  if (throughput.slow > 0) ctx.notes.push('throughput-slow-once');
  return accessible(ctx, { code: control ? 'probe-ok' : 'probe-ok-no-control', control: controlSaw(ctx, 'http'), ...ratio });
}

// ---------------------------------------------------------------------------------------------
// The probe failed at `failing` (rules 2, 4, 5, 6, 7).

function failed(ctx: Ctx, failing: StepOutcome): Verdict {
  const { control } = ctx;
  const where = {
    failingStep: failing.step,
    failure: failing.failure,
    control: controlSaw(ctx, failing.step),
    repeated: failing.consistent && failing.attempts.length >= 2,
  };

  // A redirect to the person's own network (a router, a local filter, a Wi-Fi login page) was
  // recorded and not followed: that device answered, not the site, whatever the control saw.
  if (failing.step === 'http' && ctx.steps.http.some((h) => h.failure === LOCAL_REDIRECT_FAILURE)) {
    return inconclusive(ctx, 'local-redirect', { code: 'redirect-to-local-network', ...where, failure: LOCAL_REDIRECT_FAILURE });
  }

  // Rule 5 before the re-check gate: when the control fails too, the failure is corroborated.
  const down = control ? downReason(ctx, control, failing) : null;
  if (down) return downVerdict(ctx, { code: down, ...where });

  // Rule 2: one lost packet is not a verdict.
  if (!failing.consistent) return inconclusive(ctx, 'transient', { code: 'failure-not-repeated', ...where });

  // Rule 4: without the uncensored view there is nothing to compare with.
  if (!control) return inconclusive(ctx, 'no-control', { code: 'no-control', ...where });

  if (failing.attempts.length < 2) ctx.notes.push('single-attempt');
  if (failing.varied) ctx.notes.push('failure-varied');

  if (failing.step === 'dns') return dnsFailed(ctx, failing, where);

  // Rule 6: the connection failed, but maybe only because DNS sent it to the wrong place.
  const dns = judgeDns(ctx);
  if (dns?.verdict === 'bogon' || dns?.verdict === 'inconsistent') {
    return blocked(ctx, 'dns.tampered', {
      code: dns.verdict === 'bogon' ? 'dns-bogon-answer' : 'dns-answers-differ-site-fails',
      failingStep: 'dns',
      failure: null,
      control: 'ok',
      repeated: where.repeated,
      notes: ['site-fails-at-answers'],
    });
  }

  // Rule 7: the first consistently failing connection step, where the control got through.
  if (where.control !== 'ok') {
    return inconclusive(ctx, 'unexplained', { code: `${failing.step}-failed-control-not-ok`, ...where });
  }
  const kind = classify(failing.failure);
  switch (failing.step) {
    case 'tcp':
      if (kind === 'timeout') return blocked(ctx, 'tcp.timeout', { code: 'tcp-timeout-all-addresses', ...where });
      if (kind === 'reset' || kind === 'refused') {
        return blocked(ctx, 'tcp.reset', { code: 'tcp-reset-all-addresses', ...where });
      }
      return inconclusive(ctx, 'unexplained', { code: 'tcp-failure-unexplained', ...where });
    case 'tls':
      return tlsFailed(ctx, failing, where);
    case 'http': {
      const redirected = redirectHopFailed(ctx, kind, where);
      if (redirected) return redirected;
      // Inside verified HTTPS no middlebox can read the request: a reset after the handshake with
      // the real name went through is not HTTP filtering, and names no method (a lossy link does it).
      const lastHop = finalHops(ctx.steps.http).at(-1);
      if (kind === 'reset' && lastHop && /^https:/i.test(lastHop.url) && ctx.steps.outcomes.tls.ok) {
        return inconclusive(ctx, 'unexplained', { code: 'reset-inside-verified-https', ...where });
      }
      if (kind === 'reset') return blocked(ctx, 'http.reset', { code: 'http-reset-control-ok', ...where });
      if (kind === 'timeout') {
        const slowed = pageThrottled(ctx, where);
        if (slowed) return slowed;
        // A page that never arrives may be interference or a congested path: no method word fits.
        return inconclusive(ctx, 'http-timeout', { code: 'http-timeout-control-ok', ...where });
      }
      return inconclusive(ctx, 'unexplained', { code: 'http-failure-unexplained', ...where });
    }
    default:
      return inconclusive(ctx, 'unexplained', { code: 'unexplained', ...where });
  }
}

type Where = Pick<Evidence, 'failingStep' | 'failure' | 'control' | 'repeated'>;

/**
 * Rule 9 for a page whose own bytes crawled (no asset was named): throttled when this path moved
 * other sites' bytes at least four times faster and the helper got the page whole. Without a
 * reference on the path the slowness stays unexplained, and says so.
 */
function pageThrottled(ctx: Ctx, where: Where): Verdict | null {
  const page = analyzePageTransfer(ctx.input.observations, ctx.control);
  if (page.crawled === 0) return null;
  if (page.pathKbps === null) {
    ctx.notes.push('page-slow-no-reference');
    return null;
  }
  if (!page.throttled || (ctx.requireRecheck && !where.repeated)) return null;
  return blocked(ctx, 'throttled', {
    code: 'page-transfer-slow',
    ...where,
    failingStep: 'throughput',
    ...(page.ratio !== null ? { throughputRatio: page.ratio } : {}),
    notes: ['page-transfer-slow'],
  });
}

/**
 * A redirect took the page to another host, and that hop failed: the verdict belongs to the last
 * hop reached, read by what a hop's failure can show. The helper followed the same chain to a
 * page, so the other host exists and answers. A hop records one failure for its whole connection:
 * a name that does not resolve, a refused connect, or a reset once a server name was sent (the TLS
 * ClientHello of an https hop, the request of a plain one). A silent hop stays a timeout.
 */
function redirectHopFailed(ctx: Ctx, kind: ReturnType<typeof classify>, where: Where): Verdict | null {
  const last = finalHops(ctx.steps.http).at(-1);
  const hop = last ? urlOf(last.url) : null;
  if (!hop || hop.hostname.toLowerCase() === ctx.input.target.host.toLowerCase()) return null;
  const fields = { ...where, notes: ['redirect-other-host-failed'] as Note[] };
  if (kind === 'nxdomain') return blocked(ctx, 'dns.nxdomain', { code: 'redirect-hop-dns-nxdomain', ...fields, failingStep: 'dns' });
  if (kind === 'refused') return blocked(ctx, 'tcp.reset', { code: 'redirect-hop-tcp-refused', ...fields, failingStep: 'tcp' });
  if (kind === 'reset' && hop.protocol === 'https:') {
    return blocked(ctx, 'tls.sni-reset', { code: 'redirect-hop-tls-reset', ...fields, failingStep: 'tls' });
  }
  return null;
}

function urlOf(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function dnsFailed(ctx: Ctx, failing: StepOutcome, where: Where): Verdict {
  if (where.control !== 'ok') {
    return inconclusive(ctx, 'unexplained', { code: 'dns-failed-control-dns-failed', ...where });
  }
  const kind = classify(failing.failure);
  ctx.notes.push(...otherLookupNotes(ctx));
  if (kind === 'nxdomain') return blocked(ctx, 'dns.nxdomain', { code: 'dns-nxdomain-control-ok', ...where });
  if (kind === 'timeout') return blocked(ctx, 'dns.timeout', { code: 'dns-timeout-control-ok', ...where });
  // An empty answer for a name the control resolves is a falsified answer, as a wrong address is.
  if (failing.failure === 'dns_no_answer') return blocked(ctx, 'dns.tampered', { code: 'dns-empty-answer-control-ok', ...where });
  return inconclusive(ctx, 'unexplained', { code: 'dns-failure-unexplained', ...where });
}

function tlsFailed(ctx: Ctx, failing: StepOutcome, where: Where): Verdict {
  const { tlsMeasure } = ctx.steps;
  const kind = classify(failing.failure);
  if (kind === 'certificate') {
    const presented = [...tlsMeasure].reverse().find((t) => t.chain.length > 0);
    return blocked(ctx, 'tls.mitm', {
      code: 'tls-certificate-invalid-control-ok',
      ...where,
      sniTest: sniTestResult(ctx).result,
      ...(presented?.chain[0] ? { certIssuer: presented.chain[0].issuer } : {}),
    });
  }
  if (kind !== 'timeout' && kind !== 'reset') {
    return inconclusive(ctx, 'unexplained', { code: 'tls-failure-unexplained', ...where });
  }
  const word = kind === 'timeout' ? 'timeout' : 'reset';
  const sni = sniTestResult(ctx);
  if (sni.result === 'any-sni') {
    // The harmless name is stopped too: the address is blocked, the name is not what triggers it.
    const notes: Note[] = ['ip-blocking-after-handshake'];
    if (sni.failure !== null && classify(sni.failure) !== kind) notes.push('sni-test-failed-differently');
    return blocked(ctx, kind === 'timeout' ? 'tcp.timeout' : 'tcp.reset', {
      code: `tls-${word}-any-sni`,
      ...where,
      sniTest: 'any-sni',
      notes,
    });
  }
  return blocked(ctx, kind === 'timeout' ? 'tls.sni-drop' : 'tls.sni-reset', {
    code: `tls-${word}-real-sni`,
    ...where,
    sniTest: sni.result,
    ...(sni.result === 'not-run' ? { notes: ['sni-test-missing'] as Note[] } : {}),
  });
}

/** The harmless-name handshake to the addresses where the real name failed. */
function sniTestResult(ctx: Ctx): { result: Evidence['sniTest']; failure: string | null } {
  const failedIps = new Set(ctx.steps.tlsMeasure.map((t) => t.ip));
  const tests = ctx.steps.sniTest.filter((t) => failedIps.has(t.ip));
  if (tests.length === 0) return { result: 'not-run', failure: null };
  // A certificate came back, valid for that name or not: the path carries TLS to this server.
  if (tests.some((t) => t.chain.length > 0)) return { result: 'real-sni-only', failure: null };
  return { result: 'any-sni', failure: tests[tests.length - 1]?.failure ?? null };
}

// ---------------------------------------------------------------------------------------------
// The control.

/** A control that can tell us what the uncensored world sees; null when it cannot. */
function usableControl(control: Control | null, tcpOnly: boolean): Control | null {
  if (!control) return null;
  const dnsAnswered = control.dns.failure === null && (control.dns.addrs?.length ?? 0) > 0;
  // NXDOMAIN is an answer: the name does not exist anywhere.
  const dnsNx = classify(control.dns.failure) === 'nxdomain';
  const responded = !tcpOnly && controlResponded(control);
  const tcpOk = Object.values(control.tcp_connect).some((t) => t.status);
  return dnsAnswered || dnsNx || responded || tcpOk ? control : null;
}

/** The helper got an HTTP response at all (any status): its path to the site worked. */
function controlResponded(control: Control): boolean {
  return control.http_request.failure === null && control.http_request.status_code > 0;
}

function downReason(ctx: Ctx, control: Control, failing: StepOutcome): string | null {
  const { tcpOnly } = ctx;
  if (!tcpOnly && control.http_request.failure !== null) return 'control-http-failed';
  if (classify(control.dns.failure) === 'nxdomain' && failing.step === 'dns' && classify(failing.failure) === 'nxdomain') {
    return 'nxdomain-everywhere';
  }
  const tcp = Object.values(control.tcp_connect);
  // The helper tests the probe's addresses; if it still fetched the page, those were just bad
  // answers. A bare connect has no page: there, an answer of the helper's own that the probe did
  // not get says the same.
  const elsewhere = tcpOnly ? resolvedElsewhere(ctx, control) : controlResponded(control);
  if (tcp.length > 0 && tcp.every((t) => !t.status) && !elsewhere) return 'control-tcp-failed';
  return null;
}

/** The helper's DNS named addresses, none of which the probe was given. */
function resolvedElsewhere(ctx: Ctx, control: Control): boolean {
  const helper = control.dns.failure === null ? (control.dns.addrs ?? []).map(normalizeIp) : [];
  const probe = new Set(systemAnswers(ctx.steps).map(normalizeIp));
  return helper.length > 0 && !helper.some((a) => probe.has(a));
}

/** What the control saw at a step: 'ok', its failure string, or null when it has no view of it. */
function controlSaw(ctx: Ctx, step: PipelineStep | 'throughput'): string | null {
  const control = ctx.control;
  if (!control) return null;
  // The fetch stands in for a step the helper did not report, except for a bare connect, which it is not about.
  const fallback = ctx.tcpOnly ? null : controlResponded(control) ? 'ok' : control.http_request.failure;
  switch (step) {
    case 'dns':
      if (control.dns.failure !== null) return control.dns.failure;
      return (control.dns.addrs?.length ?? 0) > 0 ? 'ok' : 'dns_no_answer';
    case 'tcp':
      return atEndpoints(control.tcp_connect, ctx.steps.tcp) ?? fallback;
    case 'tls':
      return atEndpoints(control.tls_handshake, ctx.steps.tlsMeasure) ?? fallback;
    default:
      return fallback;
  }
}

/** The helper's result for the probe's own endpoints: ok if any worked, else the first failure. */
function atEndpoints(
  results: Record<string, { status: boolean; failure: string | null }>,
  probed: readonly { ip: string; port: number }[],
): string | null {
  const keys = unique(probed.map((p) => endpointKey(p.ip, p.port)));
  const seen = keys.map((k) => results[k]).filter((r) => r !== undefined);
  if (seen.length === 0) return null;
  if (seen.some((r) => r.status)) return 'ok';
  return seen.find((r) => r.failure !== null)?.failure ?? 'unknown_failure';
}

function judgeDns(ctx: Ctx): DnsConsistencyResult | null {
  if (ctx.steps.systemDns.length === 0) return null;
  return dnsConsistency({
    system: systemAnswers(ctx.steps),
    doh: unique(ctx.steps.dohDns.flatMap((d) => d.answers)),
    control: ctx.control,
    port: ctx.port,
  });
}

// ---------------------------------------------------------------------------------------------
// Context helpers.

function systemAnswers(steps: Steps): string[] {
  return unique(steps.systemDns.flatMap((d) => d.answers));
}

function dnsEvidence(input: AnalysisInput, steps: Steps): Evidence['dns'] {
  if (steps.systemDns.length === 0 && steps.dohDns.length === 0 && steps.networkDns.length === 0) return undefined;
  return {
    system: systemAnswers(steps),
    doh: unique(steps.dohDns.flatMap((d) => d.answers)),
    control: [...(input.control?.dns.addrs ?? [])],
    ...(steps.networkDns.length > 0 ? { network: unique(steps.networkDns.flatMap((d) => d.answers)) } : {}),
  };
}

/**
 * What the other lookups show when the person's own failed or lied: encrypted DNS (or the
 * network's resolver) gives an address, and the site answers there.
 */
function otherLookupNotes(ctx: Ctx): Note[] {
  const { steps } = ctx;
  const notes: Note[] = [];
  const worksElsewhere =
    steps.elsewhere.http.some((h) => h.failure === null && h.status !== null) ||
    steps.elsewhere.tls.some((t) => t.failure === null && t.verified === true);
  // DoH's answer counts as the site's address when the helper saw it too, or the site answered there.
  const helper = new Set((ctx.control?.dns.addrs ?? []).map(canonicalIp));
  const dohAnswers = steps.dohDns.flatMap((d) => d.answers);
  if (dohAnswers.length > 0 && (worksElsewhere || dohAnswers.some((a) => helper.has(canonicalIp(a))))) notes.push('doh-gives-address');
  if (worksElsewhere) notes.push('site-works-at-other-address');
  return notes;
}

/**
 * The network's resolver, asked directly, says the name does not exist, gives nothing or lies,
 * while the person's own (operating-system) lookup gave the site's address: their apps are not
 * affected, because the device resolves another way (encrypted DNS, a VPN's DNS).
 */
function providerLiesOsFine(ctx: Ctx): boolean {
  const { steps } = ctx;
  if (steps.personalRole !== 'os' || steps.networkDns.length === 0 || !ctx.control) return false;
  if (!steps.outcomes.dns.ok) return false;
  const own = judgeDns(ctx);
  if (own?.verdict === 'bogon' || own?.verdict === 'inconsistent') return false;
  // A name that "does not exist" or has no address is a statement; silence or an unreachable
  // resolver may be the device's own setup, and says nothing about the provider.
  const denied = steps.networkDns.every((d) => {
    const failure = dnsFailure(d);
    return failure === 'dns_nxdomain_error' || failure === 'dns_no_answer';
  });
  if (denied) return true;
  const network = dnsConsistency({
    system: unique(steps.networkDns.flatMap((d) => d.answers)),
    doh: unique(steps.dohDns.flatMap((d) => d.answers)),
    control: ctx.control,
    port: ctx.port,
  });
  return network.verdict === 'bogon' || (network.verdict === 'inconsistent' && !sameAddresses(steps));
}

/** The network's resolver gave the same addresses as the person's own lookup. */
function sameAddresses(steps: Steps): boolean {
  const own = new Set(systemAnswers(steps).map(canonicalIp));
  return steps.networkDns.flatMap((d) => d.answers).every((a) => own.has(canonicalIp(a)));
}

// ---------------------------------------------------------------------------------------------
// Verdict builders.

function evidence(ctx: Ctx, fields: EvidenceFields): Evidence {
  const { code, notes, ...rest } = fields;
  return {
    code,
    failingStep: null,
    failure: null,
    control: null,
    repeated: false,
    sniTest: 'not-run',
    ...(ctx.dns ? { dns: ctx.dns } : {}),
    ...rest,
    notes: unique([...ctx.notes, ...(notes ?? [])]),
  };
}

function blocked(ctx: Ctx, method: Method, fields: EvidenceFields): Verdict {
  if (method === 'dns.tampered') ctx.notes.push(...otherLookupNotes(ctx));
  return { status: 'blocked', method, evidence: evidence(ctx, fields), explanationKey: blockedKey(method) };
}

function inconclusive(ctx: Ctx, reason: InconclusiveReason, fields: EvidenceFields): Verdict {
  return { status: 'inconclusive', method: null, evidence: evidence(ctx, fields), explanationKey: inconclusiveKey(reason) };
}

function accessible(ctx: Ctx, fields: EvidenceFields): Verdict {
  return { status: 'accessible', method: null, evidence: evidence(ctx, fields), explanationKey: 'verdict.accessible' };
}

function downVerdict(ctx: Ctx, fields: EvidenceFields): Verdict {
  return { status: 'down', method: null, evidence: evidence(ctx, fields), explanationKey: 'verdict.down' };
}
