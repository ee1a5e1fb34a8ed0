// Observations: what the engine saw, step by step. Shared by main, the run JSON and the renderer,
// so this file imports nothing from Node.
import { z } from 'zod';

/** OONI failure string (df-007-errors) or null when the step succeeded. */
export const FailureSchema = z.string().min(1).nullable();
export type Failure = z.infer<typeof FailureSchema>;

/**
 * Epoch milliseconds, within what a Date can hold (±8.64e15): a crafted run with 1e300 would make
 * every report that prints the time throw.
 */
export const EpochMsSchema = z.number().min(0).max(8.64e15);

const timing = {
  /** Epoch milliseconds when the step started and ended. */
  t0: EpochMsSchema,
  t1: EpochMsSchema,
  /** 0 for the first try, 1 for the re-check on a fresh connection, 2... for further retries. */
  attempt: z.number().int().min(0),
  failure: FailureSchema,
};

/**
 * Whose answer a lookup is (its role): `os`, the operating system's resolver (getaddrinfo: the
 * hosts file, OS-level encrypted DNS, a VPN's DNS), which is what the person's apps see;
 * `network`, the network's (provider's) resolver asked directly over UDP, TCP when truncated;
 * `doh`, DNS over HTTPS. OONI's engine names for them are `getaddrinfo`, `udp` and `doh`.
 */
export const DNS_ROLES = ['os', 'network', 'doh'] as const;
export type DnsRole = (typeof DNS_ROLES)[number];

export const DnsObservationSchema = z.object({
  step: z.literal('dns'),
  /** The lookup's role. Runs before roles (yoxla.run/1 as first written) say `system`: the network's resolver. */
  resolver: z.union([z.enum(DNS_ROLES), z.literal('system').transform((): DnsRole => 'network')]),
  /** `ip:port` of the resolver, the DoH URL, or `getaddrinfo` for the operating system's. */
  server: z.string(),
  query: z.string(),
  answers: z.array(z.string()),
  /** DNS response code name when a reply arrived (NOERROR, NXDOMAIN, SERVFAIL, ...). */
  rcode: z.string().nullable(),
  ...timing,
});
export type DnsObservation = z.infer<typeof DnsObservationSchema>;

export const TcpObservationSchema = z.object({
  step: z.literal('tcp'),
  ip: z.string(),
  port: z.number().int(),
  /** Which lookups gave this address (the engine connects to the union of every role's answers). */
  addressFrom: z.array(z.enum(DNS_ROLES)).optional(),
  ...timing,
});
export type TcpObservation = z.infer<typeof TcpObservationSchema>;

export const CertSummarySchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  fingerprint256: z.string(),
  san: z.array(z.string()),
});
export type CertSummary = z.infer<typeof CertSummarySchema>;

export const TlsObservationSchema = z.object({
  step: z.literal('tls'),
  ip: z.string(),
  port: z.number().int(),
  serverName: z.string(),
  /** `measure`: the real server name; `sni-test`: a harmless name sent to the same address. */
  purpose: z.enum(['measure', 'sni-test']),
  tlsVersion: z.string().nullable(),
  cipher: z.string().nullable(),
  /** Leaf first. Recorded even when validation failed, so interception can be shown. */
  chain: z.array(CertSummarySchema),
  /** Whether the chain validated for serverName against the trust store; null when no handshake. */
  verified: z.boolean().nullable(),
  ...timing,
});
export type TlsObservation = z.infer<typeof TlsObservationSchema>;

/**
 * The failure of a redirect hop that was not followed because it led to an address on the
 * person's own machine or network (a router, a Wi-Fi login page, a local filter): its URL and
 * address are recorded, nothing is fetched from it. Not one of OONI's strings: OONI follows.
 */
export const LOCAL_REDIRECT_FAILURE = 'unknown_failure: redirect_to_local_network_not_followed';

export const HttpObservationSchema = z.object({
  step: z.literal('http'),
  url: z.string(),
  /** The address the request was sent to. */
  ip: z.string().nullable(),
  status: z.number().int().nullable(),
  headers: z.record(z.string(), z.string()),
  /** Bytes of body read (capped); null when no response. */
  bodyLength: z.number().int().nullable(),
  bodyTruncated: z.boolean(),
  /**
   * Milliseconds from the response's headers to the end of reading its body (whole, capped, or
   * cut by the step's time): with `bodyLength`, how fast the page's own bytes came. Absent in
   * older runs and imported OONI data.
   */
  bodyMs: z.number().min(0).optional(),
  /**
   * Milliseconds from the connection being ready (TCP, and TLS for https) to the response's
   * headers: one round trip plus the server's own time. Absent where `bodyMs` is.
   */
  requestMs: z.number().min(0).optional(),
  bodySha256: z.string().nullable(),
  title: z.string().nullable(),
  /** Location of a redirect this response asked for, resolved against url. */
  redirectTo: z.string().nullable(),
  ...timing,
});
export type HttpObservation = z.infer<typeof HttpObservationSchema>;

/** An HTTP hop that got no response (it failed before one, or was not made): no status, headers or body. */
export function httpHopWithoutResponse(hop: Pick<HttpObservation, 'url' | 'ip' | 't0' | 't1' | 'attempt' | 'failure'>): HttpObservation {
  return { step: 'http', status: null, headers: {}, bodyLength: null, bodyTruncated: false, bodySha256: null, title: null, redirectTo: null, ...hop };
}

export const ThroughputObservationSchema = z.object({
  step: z.literal('throughput'),
  url: z.string(),
  ip: z.string().nullable(),
  /** `target`: the asset of the target; `control`: a reference asset on the same path. */
  role: z.enum(['target', 'control']),
  bytes: z.number().int().min(0),
  ms: z.number().min(0),
  kbps: z.number().min(0),
  /** True when the whole asset arrived; false when stopped early (time or byte budget). */
  completed: z.boolean(),
  ...timing,
});
export type ThroughputObservation = z.infer<typeof ThroughputObservationSchema>;

export const ObservationSchema = z.discriminatedUnion('step', [
  DnsObservationSchema,
  TcpObservationSchema,
  TlsObservationSchema,
  HttpObservationSchema,
  ThroughputObservationSchema,
]);
export type Observation = z.infer<typeof ObservationSchema>;

/**
 * The control: the same target seen from an uncensored vantage point, in the shape of OONI's
 * web-connectivity test-helper reply (so OONI's own helper and the lab's are interchangeable).
 */
export const ControlSchema = z.object({
  tcp_connect: z.record(z.string(), z.object({ status: z.boolean(), failure: FailureSchema })).default({}),
  tls_handshake: z
    .record(z.string(), z.object({ server_name: z.string(), status: z.boolean(), failure: FailureSchema }))
    .default({}),
  http_request: z
    .object({
      body_length: z.number().int().default(-1),
      discovered_h3_endpoint: z.string().optional(),
      failure: FailureSchema,
      title: z.string().default(''),
      headers: z.record(z.string(), z.string()).default({}),
      status_code: z.number().int().default(-1),
    })
    .default({ body_length: -1, failure: null, title: '', headers: {}, status_code: -1 }),
  dns: z
    .object({ failure: FailureSchema, addrs: z.array(z.string()).nullable().default([]) })
    .default({ failure: null, addrs: [] }),
  ip_info: z.record(z.string(), z.object({ asn: z.number().int(), flags: z.number().int() })).optional(),
});
export type Control = z.infer<typeof ControlSchema>;
