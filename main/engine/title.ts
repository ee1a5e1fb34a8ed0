// The page title, as a person would read it in a browser tab: blockpages are recognised by it.
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', laquo: '«', raquo: '»', ndash: '–', mdash: '—',
  hellip: '…', copy: '©', reg: '®', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', middot: '·', bull: '•',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

function charsetOf(contentType: string | undefined, head: Buffer): string {
  const fromHeader = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (fromHeader) return fromHeader;
  // <meta charset="..."> or <meta http-equiv content="...; charset=...">, in the first bytes only.
  const prefix = head.subarray(0, 2048).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(prefix)?.[1] ?? 'utf-8';
}

function decode(head: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(head);
  } catch {
    return new TextDecoder('utf-8').decode(head);
  }
}

/** Text of the first <title>, entities decoded and whitespace collapsed; null when there is none. */
export function extractTitle(head: Buffer, contentType?: string): string | null {
  if (head.length === 0) return null;
  const text = decode(head, charsetOf(contentType, head));
  const match = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(text);
  if (!match) return null;
  return detached(decodeEntities(match[1] ?? '').replace(/\s+/g, ' ').trim());
}

/**
 * A copy of `text` that does not point into the string it was cut from. V8 keeps a short piece of
 * a long string as a view of the whole: a title kept in a run's observations would otherwise keep
 * the page's first 16 KB alive with it (about 10 MB over a 1,000-URL run).
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
