// Inputs: URLs, bare hosts and OONI's tcpconnect://HOST:PORT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, normaliseInput, parseTcpConnect } from '../../main/targets/input.ts';

test('a bare host becomes https://host/ and URLs keep scheme, port and path', () => {
  assert.deepEqual(normaliseInput(' Meydan.TV. '), { input: 'https://meydan.tv/', host: 'meydan.tv' });
  assert.deepEqual(normaliseInput('http://149.154.175.50:443/'), { input: 'http://149.154.175.50:443/', host: '149.154.175.50' });
  assert.deepEqual(normaliseInput('https://v.whatsapp.net/v2/register'), { input: 'https://v.whatsapp.net/v2/register', host: 'v.whatsapp.net' });
});

test('tcpconnect://HOST:PORT is accepted as OONI writes it, host lower-cased', () => {
  assert.deepEqual(normaliseInput('tcpconnect://e1.whatsapp.net:5222'), { input: 'tcpconnect://e1.whatsapp.net:5222', host: 'e1.whatsapp.net' });
  assert.deepEqual(normaliseInput('TCPCONNECT://B-API.Facebook.com:443'), { input: 'tcpconnect://b-api.facebook.com:443', host: 'b-api.facebook.com' });
  assert.deepEqual(normaliseInput('tcpconnect://e2.whatsapp.net:443/'), { input: 'tcpconnect://e2.whatsapp.net:443', host: 'e2.whatsapp.net' });
  assert.deepEqual(normaliseInput('tcpconnect://149.154.175.50:443'), { input: 'tcpconnect://149.154.175.50:443', host: '149.154.175.50' });
});

test('tcpconnect without a port, with a path, a bad port or a bad host is refused with the reason', () => {
  const refused = (text: string, reason: RegExp) => assert.throws(() => normaliseInput(text), (e: unknown) => e instanceof InputError && reason.test(e.message), text);
  refused('tcpconnect://e1.whatsapp.net', /needs a port/);
  refused('tcpconnect://e1.whatsapp.net:443/chat', /only tcpconnect:\/\/HOST:PORT/);
  refused('tcpconnect://e1.whatsapp.net:443?x=1', /only tcpconnect:\/\/HOST:PORT/);
  refused('tcpconnect://user@e1.whatsapp.net:443', /only tcpconnect:\/\/HOST:PORT/);
  refused('tcpconnect://e1.whatsapp.net:0', /not a usable port/);
  refused('tcpconnect://e1.whatsapp.net:70000', /not a valid URL/);
  refused('tcpconnect://under_score.example:443', /not a host name/);
  refused('ftp://files.example.az/', /only http, https and tcpconnect inputs/);
});

test('parseTcpConnect: host and port of a tcpconnect input, null for anything else', () => {
  assert.deepEqual(parseTcpConnect('tcpconnect://e1.whatsapp.net:5222'), { host: 'e1.whatsapp.net', port: 5222 });
  assert.deepEqual(parseTcpConnect('tcpconnect://E3.WhatsApp.net:443'), { host: 'e3.whatsapp.net', port: 443 });
  assert.equal(parseTcpConnect('https://e1.whatsapp.net/'), null);
  assert.equal(parseTcpConnect('tcpconnect://e1.whatsapp.net'), null);
  assert.equal(parseTcpConnect('not a url'), null);
});
