// What "self-contained" means for a report: no script, and nothing that a browser would fetch.
import assert from 'node:assert/strict';

/** Every URL-carrying attribute value in the document that is not an in-page anchor. */
export function externalReferences(html: string): string[] {
  const refs = [...html.matchAll(/\b(?:src|href|srcset|action|formaction|poster|data|xlink:href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)].map(
    (m) => m[1]?.replace(/^["']|["']$/g, '') ?? '',
  );
  return refs.filter((r) => !r.startsWith('#'));
}

export function assertSelfContained(html: string): void {
  assert.doesNotMatch(html, /<script/i);
  assert.deepEqual(externalReferences(html), []);
  assert.doesNotMatch(html, /url\(|@import|<link|<iframe|<img|<object|<embed|<base/i);
}
