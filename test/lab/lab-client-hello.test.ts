import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  httpHostFromSegment,
  httpHostFromStream,
  inspectHttpHost,
  inspectSni,
  sniFromFirstRecord,
  sniFromSegment,
  sniFromStream,
} from '../../main/lab/client-hello.ts';
import { captureClientHello, splitIntoTwoRecords } from './lab-support.ts';

const seen = (host: string) => ({ state: 'seen', host });
const NOT_SEEN = { state: 'not-seen' };
const NEED_MORE = { state: 'need-more' };

test('reads the SNI of a real ClientHello whatever the inspection depth', async () => {
  const hello = await captureClientHello('www.tiktok.com');
  assert.equal(hello[0], 0x16);
  for (const inspects of ['stream', 'first-record', 'first-segment'] as const) {
    assert.deepEqual(inspectSni(inspects, hello, hello), seen('www.tiktok.com'), inspects);
  }
});

test('a ClientHello without server_name shows no SNI', async () => {
  const hello = await captureClientHello();
  assert.deepEqual(sniFromStream(hello), NOT_SEEN);
  assert.deepEqual(sniFromSegment(hello), NOT_SEEN);
});

test('split over two TCP chunks: a stream box waits and sees it, a one-segment box does not', async () => {
  const hello = await captureClientHello('meydan.tv');
  const first = hello.subarray(0, 20);
  assert.deepEqual(sniFromStream(first), NEED_MORE);
  assert.deepEqual(sniFromFirstRecord(first), NEED_MORE);
  assert.deepEqual(sniFromStream(hello), seen('meydan.tv'));
  assert.deepEqual(sniFromFirstRecord(hello), seen('meydan.tv'));
  assert.deepEqual(inspectSni('first-segment', hello, first), NOT_SEEN);
  // A cut just inside the host name still hides it from a one-segment box.
  const cut = hello.indexOf('meydan.tv') + 4;
  assert.deepEqual(sniFromSegment(hello.subarray(0, cut)), NOT_SEEN);
});

test('split across two TLS records: only a reassembling box sees the SNI', async () => {
  const hello = await captureClientHello('abzas.org');
  const twoRecords = splitIntoTwoRecords(hello, 40);
  assert.equal(twoRecords.length, hello.length + 5);
  assert.deepEqual(sniFromStream(twoRecords), seen('abzas.org'));
  assert.deepEqual(sniFromStream(twoRecords.subarray(0, 50)), NEED_MORE);
  assert.deepEqual(sniFromFirstRecord(twoRecords), NOT_SEEN);
  assert.deepEqual(sniFromSegment(twoRecords), NOT_SEEN);
});

test('bytes that are not TLS are never mistaken for a ClientHello', () => {
  assert.deepEqual(sniFromStream(Buffer.from('GET / HTTP/1.1\r\n')), NOT_SEEN);
  assert.deepEqual(sniFromStream(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x04, 0x02, 0, 0, 0])), NOT_SEEN);
  assert.deepEqual(sniFromSegment(Buffer.from([0x16, 0x03])), NOT_SEEN);
});

test('reads the Host of an HTTP request head, port removed', () => {
  const head = Buffer.from('GET / HTTP/1.1\r\nhost: Meydan.TV:80\r\nuser-agent: x\r\n\r\n');
  assert.deepEqual(httpHostFromStream(head), seen('Meydan.TV'));
  assert.deepEqual(httpHostFromStream(head.subarray(0, 30)), NEED_MORE);
  assert.deepEqual(httpHostFromStream(Buffer.from('GET / HTTP/1.1\r\nAccept: */*\r\n\r\n')), NOT_SEEN);
});

test('a one-segment box misses a Host line cut by the segment end; a stream box does not', () => {
  const head = Buffer.from('GET / HTTP/1.1\r\nHost: meydan.tv\r\nAccept: */*\r\n\r\n');
  const cut = head.indexOf('meydan') + 3;
  assert.deepEqual(httpHostFromSegment(head.subarray(0, cut)), NOT_SEEN);
  assert.deepEqual(httpHostFromSegment(head.subarray(0, head.indexOf('Accept'))), seen('meydan.tv'));
  assert.deepEqual(inspectHttpHost('first-segment', head, head.subarray(0, cut)), NOT_SEEN);
  assert.deepEqual(inspectHttpHost('stream', head, head.subarray(0, cut)), seen('meydan.tv'));
});
