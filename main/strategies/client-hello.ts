// Where the server name sits in the first TLS record a client sends, and how to cut that record
// so that no piece carries the whole name. Pure functions on bytes; the dialers use them.

const TLS_HANDSHAKE = 0x16;
const CLIENT_HELLO = 0x01;
const EXT_SERVER_NAME = 0x0000;
const HOST_NAME = 0x00;
export const RECORD_HEADER = 5;

/** Length of the first whole TLS record in `bytes`, `wait` until it is complete, `not-tls` when it is no handshake record. */
export function firstRecordLength(bytes: Buffer): number | 'wait' | 'not-tls' {
  if (bytes.length === 0) return 'wait';
  if (bytes[0] !== TLS_HANDSHAKE) return 'not-tls';
  if (bytes.length < RECORD_HEADER) return 'wait';
  const length = RECORD_HEADER + bytes.readUInt16BE(3);
  return bytes.length >= length ? length : 'wait';
}

/** Byte range of the SNI host name inside one whole ClientHello record, or null when it has none. */
export function serverNameRange(record: Buffer): { start: number; end: number } | null {
  if (record.length < RECORD_HEADER + 4 || record[0] !== TLS_HANDSHAKE || record[RECORD_HEADER] !== CLIENT_HELLO) return null;
  const end = Math.min(record.length, RECORD_HEADER + 4 + record.readUIntBE(RECORD_HEADER + 1, 3));
  let pos = RECORD_HEADER + 4 + 2 + 32; // handshake header, legacy_version, random
  const skip = (lengthBytes: 1 | 2): boolean => {
    if (pos + lengthBytes > end) return false;
    pos += lengthBytes + (lengthBytes === 1 ? record.readUInt8(pos) : record.readUInt16BE(pos));
    return pos <= end;
  };
  // session id, cipher suites, compression methods
  if (!skip(1) || !skip(2) || !skip(1) || pos + 2 > end) return null;
  const extensionsEnd = Math.min(end, pos + 2 + record.readUInt16BE(pos));
  pos += 2;
  while (pos + 4 <= extensionsEnd) {
    const type = record.readUInt16BE(pos);
    const length = record.readUInt16BE(pos + 2);
    const body = pos + 4;
    if (body + length > extensionsEnd) return null;
    if (type === EXT_SERVER_NAME) return hostNameIn(record, body, body + length);
    pos = body + length;
  }
  return null;
}

function hostNameIn(record: Buffer, from: number, to: number): { start: number; end: number } | null {
  if (from + 2 > to) return null;
  const listEnd = Math.min(to, from + 2 + record.readUInt16BE(from));
  let pos = from + 2;
  while (pos + 3 <= listEnd) {
    const type = record.readUInt8(pos);
    const length = record.readUInt16BE(pos + 1);
    if (pos + 3 + length > listEnd) return null;
    if (type === HOST_NAME && length > 0) return { start: pos + 3, end: pos + 3 + length };
    pos += 3 + length;
  }
  return null;
}

/**
 * Where to cut a name: in the middle of its registrable label ("www.tik|tok.com"), so that no piece
 * holds the domain a filter is likely to list, whether it matches the whole name or the domain.
 * Always strictly inside the name.
 */
export function cutInsideName(name: string): number {
  if (name.length < 2) return Math.max(0, name.length - 1);
  const labels = name.replace(/\.$/, '').split('.');
  const index = labels.length >= 2 ? labels.length - 2 : 0;
  const start = labels.slice(0, index).reduce((sum, label) => sum + label.length + 1, 0);
  const label = labels[index] ?? name;
  const cut = start + Math.max(1, Math.floor(label.length / 2));
  return Math.min(Math.max(1, cut), name.length - 1);
}

/** Absolute offset inside `record` to cut at, inside the server name; null when there is no name. */
export function cutOffset(record: Buffer): number | null {
  const range = serverNameRange(record);
  if (!range || range.end - range.start < 2) return null;
  const name = record.subarray(range.start, range.end).toString('latin1');
  return range.start + cutInsideName(name);
}

/**
 * One TLS record re-framed as two with the same content type and version: the payload is cut at
 * `offset` (an absolute offset into `record`, past the header). TLS lets a handshake message span
 * records, so the server reassembles it; a filter reading one record sees half a name.
 */
export function splitRecord(record: Buffer, offset: number): [Buffer, Buffer] {
  const payload = record.subarray(RECORD_HEADER);
  const at = offset - RECORD_HEADER;
  if (at <= 0 || at >= payload.length) throw new RangeError(`cut at ${offset} is outside the record's payload`);
  const frame = (part: Buffer): Buffer => {
    const header = Buffer.from(record.subarray(0, RECORD_HEADER));
    header.writeUInt16BE(part.length, 3);
    return Buffer.concat([header, part]);
  };
  return [frame(payload.subarray(0, at)), frame(payload.subarray(at))];
}
