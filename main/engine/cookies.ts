// Cookies across one chain of redirects, as a browser keeps them: some sites redirect to
// themselves until a cookie comes back, and would otherwise look like a redirect loop.
interface Cookie {
  domain: string;
  /** Set without a Domain attribute: sent to that exact host only. */
  hostOnly: boolean;
  value: string;
}

export class CookieJar {
  private readonly cookies = new Map<string, Cookie>();

  store(url: URL, setCookie: string | string[] | undefined): void {
    if (setCookie === undefined) return;
    const host = url.hostname.toLowerCase();
    for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const domainAttr = attributes
        .map((a) => /^\s*domain\s*=\s*\.?([^\s;]+)/i.exec(a)?.[1]?.toLowerCase())
        .find((d) => d !== undefined);
      // A cookie for a domain the host does not belong to is refused, as browsers do.
      if (domainAttr && host !== domainAttr && !host.endsWith(`.${domainAttr}`)) continue;
      const domain = domainAttr ?? host;
      this.cookies.set(`${domain}\t${name}`, { domain, hostOnly: !domainAttr, value: `${name}=${value}` });
    }
  }

  header(url: URL): string | undefined {
    const host = url.hostname.toLowerCase();
    const matching = [...this.cookies.values()].filter((c) =>
      c.hostOnly ? c.domain === host : host === c.domain || host.endsWith(`.${c.domain}`),
    );
    return matching.length ? matching.map((c) => c.value).join('; ') : undefined;
  }
}
