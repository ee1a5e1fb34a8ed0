// A small set of inline SVG icons (no icon font, nothing to load): verdicts, methods, risk, the
// logo. Always decorative: the word beside an icon carries the meaning (colour and shape never alone).
import type { Method } from '../../main/contract/verdict.ts';

export type IconName =
  | 'blocked'
  | 'partly'
  | 'works'
  | 'unknown'
  | 'down'
  | 'dns'
  | 'tcp'
  | 'tls'
  | 'http'
  | 'slow'
  | 'shield'
  | 'caution'
  | 'vpn'
  | 'copy'
  | 'folder';

// 16×16 strokes; `currentColor` so each icon takes the colour of its verdict.
const PATHS: Record<IconName, string> = {
  blocked: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM5.5 5.5l5 5M10.5 5.5l-5 5',
  partly: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM8 1.5v13M8 5l4.6-1.9M8 8.5h6.5M8 12l4.6 1.9',
  works: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM4.8 8.2l2.2 2.2 4.2-4.6',
  unknown: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM6 6.2a2 2 0 1 1 2.6 1.9c-.4.2-.6.5-.6.9v.7M8 11.3v.4',
  down: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM4.8 8h6.4',
  dns: 'M2 3.5h12v3H2zM2 9.5h12v3H2zM4.5 5h.1M4.5 11h.1',
  tcp: 'M1.5 8h4M10.5 8h4M5.5 5.5h5v5h-5z',
  tls: 'M4 7.5h8v6H4zM5.8 7.5V5.3a2.2 2.2 0 0 1 4.4 0v2.2',
  http: 'M2 2.5h12v11H2zM2 5.5h12M5 8.5h6M5 11h4',
  slow: 'M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11ZM8 5v3l2 1.5',
  shield: 'M8 1.5l5.5 2v4c0 3.3-2.3 5.9-5.5 7-3.2-1.1-5.5-3.7-5.5-7v-4z',
  caution: 'M8 1.8l6.6 12H1.4zM8 6v3.6M8 11.6v.4',
  vpn: 'M8 1.5l5.5 2v4c0 3.3-2.3 5.9-5.5 7-3.2-1.1-5.5-3.7-5.5-7v-4zM5.6 8l1.7 1.7 3.1-3.4',
  copy: 'M5.5 5.5h8v8h-8zM2.5 10.5v-8h8',
  folder: 'M1.5 3.5h5l1.5 1.5h6.5v8.5h-13z',
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg className={`icon icon-${name}${className ? ` ${className}` : ''}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}

/** The icon of a method family: where along the connection it was stopped. */
export function methodIcon(method: Method | null): IconName {
  if (!method) return 'unknown';
  if (method.startsWith('dns')) return 'dns';
  if (method.startsWith('tls')) return 'tls';
  if (method.startsWith('http')) return 'http';
  if (method.startsWith('throttl')) return 'slow';
  return 'tcp';
}

/** Yoxla's mark: a magnifier over a check mark. */
export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <circle cx="10" cy="10" r="7.5" />
      <path d="M6.6 10.2l2.3 2.3 4.4-4.9M15.5 15.5l6 6" />
    </svg>
  );
}
