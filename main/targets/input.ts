// Turning what a person typed (a URL, a bare host, or OONI's `tcpconnect://HOST:PORT`) into a
// measurable input.
const HOST = /^(?!-)[a-z0-9-]{1,63}(?:\.(?!-)[a-z0-9-]{1,63})+\.?$/i;
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/** OONI's input scheme for "connect over TCP and nothing more" (whatsapp, facebook_messenger). */
export const TCPCONNECT_PROTOCOL = 'tcpconnect:';

export class InputError extends Error {}

/** Host and port of a `tcpconnect://HOST:PORT` input, or null for any other input. */
export function parseTcpConnect(input: string): { host: string; port: number } | null {
  if (!input.toLowerCase().startsWith(`${TCPCONNECT_PROTOCOL}//`)) return null;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  const port = Number(url.port);
  if (!url.hostname || !Number.isInteger(port) || port < 1) return null;
  // tcpconnect is not a scheme URL knows, so its host is not lower-cased for us.
  return { host: url.hostname.toLowerCase(), port };
}

function checkHost(host: string): void {
  if (!HOST.test(host) && !IPV4.test(host)) throw new InputError(`not a host name: ${host}`);
}

/** `tcpconnect://HOST:PORT` exactly: a port is required, a path or query means a typo. */
function normaliseTcpConnect(text: string): { input: string; host: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`not a valid URL: ${text}`);
  }
  if (!url.port) throw new InputError(`a tcpconnect input needs a port (tcpconnect://HOST:PORT): ${text}`);
  if (Number(url.port) < 1) throw new InputError(`not a usable port: ${text}`);
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash || url.username || url.password) {
    throw new InputError(`a tcpconnect input is only tcpconnect://HOST:PORT: ${text}`);
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  checkHost(host);
  return { input: `tcpconnect://${host}:${url.port}`, host };
}

/** `meydan.tv` -> `https://meydan.tv/`; URLs keep their scheme and path; anything else is refused. */
export function normaliseInput(raw: string): { input: string; host: string } {
  const text = raw.trim();
  if (!text) throw new InputError('empty entry');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    if (text.toLowerCase().startsWith(`${TCPCONNECT_PROTOCOL}//`)) return normaliseTcpConnect(text);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new InputError(`not a valid URL: ${text}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InputError(`only http, https and tcpconnect inputs can be tested: ${text}`);
    }
    checkHost(url.hostname);
    return { input: url.toString(), host: url.hostname.toLowerCase() };
  }
  if (!HOST.test(text)) throw new InputError(`not a URL or host name: ${text}`);
  const host = text.toLowerCase().replace(/\.$/, '');
  return { input: `https://${host}/`, host };
}
