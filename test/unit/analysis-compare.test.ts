import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  blockpageReason,
  bodyLengthMatch,
  headersMatch,
  pageDiffers,
  statusCodeMatch,
  titleMatch,
  type ControlResponse,
  type ProbeResponse,
} from '../../main/analysis/compare.ts';

const ctl = (o: Partial<ControlResponse> = {}): ControlResponse => ({
  body_length: 1000,
  failure: null,
  title: 'Example Domain',
  headers: { 'Content-Type': 'text/html', 'X-Cache': 'HIT' },
  status_code: 200,
  ...o,
});
const probe = (o: Partial<ProbeResponse> = {}): ProbeResponse => ({
  status: 200,
  headers: { 'content-type': 'text/html', 'x-cache': 'MISS' },
  bodyLength: 1000,
  bodyTruncated: false,
  title: 'Example Domain',
  ...o,
});

test('body_length_match: min/max proportion above 0.7, null when not comparable', () => {
  assert.deepEqual(bodyLengthMatch(probe({ bodyLength: 800 }), ctl()), { match: true, proportion: 0.8 });
  assert.deepEqual(bodyLengthMatch(probe({ bodyLength: 1000 }), ctl({ body_length: 1430 })).match, false);
  assert.equal(bodyLengthMatch(probe({ bodyLength: 700 }), ctl()).match, false, 'exactly 0.7 is not a match (OONI uses >)');
  assert.equal(bodyLengthMatch(probe({ bodyLength: 5000 }), ctl()).proportion, 0.2, 'symmetric');
  assert.equal(bodyLengthMatch(probe({ bodyTruncated: true }), ctl()).match, null);
  assert.equal(bodyLengthMatch(probe(), ctl({ body_length: -1 })).match, null);
  assert.equal(bodyLengthMatch(probe({ bodyLength: 0 }), ctl()).match, null);
});

test('status_code_match: equal codes; unequal only compared when the control got 2xx', () => {
  assert.equal(statusCodeMatch(probe(), ctl()), true);
  assert.equal(statusCodeMatch(probe({ status: 403 }), ctl()), false);
  assert.equal(statusCodeMatch(probe({ status: 200 }), ctl({ status_code: 503 })), null);
  assert.equal(statusCodeMatch(probe({ status: 404 }), ctl({ status_code: 404 })), true);
  assert.equal(statusCodeMatch(probe({ status: null }), ctl()), null);
  assert.equal(statusCodeMatch(probe(), ctl({ status_code: -1 })), null);
});

test('headers_match: same names, or one shared uncommon header; case-insensitive', () => {
  assert.equal(headersMatch(probe(), ctl()), true, 'same set of names');
  assert.equal(headersMatch(probe({ headers: { server: 'nginx', 'x-cache': 'HIT' } }), ctl()), true, 'x-cache is shared and uncommon');
  assert.equal(headersMatch(probe({ headers: { server: 'isp', 'content-type': 'text/html' } }), ctl()), false, 'only common headers shared');
  assert.equal(headersMatch(probe({ headers: {} }), ctl()), null);
});

test('title_match: words of 5+ bytes, order and case ignored', () => {
  assert.equal(titleMatch(probe({ title: 'domain EXAMPLE' }), ctl()), true);
  assert.equal(titleMatch(probe({ title: 'Access denied' }), ctl()), false);
  assert.equal(titleMatch(probe({ title: 'An Example Domain' }), ctl()), true, 'short words do not count');
  assert.equal(titleMatch(probe({ title: null }), ctl()), null);
  assert.equal(titleMatch(probe(), ctl({ title: '' })), null);
  assert.equal(titleMatch(probe({ bodyTruncated: true }), ctl()), null);
  // "Xəbər" is 5 letters but 6 bytes: Go's len counts bytes, and so do we.
  assert.equal(titleMatch(probe({ title: 'Xəbər' }), ctl({ title: 'Xeber' })), false);
});

test("pageDiffers follows OONI's http-diff decision", () => {
  assert.equal(pageDiffers(probe(), ctl()), false);
  assert.equal(pageDiffers(probe({ status: 403 }), ctl()), true);
  assert.equal(pageDiffers(probe({ bodyLength: 100, title: 'Blocked', headers: { server: 'x' } }), ctl()), true);
});

test('blockpageReason: error status, foreign redirect, or title and body both different', () => {
  assert.equal(blockpageReason({ ...probe(), redirectTo: null }, ctl(), 'example.com'), null);
  assert.equal(blockpageReason({ ...probe({ status: 403 }), redirectTo: null }, ctl(), 'example.com'), 'status-error');
  assert.equal(
    blockpageReason({ ...probe({ status: 302 }), redirectTo: 'http://block.isp.example/' }, ctl(), 'example.com'),
    'redirect-elsewhere',
  );
  assert.equal(
    blockpageReason({ ...probe({ status: 301, bodyLength: 1000 }), redirectTo: 'https://www.example.com/' }, ctl(), 'example.com'),
    null,
    'www. is the same site',
  );
  assert.equal(
    blockpageReason({ ...probe({ title: 'Blocked', bodyLength: 100 }), redirectTo: null }, ctl(), 'example.com'),
    'title-and-body-differ',
  );
  assert.equal(
    blockpageReason({ ...probe({ title: null, bodyLength: 100 }), redirectTo: null }, ctl(), 'example.com'),
    'title-and-body-differ',
    'no title at all against a titled control differs',
  );
  assert.equal(blockpageReason({ ...probe({ title: 'Blocked' }), redirectTo: null }, ctl(), 'example.com'), null, 'same size');
  assert.equal(
    blockpageReason({ ...probe({ status: 403 }), redirectTo: null }, ctl({ status_code: 403 }), 'example.com'),
    null,
    'a control without the real page cannot reveal a block page',
  );
});
