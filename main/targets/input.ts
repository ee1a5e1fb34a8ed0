// Turning what a person typed (a URL or a bare host) into a measurable input URL.
const HOST = /^(?!-)[a-z0-9-]{1,63}(?:\.(?!-)[a-z0-9-]{1,63})+\.?$/i;

export class InputError extends Error {}

/** `meydan.tv` -> `https://meydan.tv/`; URLs keep their scheme and path; anything else is refused. */
export function normaliseInput(raw: string): { input: string; host: string } {
  const text = raw.trim();
  if (!text) throw new InputError('empty entry');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new InputError(`not a valid URL: ${text}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`only http and https URLs can be tested: ${text}`);
    if (!HOST.test(url.hostname) && !/^\d+\.\d+\.\d+\.\d+$/.test(url.hostname)) throw new InputError(`not a host name: ${url.hostname}`);
    return { input: url.toString(), host: url.hostname.toLowerCase() };
  }
  if (!HOST.test(text)) throw new InputError(`not a URL or host name: ${text}`);
  const host = text.toLowerCase().replace(/\.$/, '');
  return { input: `https://${host}/`, host };
}
