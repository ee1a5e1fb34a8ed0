// The verdict words of main/contract/verdict.ts as plain lists, without zod: the renderer's code
// (and the analysis it shares) reads them at run time, and the renderer bundle carries no zod.
export const STATUSES = ['accessible', 'blocked', 'down', 'inconclusive'] as const;

export const METHODS = [
  'dns.nxdomain',
  'dns.tampered',
  'dns.timeout',
  'tcp.timeout',
  'tcp.reset',
  'tls.sni-drop',
  'tls.sni-reset',
  'tls.mitm',
  'http.blockpage',
  'http.reset',
  'throttled',
] as const;
