// The `host-case` strategy's rewrite: the same request with the Host header's name in another
// letter case. HTTP host names are case-insensitive, so the origin answers as before; a filter
// that compares the header's bytes as sent, without lower-casing them, no longer recognises it.

const HEAD_END = Buffer.from('\r\n\r\n');
/** A request head longer than this is not what a browser sends: leave it alone. */
export const MAX_HEAD = 16 * 1024;

/** Length of the first whole HTTP request head in `bytes` (up to its blank line), or `wait`, or `not-http`. */
export function requestHeadLength(bytes: Buffer): number | 'wait' | 'not-http' {
  if (bytes.length > 0 && (bytes[0] as number) < 0x41) return 'not-http'; // a method starts with a letter
  const end = bytes.indexOf(HEAD_END);
  if (end >= 0) return end + HEAD_END.length;
  return bytes.length > MAX_HEAD ? 'not-http' : 'wait';
}

/** Every other letter of the name upper-cased, starting with the first ("www.meydan.tv" -> "WwW.mEyDaN.tV"). */
export function mixCase(host: string): string {
  let letter = 0;
  return [...host]
    .map((c) => {
      if (!/[a-z]/i.test(c)) return c;
      letter += 1;
      return letter % 2 === 1 ? c.toUpperCase() : c.toLowerCase();
    })
    .join('');
}

/** The head with its Host value in mixed case; unchanged when it has no Host header. */
export function rewriteHostHeader(head: Buffer): Buffer {
  const text = head.toString('latin1');
  const rewritten = text.replace(/(\r\nhost[ \t]*:[ \t]*)([^\r\n]*)/i, (_all, prefix: string, value: string) => `${prefix}${mixCase(value)}`);
  return Buffer.from(rewritten, 'latin1');
}
