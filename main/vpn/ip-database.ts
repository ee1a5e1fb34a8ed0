// Which network and country an address belongs to, from offline databases shipped as npm packages
// (`@ip-location-db/asn`: range -> AS number and name; `@ip-location-db/asn-country`: range ->
// country of the announcing network). Nothing is asked over the network: the public IP never
// leaves the machine for this.
//
// The files are sorted CSVs of inclusive numeric ranges (tens of MB). Instead of loading them, a
// lookup binary-searches the file by byte offset, reading a few hundred bytes about twenty times.
import { open, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ipaddr from 'ipaddr.js';

export interface NetworkInfo {
  /** `AS31721`, or `AS0` when no database knows the address. */
  asn: string;
  /** ISO 3166 code, or `ZZ` when unknown. */
  cc: string;
  name?: string;
}

/** Parsed CSV line: `start,end,field,...` (fields may be quoted with doubled quotes inside). */
export interface RangeRow {
  start: bigint;
  end: bigint;
  fields: string[];
}

export function parseRangeLine(line: string): RangeRow | null {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i += 1;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i += 1;
          break;
        } else {
          value += line[i];
          i += 1;
        }
      }
      fields.push(value);
      i += 1; // the comma
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  const [start, end, ...rest] = fields;
  if (!start || !end || !/^\d+$/.test(start) || !/^\d+$/.test(end)) return null;
  return { start: BigInt(start), end: BigInt(end), fields: rest };
}

/** An address as the integer the `-num` files use, and its family; null when not an address. */
export function addressNumber(ip: string): { family: 4 | 6; value: bigint } | null {
  if (!ipaddr.isValid(ip)) return null;
  const parsed = ipaddr.process(ip);
  const bytes = parsed.toByteArray();
  return { family: parsed.kind() === 'ipv4' ? 4 : 6, value: bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n) };
}

const WINDOW = 512;

/** The whole line containing byte `pos` of the file, with its byte bounds. */
async function lineAt(file: FileHandle, size: number, pos: number): Promise<{ start: number; end: number; text: string }> {
  // Grow the window both ways until it holds the line's start and end (lines are short: one round).
  for (let reach = WINDOW; ; reach *= 4) {
    const from = Math.max(0, pos - reach);
    const to = Math.min(size, pos + reach);
    const buf = Buffer.alloc(to - from);
    await file.read(buf, 0, buf.length, from);
    const rel = pos - from;
    // lastIndexOf with a negative offset would count from the end.
    const startRel = rel === 0 ? -1 : buf.lastIndexOf(0x0a, rel - 1);
    const endRel = buf.indexOf(0x0a, rel);
    if ((startRel >= 0 || from === 0) && (endRel >= 0 || to === size)) {
      const s = startRel + 1;
      const e = endRel >= 0 ? endRel : buf.length;
      return { start: from + s, end: from + e, text: buf.subarray(s, e).toString('utf8').replace(/\r$/, '') };
    }
  }
}

/** The row whose range holds `value` in a sorted range file, or null. */
export async function searchRangeFile(path: string, value: bigint): Promise<RangeRow | null> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    let lo = 0;
    let hi = size;
    let best: RangeRow | null = null;
    // Invariant: every line starting before lo begins at or below value; none from hi on does.
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const line = await lineAt(file, size, mid);
      const row = parseRangeLine(line.text);
      if (row && row.start <= value) {
        best = row;
        lo = line.end + 1;
      } else if (!row && line.text.trim() === '' && line.end + 1 < hi) {
        lo = line.end + 1; // a blank line: look past it
      } else {
        hi = line.start;
      }
    }
    return best && best.end >= value ? best : null;
  } finally {
    await file.close();
  }
}

export interface IpDatabase {
  /** Files of AS number and name per family. */
  asn: Record<4 | 6, string>;
  /** Files of country per family. */
  country: Record<4 | 6, string>;
}

/** The installed packages' numeric files. */
export function bundledDatabase(): IpDatabase {
  const require = createRequire(import.meta.url);
  const asnDir = dirname(require.resolve('@ip-location-db/asn/package.json'));
  const ccDir = dirname(require.resolve('@ip-location-db/asn-country/package.json'));
  // In the packed app the CSV files ship unpacked beside app.asar (electron-builder.yml), and file
  // handles must be opened on the real files, not through Electron's asar layer.
  const real = (dir: string) => dir.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return {
    asn: { 4: join(real(asnDir), 'asn-ipv4-num.csv'), 6: join(real(asnDir), 'asn-ipv6-num.csv') },
    country: { 4: join(real(ccDir), 'asn-country-ipv4-num.csv'), 6: join(real(ccDir), 'asn-country-ipv6-num.csv') },
  };
}

/** Network and country of an address; AS0/ZZ for what the databases do not know or cannot read. */
export async function lookupNetwork(ip: string, db: IpDatabase = bundledDatabase()): Promise<NetworkInfo> {
  const address = addressNumber(ip);
  if (!address) return { asn: 'AS0', cc: 'ZZ' };
  const [asnRow, ccRow] = await Promise.all([
    searchRangeFile(db.asn[address.family], address.value).catch(() => null),
    searchRangeFile(db.country[address.family], address.value).catch(() => null),
  ]);
  const asnNumber = asnRow?.fields[0];
  const name = asnRow?.fields[1];
  const cc = ccRow?.fields[0];
  return {
    asn: asnNumber && /^\d+$/.test(asnNumber) ? `AS${asnNumber}` : 'AS0',
    cc: cc && /^[A-Z]{2}$/.test(cc) ? cc : 'ZZ',
    ...(name ? { name } : {}),
  };
}
