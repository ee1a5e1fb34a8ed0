// Every locale key is used, every key the code uses exists, and the Azerbaijani text is not the
// English copied over. The code is read as text (main/ and renderer/), so a key counts as used
// when it appears as a string literal, under a prefix the code builds keys from, or inside
// another text as $t(...).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadLocale } from '../../main/i18n.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Prefixes under which the code builds keys at run time (`verdict.method.${m}` style), each with
 * where its last part comes from. A template literal in the code whose prefix is not listed here
 * fails the test, so every dynamic key family is named once, here.
 */
const DYNAMIC_PREFIXES: Readonly<Record<string, string>> = {
  // A result's explanationKey (main/analysis/keys.ts), followed by .title/.what/.means/.advice.
  'verdict.': 'explanationKey of a result',
  'verdict.blocked.': 'method of a blocked result',
  'verdict.inconclusive.': 'reason a result is unclear',
  'method.': 'method word (METHODS)',
  'apps.names.': 'app of a target set entry',
  'apps.summary.': 'app verdict (main/analysis/app-summary.ts)',
  'messengers.': 'messenger verdicts (main/analysis/messengers.ts)',
  'cli.status.': 'status word',
  'cli.connectivity.': 'connectivity word',
  'report.status.': 'status word',
  'report.notes.': 'evidence note (main/analysis/keys.ts NOTES)',
  'report.vpn.': 'VPN state',
  'report.method.': 'methodology paragraph',
  'report.evidence.stepName.': 'observation step',
  'report.evidence.throughputRole.': 'throughput role',
  'report.evidence.sni.': 'SNI test result',
  'report.evidence.dns.': 'DNS answer source',
  'report.csv.': 'CSV column',
  'report.cli.what.': 'export format',
  'report.banner.connectivity.': 'connectivity word',
  'report.apps.verdict.': 'app verdict',
  'report.vpnImpact.verdict.': 'VPN verdict',
  'report.vpnImpact.col.': 'VPN table column',
  'report.merge.runs.col.': 'merged-runs table column',
  'vpn.state.': 'VPN state',
  'vpn.evidence.': 'VPN detection evidence code',
  'vpn.phase.': 'VPN wizard step',
  'vpn.verdict.': 'VPN verdict',
  'vpn.signature.': 'why a path fails (VpnSignatureSchema)',
  'vpn.undecided.': 'why a service was not compared',
  'vpn.split.clients.': 'VPN client guide',
  'strategy.name.': 'strategy name (STRATEGY_NAMES)',
  'strategy.outcome.': 'strategy outcome',
  'strategy.evidence.': 'strategy evidence code',
  'strategy.about.': 'strategy name',
  'strategy.report.col.': 'strategies table column',
  'errors.': 'bridge error code (BridgeErrorSchema)',
  'app.glance.line.': 'glance verdict (main/guidance/glance.ts)',
  'app.glance.since.': 'glance verdict (main/guidance/timeline.ts)',
  'app.glance.scenario.': 'bundled lab scenario name',
  'app.glance.scenarioGroup.': 'kind of lab scenario (TrainerScreen SCENARIO_GROUPS)',
  'app.impact.': 'app with an impact sentence (main/guidance/apps.ts)',
  'app.trainer.scenarios.': 'bundled lab scenario name',
  'guidance.effectiveness.': 'guidance effectiveness word',
  'guidance.safety.': 'guidance safety word',
  'appDialogs.save.formats.': 'export format',
};

/**
 * Keys whose Azerbaijani text may equal the English one: names of apps, services, VPN clients and
 * languages, and technical terms that are the same words in both.
 */
const SAME_IN_BOTH: readonly RegExp[] = [
  /^apps\.names\./,
  /^vpn\.split\.clients\.[^.]+\.name$/,
  /^app\.languageSwitch\.(az|en)$/,
  /^strategy\.name\.tor$/,
  /^vpn\.state\.line$/,
  /^app\.units\.(kilobytes|milliseconds)$/,
  /^appDialogs\.about\.(message|electron|list)$/,
  /^app\.settings\.build\.(version|electron|list)$/,
  /^report\.(facts\.vpn|merge\.runs\.col\.vpn|evidence\.control\.(dns|tcp|tls|http)|csv\.(asn|host))$/,
];

const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

const en = loadLocale('en');
const az = loadLocale('az');
const enLeaves = new Map(leaves(en));
const azLeaves = new Map(leaves(az));
const baseKeys = new Set([...enLeaves.keys()].map((k) => k.replace(PLURAL, '')));
const namespaces = new Set(Object.keys(en));
const KEY_SHAPE = /^[A-Za-z][\w-]*(\.[\w-]+)+$/;
const looksLikeKey = (s: string) => KEY_SHAPE.test(s) && namespaces.has(s.split('.')[0] ?? '');

interface Source {
  file: string;
  text: string;
}
const sources: Source[] = [...sourceFiles('main'), ...sourceFiles('renderer')].map((file) => ({ file: relative(ROOT, file), text: readFileSync(file, 'utf8') }));
/** The renderer and the guidance: code where every key-shaped string is a key. */
const ownsAllKeyStrings = (file: string) => file.startsWith('renderer/') || file.startsWith('main/guidance/');

