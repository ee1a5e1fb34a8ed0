// Trainers collect the participants' run files and want one picture: each site against each network
// (ASN), where providers differ, and counts. Pure: the command reads the files, this judges them.
import type { Run } from '../contract/run.ts';
import { STATUSES, type Method, type Status } from '../contract/verdict.ts';
import { parseRun, RunFileError } from './run-json.ts';
import { reanalyse } from './reanalyse.ts';
import { targetLabel } from './format.ts';
import { makeRedactor, redactDeep, type LocalIdentity } from './redact.ts';
import { serializeRun, sha256Hex } from './run-hash.ts';

export const MERGE_SCHEMA = 'yoxla.merge/1';

export interface MergeFile {
  /** How the file is named in messages (the command passes its base name: no folders). */
  name: string;
  text: string;
}

export type StatusCounts = Record<Status, number>;

export interface MergedRunInfo {
  run: number;
  sha256: string;
  startedAt: string;
  finishedAt: string;
  asn: string;
  cc: string;
  name?: string;
  vpn: Run['network']['vpn'];
  mode?: string;
  scenario?: string;
  targets: number;
  blocked: number;
  /** What made the run (app, engine, lists), as its file recorded it. */
  software?: NonNullable<Run['software']>;
}

export interface MergedNetwork {
  asn: string;
  cc: string;
  name?: string;
  runs: number;
  counts: StatusCounts;
}

export interface MergedCell {
  /** The status every run on this network agrees on, or `mixed` when they do not. */
  verdict: Status | 'mixed';
  statuses: StatusCounts;
  /** Methods seen among its blocked results. */
  methods: Method[];
}

export interface MergedTarget {
  input: string;
  host: string;
  label: string;
  /** Networks with a clear answer disagree: blocked on one and working on another, or blocked differently. */
  differ: boolean;
  /** Keyed by ASN; networks that did not check the target are absent. */
  cells: Record<string, MergedCell>;
}

export interface MergeModel {
  schema: typeof MERGE_SCHEMA;
  runs: MergedRunInfo[];
  networks: MergedNetwork[];
  targets: MergedTarget[];
  duplicates: number;
  skipped: number;
}

export interface MergeOutcome {
  model: MergeModel;
  errors: { name: string; reason: string }[];
  duplicates: { name: string; other: string }[];
}

const zero = (): StatusCounts => Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;

function cellSignature(cell: MergedCell): string | null {
  if (cell.verdict === 'accessible') return 'accessible';
  if (cell.verdict === 'blocked') return `blocked:${[...cell.methods].sort().join('+')}`;
  return null;
}

/** The target's cell for a network, own keys only (never something inherited such as Object's constructor). */
export function cellOf(target: Pick<MergedTarget, 'cells'>, asn: string): MergedCell | undefined {
  return Object.hasOwn(target.cells, asn) ? target.cells[asn] : undefined;
}

export function mergeRuns(files: readonly MergeFile[], options: { identity?: LocalIdentity } = {}): MergeOutcome {
  const errors: MergeOutcome['errors'] = [];
  const duplicates: MergeOutcome['duplicates'] = [];
  const seen = new Map<string, string>();
  const runs: { run: Run; sha256: string }[] = [];
  for (const file of files) {
    let parsed: Run;
    try {
      parsed = parseRun(file.text, file.name);
    } catch (err) {
      if (!(err instanceof RunFileError)) throw err;
      errors.push({ name: file.name, reason: err.message.startsWith(`${file.name}: `) ? err.message.slice(file.name.length + 2) : err.message });
      continue;
    }
    // The same run sent twice (or re-saved with other spacing) is one run: hash its content.
    const sha256 = sha256Hex(serializeRun(parsed));
    const other = seen.get(sha256);
    if (other !== undefined) {
      duplicates.push({ name: file.name, other });
      continue;
    }
    seen.set(sha256, file.name);
    runs.push({ run: reanalyse(parsed), sha256 });
  }

  const networks = new Map<string, MergedNetwork>();
  const targets = new Map<string, MergedTarget>();
  const runInfo: MergedRunInfo[] = runs.map(({ run, sha256 }, i) => {
    const n = run.network;
    const net = networks.get(n.asn) ?? { asn: n.asn, cc: n.cc, ...(n.name ? { name: n.name } : {}), runs: 0, counts: zero() };
    net.runs += 1;
    networks.set(n.asn, net);
    for (const r of run.results) {
      net.counts[r.status] += 1;
      // Keyed by what a file says: a null-prototype object, so "constructor" or "__proto__" is a key like any other.
      const target = targets.get(r.input) ?? { input: r.input, host: r.host, label: targetLabel(r), differ: false, cells: Object.create(null) as Record<string, MergedCell> };
      const cell = cellOf(target, n.asn) ?? { verdict: r.status, statuses: zero(), methods: [] };
      cell.statuses[r.status] += 1;
      if (r.status === 'blocked' && r.method && !cell.methods.includes(r.method)) cell.methods.push(r.method);
      const present = STATUSES.filter((s) => cell.statuses[s] > 0);
      cell.verdict = present.length === 1 ? (present[0] as Status) : 'mixed';
      target.cells[n.asn] = cell;
      targets.set(r.input, target);
    }
    return {
      run: i + 1,
      sha256,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      asn: n.asn,
      cc: n.cc,
      ...(n.name ? { name: n.name } : {}),
      ...(run.software ? { software: run.software } : {}),
      vpn: n.vpn,
      ...(run.mode ? { mode: run.mode } : {}),
      ...(run.scenario ? { scenario: run.scenario } : {}),
      targets: run.results.length,
      blocked: run.results.filter((r) => r.status === 'blocked').length,
    };
  });
  for (const target of targets.values()) {
    const signatures = new Set(Object.values(target.cells).map(cellSignature).filter((s): s is string => s !== null));
    target.differ = signatures.size > 1;
  }
  const model: MergeModel = {
    schema: MERGE_SCHEMA,
    runs: runInfo,
    networks: [...networks.values()],
    targets: [...targets.values()],
    duplicates: duplicates.length,
    skipped: errors.length,
  };
  // No IP ever reaches a merge (the runs' network.ip is not copied); this machine's names neither.
  return { model: redactDeep(model, makeRedactor({ identity: options.identity })), errors, duplicates };
}
