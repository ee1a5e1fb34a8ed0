// What the VPN commands share with the rest of the CLI: the output streams, strict argument
// parsing that fails as a UsageError, and the language option.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isLanguage, type Language } from '../i18n.ts';
import { UsageError } from './usage-error.ts';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
}

export function parseStrict<O extends ParseArgsConfig['options']>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

export function languageOf(value: string | undefined): Language {
  const lang = value ?? 'en';
  if (!isLanguage(lang)) throw new UsageError(`--lang must be az or en, not ${lang}`);
  return lang;
}

export function concurrencyOf(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--concurrency must be a whole number from 1 to 256, not ${value}`);
  return n;
}