/** Key-shaped strings in quotes ('a.b', "a.b", `a.b`): matched whole, so a stray apostrophe in a comment cannot shift the pairing. */
function staticLiterals(text: string): string[] {
  return [...text.matchAll(/(['"`])([A-Za-z][\w-]*(?:\.[\w-]+)+)\1/g)].map((m) => m[2] ?? '');
}

/** Prefixes of template literals that build keys: `report.status.${s}` -> report.status. */
function templatePrefixes(text: string): string[] {
  return [...text.matchAll(/`([A-Za-z][\w-]*(?:\.[\w-]+)*\.)\$\{/g)].map((m) => m[1] ?? '').filter((p) => namespaces.has(p.split('.')[0] ?? ''));
}

/** First arguments of t('...') and i18n.exists('...'). */
function calledKeys(text: string): string[] {
  return [...text.matchAll(/\b(?:t|exists)\(\s*(?:'([^']+)'|"([^"]+)")/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** $t(key) and $t(prefix.{{var}}...) inside locale texts. */
function nested(): { keys: string[]; prefixes: string[] } {
  const keys: string[] = [];
  const prefixes: string[] = [];
  for (const value of [...enLeaves.values(), ...azLeaves.values()]) {
    for (const m of value.matchAll(/\$t\(([^,)]+)/g)) {
      const ref = (m[1] ?? '').trim();
      const braces = ref.indexOf('{{');
      if (braces < 0) keys.push(ref);
      else prefixes.push(ref.slice(0, braces));
    }
  }
  return { keys, prefixes };
}

const literalsUsed = new Set(sources.flatMap((s) => staticLiterals(s.text)).filter(looksLikeKey));
const nestedRefs = nested();
const prefixesSeen = new Set([...sources.flatMap((s) => templatePrefixes(s.text)), ...nestedRefs.prefixes]);

test('every key built at run time has its prefix in the allow-list', () => {
  const unlisted = [...prefixesSeen].filter((p) => !Object.hasOwn(DYNAMIC_PREFIXES, p)).sort();
  assert.deepEqual(unlisted, [], 'add these prefixes to DYNAMIC_PREFIXES, with where their last part comes from');
});

test('the allow-lists name only what exists', () => {
  for (const prefix of Object.keys(DYNAMIC_PREFIXES)) assert.ok([...baseKeys].some((k) => k.startsWith(prefix)), `no key under ${prefix}`);
  for (const pattern of SAME_IN_BOTH) assert.ok([...baseKeys].some((k) => pattern.test(k)), `no key matches ${pattern}`);
});

test('no missing key: every key the code names exists in the locales', () => {
  const missing: string[] = [];
  const check = (key: string, where: string) => {
    if (!baseKeys.has(key)) missing.push(`${where}: ${key}`);
  };
  for (const { file, text } of sources) {
    for (const key of calledKeys(text)) check(key, file);
    if (ownsAllKeyStrings(file)) for (const key of staticLiterals(text).filter(looksLikeKey)) check(key, file);
  }
  for (const key of nestedRefs.keys) check(key, 'a $t() in the locales');
  assert.deepEqual(missing, []);
});

test('no unused key: every key in the locales is used in main/ or renderer/', () => {
  // A literal may name a subtree that the code completes (`verdict.accessible` + `.title`).
  const used = (key: string) =>
    literalsUsed.has(key) ||
    nestedRefs.keys.includes(key) ||
    [...literalsUsed].some((l) => key.startsWith(`${l}.`)) ||
    Object.keys(DYNAMIC_PREFIXES).some((p) => key.startsWith(p));
  const unused = [...baseKeys].filter((k) => !used(k)).sort();
  assert.deepEqual(unused, []);
});

test('Azerbaijani is not English copied over (except names and technical terms)', () => {
  const copied: string[] = [];
  for (const [key, english] of enLeaves) {
    if (azLeaves.get(key) !== english) continue;
    // Only placeholders, references to other texts ($t) and punctuation: nothing to translate.
    if (!/\p{L}/u.test(english.replace(/\$t\([^)]*\)/g, '').replace(/\{\{[^}]*\}\}/g, ''))) continue;
    if (SAME_IN_BOTH.some((p) => p.test(key))) continue;
    copied.push(`${key}: ${english}`);
  }
  assert.deepEqual(copied, []);
});

test('the checks are not vacuous: they see the code and the locales', () => {
  assert.ok(sources.some((s) => s.file === 'renderer/App.tsx'), 'renderer sources not read');
  assert.ok(literalsUsed.has('app.consent.accept'), 'renderer key literals not found');
  assert.ok(prefixesSeen.has('report.status.'), 'template prefixes not found');
  assert.ok(nestedRefs.prefixes.includes('apps.names.'), '$t() references not found');
  assert.ok(enLeaves.size > 500);
});
