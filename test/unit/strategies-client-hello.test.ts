// The split strategies' byte surgery on a real ClientHello from Node's TLS: where the server name
// is, where to cut it, and how one record becomes two that carry the same handshake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import fc from 'fast-check';
import {
  cutInsideName,
  cutOffset,
  firstRecordLength,
  RECORD_HEADER,
  serverNameRange,
  splitRecord,
} from '../../main/strategies/client-hello.ts';

/** The first bytes Node's TLS writes for `servername`: its ClientHello record. */
function clientHello(servername: string | undefined): Promise<Buffer> {
  return new Promise((resolve) => {
    const sink = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        resolve(chunk);
        callback();
        // Written during tls.connect() itself: `secure` exists only after it returns.
        setImmediate(() => secure.destroy());
      },
    });
    const secure = tls.connect({ socket: sink, ...(servername ? { servername } : {}) });
    secure.on('error', () => undefined);
  });
}

test('the server name is found where Node put it, and the cut falls inside it', async () => {
  const record = await clientHello('www.tiktok.com');
  assert.equal(firstRecordLength(record), record.length, 'one whole record');
  const range = serverNameRange(record);
  assert.ok(range);
  assert.equal(record.subarray(range.start, range.end).toString('latin1'), 'www.tiktok.com');
  const cut = cutOffset(record);
  assert.equal(cut, range.start + 'www.tik'.length);
});

test('a ClientHello without a server name has nothing to cut', async () => {
  const record = await clientHello(undefined);
  assert.equal(serverNameRange(record), null);
  assert.equal(cutOffset(record), null);
});

test('firstRecordLength waits for a whole record and refuses what is not a handshake record', () => {
  assert.equal(firstRecordLength(Buffer.alloc(0)), 'wait');
  assert.equal(firstRecordLength(Buffer.from([0x16, 0x03, 0x01])), 'wait');
  assert.equal(firstRecordLength(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x04, 1, 2])), 'wait');
  assert.equal(firstRecordLength(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x02, 1, 2, 9])), 7);
  assert.equal(firstRecordLength(Buffer.from('GET / HTTP/1.1\r\n')), 'not-tls');
});

test('the cut is in the middle of the registrable label', () => {
  assert.equal(cutInsideName('www.tiktok.com'), 'www.tik'.length);
  assert.equal(cutInsideName('blocked.example'), 'blo'.length);
  assert.equal(cutInsideName('sf16-scmcdn-va.ibytedtos.com'), 'sf16-scmcdn-va.ibyt'.length);
  assert.equal(cutInsideName('localhost'), 'loca'.length);
  assert.equal(cutInsideName('x.az'), 1);
});

test('for any host name, each piece holds less than the name and less than its registrable domain', () => {
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
  fc.assert(
    fc.property(fc.array(label, { minLength: 1, maxLength: 5 }), (labels) => {
      const name = labels.join('.');
      fc.pre(name.length >= 2);
      const cut = cutInsideName(name);
      assert.ok(cut > 0 && cut < name.length, `${name}: cut ${cut}`);
      const domain = labels.length >= 2 ? labels.slice(-2).join('.') : name;
      // A name that holds its domain twice ("a.b.a.b") cannot be cut so that no piece holds it.
      fc.pre(name.indexOf(domain) === name.lastIndexOf(domain));
      for (const piece of [name.slice(0, cut), name.slice(cut)]) assert.ok(!piece.includes(domain), `${name}: ${piece} holds ${domain}`);
    }),
  );
});

test('splitRecord makes two records of the same type and version that carry the same handshake', async () => {
  const record = await clientHello('www.tiktok.com');
  const cut = cutOffset(record) as number;
  const [first, second] = splitRecord(record, cut);
  for (const part of [first, second]) {
    assert.deepEqual(part.subarray(0, 3), record.subarray(0, 3), 'content type and version unchanged');
    assert.equal(part.readUInt16BE(3), part.length - RECORD_HEADER, 'length field matches');
    assert.ok(!part.includes('tiktok.com'), 'no record carries the domain');
  }
  assert.deepEqual(Buffer.concat([first.subarray(RECORD_HEADER), second.subarray(RECORD_HEADER)]), record.subarray(RECORD_HEADER));
  assert.equal(first.length, cut);
  assert.throws(() => splitRecord(record, RECORD_HEADER), RangeError);
  assert.throws(() => splitRecord(record, record.length), RangeError);
});
