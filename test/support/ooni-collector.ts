// A lab OONI collector on 127.0.0.1 speaking bk-003 (open, submit, close) that checks everything it
// receives: the open-report fields against the collector's own patterns, each measurement against
// the JSON schema written from OONI's spec, the report id, probe_ip, and that no forbidden string
// (the public IP, the machine's names) is anywhere in the bytes. Problems are collected, not thrown.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';

const SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ooni', 'web_connectivity.schema.json'), 'utf8')) as object;

export function ooniValidator() {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  return ajv.compile(SCHEMA);
}

export interface CollectorOptions {
  /** Answer 503 to this many requests first (to exercise retries). */
  failFirst?: number;
  /** Strings that must not appear in any request body. */
  forbidden?: string[];
}

export interface LabCollector {
  url: string;
  reports: Map<string, { open: Record<string, unknown>; measurements: Record<string, unknown>[]; closed: boolean }>;
  problems: string[];
  requests: number;
  close(): Promise<void>;
}

const OPEN_PATTERNS: Record<string, RegExp> = {
  probe_asn: /^AS[0-9]{1,10}$/,
  probe_cc: /^[A-Z]{2}$/,
  software_name: /^[0-9A-Za-z_.+-]+$/,
  software_version: /^[0-9A-Za-z_.+-]+$/,
  test_name: /^[a-zA-Z0-9_\- ]+$/,
  test_version: /^[0-9A-Za-z_.+-]+$/,
  data_format_version: /^0\.2\.0$/,
  format: /^json$/,
};

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

export async function startCollector(options: CollectorOptions = {}): Promise<LabCollector> {
  const validate = ooniValidator();
  const state: Omit<LabCollector, 'url' | 'close'> = { reports: new Map(), problems: [], requests: 0 };
  let failures = options.failFirst ?? 0;
  const server: Server = createServer(async (req, res) => {
    state.requests += 1;
    const text = await body(req);
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (failures > 0) {
      failures -= 1;
      return reply(503, { error: 'try again' });
    }
    for (const secret of options.forbidden ?? []) if (text.includes(secret)) state.problems.push(`${req.url}: body contains ${secret}`);
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      state.problems.push(`${req.url}: not JSON`);
      return reply(400, { error: 'not json' });
    }
    const path = req.url ?? '';
    if (req.method === 'POST' && path === '/report') {
      for (const [key, pattern] of Object.entries(OPEN_PATTERNS)) {
        if (typeof json[key] !== 'string' || !pattern.test(json[key] as string)) {
          state.problems.push(`open: ${key} = ${JSON.stringify(json[key])}`);
          return reply(400, { error: `bad ${key}` });
        }
      }
      if (json.probe_asn === 'AS0' || json.probe_cc === 'ZZ') state.problems.push('open: unknown network');
      const id = `20261123T000000Z_${String(json.test_name)}_${String(json.probe_cc)}_${String(json.probe_asn).slice(2)}_n1_${randomBytes(12).toString('hex')}`;
      state.reports.set(id, { open: json, measurements: [], closed: false });
      return reply(200, { backend_version: 'lab', report_id: id, supported_formats: ['yaml', 'json'] });
    }
    const submit = /^\/report\/([^/]+)$/.exec(path);
    if (req.method === 'POST' && submit) {
      const id = decodeURIComponent(submit[1] as string);
      const report = state.reports.get(id);
      if (!report) return reply(404, { error: 'no such report' });
      const content = json.content as Record<string, unknown> | undefined;
      if (json.format !== 'json' || !content) {
        state.problems.push(`${id}: format/content missing`);
        return reply(400, { error: 'bad submission' });
      }
      if (!validate(content)) state.problems.push(`${id}: schema: ${JSON.stringify(validate.errors).slice(0, 400)}`);
      if (content.report_id !== id) state.problems.push(`${id}: report_id is ${String(content.report_id)}`);
      if (content.probe_ip !== '127.0.0.1') state.problems.push(`${id}: probe_ip is ${String(content.probe_ip)}`);
      if (content.test_name !== report.open.test_name) state.problems.push(`${id}: test_name differs from the report's`);
      report.measurements.push(content);
      return reply(200, { measurement_uid: `20261123000000.${String(report.measurements.length).padStart(6, '0')}_${String(content.test_name)}_${randomBytes(8).toString('hex')}` });
    }
    const close = /^\/report\/([^/]+)\/close$/.exec(path);
    if (req.method === 'POST' && close) {
      const report = state.reports.get(decodeURIComponent(close[1] as string));
      if (!report) return reply(404, { error: 'no such report' });
      report.closed = true;
      return reply(200, {});
    }
    state.problems.push(`unexpected ${req.method} ${path}`);
    return reply(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
