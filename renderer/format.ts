// Dates, numbers and durations per language: 23.11.2026, 14:05 and 1.234,5 in Azerbaijani
// (glossary-az.md), day-first in English too. Intl does it where the browser has Azerbaijani
// locale data; some Chromium builds ship without it and quietly format az as English, so then the
// Azerbaijani forms are made here. Unit words come from the locales.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { intlLocale } from './i18n.ts';

export interface Formatters {
  dateTime(iso: string): string;
  /** From start to end; the day only once when both are on the same day. */
  span(startIso: string, endIso: string): string;
  number(value: number, fractionDigits?: number): string;
  /** Whole seconds ("12 s", "12 san."). */
  seconds(value: number): string;
  milliseconds(value: number): string;
  /** A size in kilobytes, one decimal. */
  bytes(value: number): string;
  /** A country's name, or its code when the browser has no name for it. */
  country(cc: string): string;
}

/** True when Intl really has Azerbaijani data: January is "yanvar" (not "January", not "M01"). */
function hasAzerbaijaniData(locale: string): boolean {
  try {
    return new Intl.DateTimeFormat(locale, { month: 'long' }).format(new Date(2020, 0, 15)).toLowerCase() === 'yanvar';
  } catch {
    return false;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

const azerbaijaniByHandTime = (date: Date) => `${pad(date.getHours())}:${pad(date.getMinutes())}`;

/** Azerbaijani by hand: 23.11.2026, 14:05 and 1.234,5. */
const azerbaijaniByHand = {
  dateTime: (date: Date) => `${pad(date.getDate())}.${pad(date.getMonth() + 1)}.${date.getFullYear()}, ${azerbaijaniByHandTime(date)}`,
  number: (value: number, fractionDigits: number) =>
    new Intl.NumberFormat('en-US', { maximumFractionDigits: fractionDigits })
      .format(value)
      .replace(/[,.]/g, (c) => (c === ',' ? '.' : ',')),
};

export function formatters(lang: string, t: TFunction): Formatters {
  const locale = intlLocale(lang);
  const native = lang !== 'az' || hasAzerbaijaniData(locale);
  const dateTime = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const timeOnly = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const number = (value: number, fractionDigits = 0) =>
    native ? new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value) : azerbaijaniByHand.number(value, fractionDigits);
  let regions: Intl.DisplayNames | null = null;
  try {
    regions = native ? new Intl.DisplayNames([locale], { type: 'region' }) : null;
  } catch {
    regions = null;
  }
  const formatDateTime = (iso: string) => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return native ? dateTime.format(date) : azerbaijaniByHand.dateTime(date);
  };
  return {
    dateTime: formatDateTime,
    span: (startIso, endIso) => {
      const start = new Date(startIso);
      const end = new Date(endIso);
      if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return `${formatDateTime(startIso)} – ${formatDateTime(endIso)}`;
      if (start.toDateString() !== end.toDateString()) return `${formatDateTime(startIso)} – ${formatDateTime(endIso)}`;
      return `${formatDateTime(startIso)} – ${native ? timeOnly.format(end) : azerbaijaniByHandTime(end)}`;
    },
    number,
    seconds: (value) => t('app.units.seconds', { value: number(Math.round(value)) }),
    milliseconds: (value) => t('app.units.milliseconds', { value: number(Math.round(value)) }),
    bytes: (value) => t('app.units.kilobytes', { value: number(value / 1024, 1) }),
    country: (cc) => {
      // Azerbaijan by its name in both languages, even where the browser has no Azerbaijani data.
      const own = cc.toUpperCase() === 'AZ' ? t('app.glance.countryAz') : null;
      const name = own ?? regions?.of(cc);
      return name && name !== cc ? `${name} (${cc})` : cc;
    },
  };
}

export function useFormat(): Formatters {
  const { t, i18n } = useTranslation();
  return useMemo(() => formatters(i18n.language, t), [i18n.language, t]);
}
