// Maps whatever Node, undici or a Network implementation threw to OONI's failure strings
// (df-007-errors), following probe-cli's netxlite classifier so that our observations read like
// OONI's and export to its format without translation.

/** Node error codes (errno names and TLS verification codes) and their OONI failure. */
const BY_CODE: Readonly<Record<string, string>> = {
  // System call errors, as probe-cli's classifySyscallError.
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  EHOSTUNREACH: 'host_unreachable',
  ENETUNREACH: 'network_unreachable',
  ENETDOWN: 'network_down',
  ENETRESET: 'network_reset',
  ECONNABORTED: 'connection_aborted',
  EAFNOSUPPORT: 'address_family_not_supported',
  EADDRINUSE: 'address_in_use',
  EADDRNOTAVAIL: 'address_not_available',
  EISCONN: 'already_connected',
  EFAULT: 'bad_address',
  EBADF: 'bad_file_descriptor',
  EALREADY: 'connection_already_in_progress',
  EDESTADDRREQ: 'destination_address_required',
  EINTR: 'interrupted',
  EINVAL: 'invalid_argument',
  EMSGSIZE: 'message_size',
  ENOBUFS: 'no_buffer_space',
  ENOPROTOOPT: 'no_protocol_option',
  ENOTSOCK: 'not_a_socket',
  ENOTCONN: 'not_connected',
  EWOULDBLOCK: 'operation_would_block',
  EAGAIN: 'operation_would_block',
  EACCES: 'permission_denied',
  EPERM: 'permission_denied',
  EPROTONOSUPPORT: 'protocol_not_supported',
  EPROTOTYPE: 'wrong_protocol_type',
  // probe-cli says `timed_out` for the kernel's own connect timeout. We say what we say for every
  // other timeout: the analysis reads both as "no answer", and a lab dialer simulating a
  // blackhole may well reject with ETIMEDOUT.
  ETIMEDOUT: 'generic_timeout_error',
  // A write onto a connection the peer has already reset.
  EPIPE: 'connection_reset',
  // Our own DNS-over-TCP and TLS code report a clean close with this code.
  EOF: 'eof_error',
  // getaddrinfo, should a Network implementation use the OS resolver.
  ENOTFOUND: 'dns_nxdomain_error',
  ENODATA: 'dns_no_answer',
  EAI_AGAIN: 'dns_temporary_failure',
  EAI_FAIL: 'dns_non_recoverable_failure',
  // undici's own timers.
  UND_ERR_CONNECT_TIMEOUT: 'generic_timeout_error',
  UND_ERR_HEADERS_TIMEOUT: 'generic_timeout_error',
  UND_ERR_BODY_TIMEOUT: 'generic_timeout_error',
  // undici: the peer closed the connection while a response was due or under way.
  UND_ERR_SOCKET: 'eof_error',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'eof_error',
  UND_ERR_ABORTED: 'interrupted',
  ABORT_ERR: 'interrupted',
  // Certificate verification (OpenSSL codes as Node reports them).
  ERR_TLS_CERT_ALTNAME_INVALID: 'ssl_invalid_hostname',
  HOSTNAME_MISMATCH: 'ssl_invalid_hostname',
  SELF_SIGNED_CERT_IN_CHAIN: 'ssl_unknown_authority',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'ssl_unknown_authority',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'ssl_unknown_authority',
  UNABLE_TO_GET_ISSUER_CERT: 'ssl_unknown_authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'ssl_unknown_authority',
  CERT_UNTRUSTED: 'ssl_unknown_authority',
  CERT_HAS_EXPIRED: 'ssl_invalid_certificate',
  CERT_NOT_YET_VALID: 'ssl_invalid_certificate',
  CERT_REVOKED: 'ssl_invalid_certificate',
  CERT_REJECTED: 'ssl_invalid_certificate',
  CERT_SIGNATURE_FAILURE: 'ssl_invalid_certificate',
  CERT_CHAIN_TOO_LONG: 'ssl_invalid_certificate',
  INVALID_CA: 'ssl_invalid_certificate',
  INVALID_PURPOSE: 'ssl_invalid_certificate',
  PATH_LENGTH_EXCEEDED: 'ssl_invalid_certificate',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'ssl_invalid_certificate',
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'ssl_invalid_certificate',
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 'ssl_invalid_certificate',
  ERROR_IN_CERT_NOT_AFTER_FIELD: 'ssl_invalid_certificate',
};

/** Certificate errors that concern the certificate itself rather than who issued it. */
export const CERT_VALIDITY_CODES: ReadonlySet<string> = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
]);

/** Failure string for a Node/OpenSSL verification code (`socket.authorizationError`). */
export function certFailure(code: string): string {
  return BY_CODE[code] ?? 'ssl_invalid_certificate';
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

function classify(err: unknown, depth: number): string | null {
  if (err === null || typeof err !== 'object') return null;
  const e = err as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : undefined;
  // Timers first: a timeout's reason can also carry an abort code.
  if (e.name === 'TimeoutError') return 'generic_timeout_error';
  if (code === 'EYOXLA_GUARD') return `unknown_failure: ${String(e.message)}`;
  if (code !== undefined) {
    const known = BY_CODE[code];
    // undici wraps the error that really happened (connect failure, socket error) in `cause`.
    if (known !== undefined && !(code.startsWith('UND_ERR_') && e.cause !== undefined)) return known;
    // OpenSSL alerts and protocol errors during the handshake: ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE, ...
    if (code.startsWith('ERR_SSL_')) return 'ssl_failed_handshake';
  }
  if (e.name === 'AbortError') return 'interrupted';
  if (depth < 5 && e.cause !== undefined) {
    const inner = classify(e.cause, depth + 1);
    if (inner !== null) return inner;
    if (code !== undefined && BY_CODE[code] !== undefined) return BY_CODE[code];
  }
  return null;
}

/**
 * OONI failure string for `err`. Never throws. The caller's own knowledge wins over this: a step
 * that knows its deadline fired, or that its caller aborted, says so without asking here.
 */
export function toFailure(err: unknown): string {
  const known = classify(err, 0);
  if (known !== null) return known;
  if (err instanceof Error || (err !== null && typeof err === 'object' && 'message' in err)) {
    const message = String((err as ErrorLike).message);
    // Go-style suffixes (probe-cli's classifyWithStringSuffix), for errors that only have text.
    if (/\bEOF$/.test(message)) return 'eof_error';
    if (/(i\/o timeout|deadline exceeded|timed out)$/i.test(message)) return 'generic_timeout_error';
    return `unknown_failure: ${message || 'error without message'}`;
  }
  return `unknown_failure: ${String(err)}`;
}
