// Small formatting helpers shared by the HTML, CSV and merge outputs.
import type { Result } from '../contract/run.ts';
import type { Language } from '../i18n.ts';
import { shownValue } from '../util/shown-text.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Every value that reaches HTML goes through this: recorded data is whatever a censor sent, so
 * markup is escaped and control and bidi characters are taken out.
 */
export function esc(value: unknown): string {
  return shownValue(String(value ?? '')).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Date and time in UTC: Azerbaijani style "23.11.2026, 14:05", English "2026-11-23 14:05". */
export function formatDateTime(at: string | number, lang: Language): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  return lang === 'az'
    ? `${pad2(d.getUTCDate())}.${pad2(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}, ${time} UTC`
    : `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${time} UTC`;
}

/** The country's name in the report's language, from the runtime's own CLDR data. */
export function countryName(cc: string, lang: Language): string {
  if (!/^[A-Z]{2}$/.test(cc) || cc === 'ZZ') return cc;
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(cc) ?? cc;
  } catch {
    return cc;
  }
}

/** The host, with its port where the input names one (WhatsApp's 443 and 5222 are two checks). */
export function targetLabel(result: Pick<Result, 'input' | 'host'>): string {
  const port = /^[a-z]+:\/\/[^/:]+:(\d+)/i.exec(result.input)?.[1];
  return port ? `${result.host}:${port}` : result.host;
}

/** Milliseconds as people read them: "850 ms", "2.7 s" (az: "2,7 san."). */
export function formatMs(ms: number, lang: Language): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = (ms / 1000).toFixed(1);
  return lang === 'az' ? `${s.replace('.', ',')} san.` : `${s} s`;
}
