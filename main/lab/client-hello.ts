// What a DPI box can read from the first bytes a client sends: the SNI of a TLS ClientHello and
// the Host of an HTTP request head. How much it reads depends on the rule's `inspects`, which is
// what lets the strategy check (DESIGN.md section 10) show which splits evade which boxes.
import type { z } from 'zod';
import type { InspectsSchema } from './scenario.ts';

export type Inspects = z.infer<typeof InspectsSchema>;

/** `need-more`: the box would wait for more bytes before deciding. */
export type Inspection = { state: 'need-more' } | { state: 'seen'; host: string } | { state: 'not-seen' };

const NEED_MORE: Inspection = { state: 'need-more' };
const NOT_SEEN: Inspection = { state: 'not-seen' };
const seen = (host: string): Inspection => ({ state: 'seen', host });

const TLS_HANDSHAKE = 0x16;
const CLIENT_HELLO = 0x01;
const EXT_SERVER_NAME = 0x0000;
// A box gives up on a stream that never completes a hello/head rather than buffer forever.
const MAX_INSPECTED = 64 * 1024;

type Scan = { host: string } | 'truncated' | 'absent';

/** Walks a (possibly truncated) ClientHello handshake message to its server_name extension. */
export function scanClientHello(hs: Buffer): Scan {
  if (hs.length < 1) return 'truncated';
  if (hs[0] !== CLIENT_HELLO) return 'absent';
  if (hs.length < 4) return 'truncated';
  const end = Math.min(hs.length, 4 + hs.readUIntBE(1, 3));
  const declaredEnd = 4 + hs.readUIntBE(1, 3);
  let pos = 4 + 2 + 32; // type+length, legacy_version, random
  const skip = (lengthBytes: 1 | 2): boolean => {
    if (pos + lengthBytes > end) return false;
    const length = lengthBytes === 1 ? hs.readUInt8(pos) : hs.readUInt16BE(pos);
    pos += lengthBytes + length;
    return pos <= end;
  };
  // session id, cipher suites, compression methods
  if (!skip(1) || !skip(2) || !skip(1)) return 'truncated';
  if (pos === declaredEnd) return 'absent'; // no extensions at all
  if (pos + 2 > end) return 'truncated';
  const extensionsEnd = pos + 2 + hs.readUInt16BE(pos);
  pos += 2;
  while (pos < extensionsEnd) {
    if (pos + 4 > end) return 'truncated';
    const type = hs.readUInt16BE(pos);
    const length = hs.readUInt16BE(pos + 2);
    const body = pos + 4;
    if (type === EXT_SERVER_NAME) {
      if (body + length > end) return 'truncated';
      return serverName(hs.subarray(body, body + length));
    }
    pos = body + length;
  }
  return 'absent';
}

function serverName(ext: Buffer): Scan {
  if (ext.length < 2) return 'absent';
  const listEnd = Math.min(ext.length, 2 + ext.readUInt16BE(0));
  let pos = 2;
  while (pos + 3 <= listEnd) {
    const nameType = ext.readUInt8(pos);
    const length = ext.readUInt16BE(pos + 1);
    if (pos + 3 + length > listEnd) return 'absent';
    if (nameType === 0) return { host: ext.subarray(pos + 3, pos + 3 + length).toString('latin1') };
    pos += 3 + length;
  }
  return 'absent';
}

const fromScan = (scan: Scan): Inspection => (typeof scan === 'object' ? seen(scan.host) : NOT_SEEN);

/** A reassembling box: joins TLS records (and TCP segments) until the ClientHello is whole. */
export function sniFromStream(data: Buffer): Inspection {
  if (data.length === 0) return NEED_MORE;
  if (data[0] !== TLS_HANDSHAKE) return NOT_SEEN;
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    if (pos + 5 > data.length) return data.length > MAX_INSPECTED ? NOT_SEEN : NEED_MORE;
    if (data[pos] !== TLS_HANDSHAKE) return NOT_SEEN;
    const length = data.readUInt16BE(pos + 3);
    if (pos + 5 + length > data.length) return data.length > MAX_INSPECTED ? NOT_SEEN : NEED_MORE;
    parts.push(data.subarray(pos + 5, pos + 5 + length));
    pos += 5 + length;
    const hs = Buffer.concat(parts);
    if (hs.length >= 4 && hs.length >= 4 + hs.readUIntBE(1, 3)) return fromScan(scanClientHello(hs));
    if (hs.length >= 1 && hs[0] !== CLIENT_HELLO) return NOT_SEEN;
  }
}

/** A box that waits for the first TLS record but never looks past it. */
export function sniFromFirstRecord(data: Buffer): Inspection {
  if (data.length === 0) return NEED_MORE;
  if (data[0] !== TLS_HANDSHAKE) return NOT_SEEN;
  if (data.length < 5) return NEED_MORE;
  const length = data.readUInt16BE(3);
  if (data.length < 5 + length) return NEED_MORE;
  return fromScan(scanClientHello(data.subarray(5, 5 + length)));
}

/** A box that looks at one TCP segment only: whatever of the ClientHello is in it. */
export function sniFromSegment(segment: Buffer): Inspection {
  if (segment.length < 5 || segment[0] !== TLS_HANDSHAKE) return NOT_SEEN;
  const length = segment.readUInt16BE(3);
  return fromScan(scanClientHello(segment.subarray(5, Math.min(segment.length, 5 + length))));
}

/** `received`: every byte so far; `firstSegment`: the first chunk the box got. */
export function inspectSni(inspects: Inspects, received: Buffer, firstSegment: Buffer): Inspection {
  if (inspects === 'first-segment') return sniFromSegment(firstSegment);
  if (inspects === 'first-record') return sniFromFirstRecord(received);
  return sniFromStream(received);
}

/** The Host header's value with any port removed; only complete header lines count. */
function hostFromHeadLines(text: string): Inspection {
  const lines = text.split('\r\n');
  for (const line of lines.slice(1)) {
    const match = /^host[ \t]*:[ \t]*(.*?)[ \t]*$/i.exec(line);
    if (match?.[1] !== undefined) return seen(match[1].replace(/:\d*$/, ''));
  }
  return NOT_SEEN;
}

/** A reassembling box: waits for the whole request head. */
export function httpHostFromStream(data: Buffer): Inspection {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return data.length > MAX_INSPECTED ? NOT_SEEN : NEED_MORE;
  return hostFromHeadLines(data.subarray(0, end).toString('latin1'));
}

/** A box that looks at one TCP segment: a Host line cut by the segment's end is not seen. */
export function httpHostFromSegment(segment: Buffer): Inspection {
  const text = segment.toString('latin1');
  const lastLineEnd = text.lastIndexOf('\r\n');
  return lastLineEnd < 0 ? NOT_SEEN : hostFromHeadLines(text.slice(0, lastLineEnd));
}

/**
 * HTTP has no records, so `first-record` (a box that reassembles TCP but not TLS records) reads
 * the whole head like `stream`.
 */
export function inspectHttpHost(inspects: Inspects, received: Buffer, firstSegment: Buffer): Inspection {
  return inspects === 'first-segment' ? httpHostFromSegment(firstSegment) : httpHostFromStream(received);
}
