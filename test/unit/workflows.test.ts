// The GitHub Actions workflows, checked offline: both validate against SchemaStore's workflow
// schema (vendored, test/fixtures/schemas); every `npm run X` they call exists in package.json and
// every test filter it passes matches a test file (the e2e test included); and the workflows do
// what README "Not verified here" says they do: .ci/run and the Electron end-to-end test under
// xvfb on Linux, unit/app/e2e on Windows and macOS, the VPN-state parsers on all three, Node
// pinned as the README says, npm cached, and a tag-only release with five kinds of installer,
// SHA256SUMS, provenance, a draft and no secret in any command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { changelogSection } from '../../scripts/changelog-notes.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  shell?: string;
}
interface Job {
  'runs-on': string;
  container?: { image: string; options?: string };
  strategy?: { matrix: Record<string, unknown> & { include?: Array<Record<string, string>> } };
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  needs?: string | string[];
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const load = async (name: string) => {
  const text = await readFile(join(ROOT, '.github', 'workflows', name), 'utf8');
  return { text, workflow: yaml.load(text) as Workflow };
};
const ci = await load('ci.yml');
const release = await load('release.yml');
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string; engines: { node: string }; scripts: Record<string, string> };
const readme = await readFile(join(ROOT, 'README.md'), 'utf8');

const schema = JSON.parse(await readFile(join(ROOT, 'test', 'fixtures', 'schemas', 'github-workflow.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(schema);

const steps = (w: Workflow) => Object.values(w.jobs).flatMap((job) => job.steps);
const runText = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');
const testFiles = readdirSync(join(ROOT, 'test'), { recursive: true })
  .map((f) => `test/${String(f).replaceAll('\\', '/')}`)
  .filter((f) => f.endsWith('.test.ts'));

test('both workflows validate against the GitHub workflow schema, and the schema is not a rubber stamp', () => {
  for (const { workflow } of [ci, release]) assert.ok(validate(workflow), JSON.stringify(validate.errors, null, 1));
  const broken = structuredClone(release.workflow);
  broken.jobs.release!.permissions = { ...broken.jobs.release!.permissions, 'id-tokens': 'write' };
  assert.equal(validate(broken), false, 'a misspelt permission');
  const noRunner = structuredClone(ci.workflow) as unknown as { jobs: Record<string, Record<string, unknown>> };
  delete noRunner.jobs.linux!['runs-on'];
  assert.equal(validate(noRunner), false, 'a job without runs-on');
  const badStep = structuredClone(ci.workflow);
  (badStep.jobs.linux!.steps[0] as Record<string, unknown>)['run-if'] = 'always';
  assert.equal(validate(badStep), false, 'an unknown step key');
  // The schema knows what attest-build-provenance needs (older copies, like action-validator 0.6.0's, do not).
  assert.ok(validate(release.workflow));
});

test('every `npm run X` the workflows call exists, and every test filter they pass names test files (the e2e test too)', () => {
  const called = new Set<string>();
  for (const step of [...steps(ci.workflow), ...steps(release.workflow)]) {
    for (const m of (step.run ?? '').matchAll(/\bnpm run ([\w:.-]+)/g)) called.add(m[1]!);
  }
  assert.ok(called.size >= 5, [...called].join(' '));
  for (const name of called) {
    const script = pkg.scripts[name];
    assert.ok(script, `package.json has no script "${name}"`);
    const filters = /^node scripts\/test\.mjs (.+)$/.exec(script)?.[1]?.split(/\s+/) ?? [];
    for (const filter of filters) assert.ok(testFiles.some((f) => f.includes(filter)), `"${name}": no test file matches ${filter}`);
  }
  assert.deepEqual(testFiles.filter((f) => f.includes(pkg.scripts['test:e2e']!.split(' ').at(-1)!)), ['test/e2e/app.test.ts']);
  // Scripts run by path exist (.ci/run executable).
  for (const step of [...steps(ci.workflow), ...steps(release.workflow)]) {
    for (const m of (step.run ?? '').matchAll(/(?:^|\s)(?:node (?:--import tsx )?)?((?:\.ci|scripts|node_modules)\/[\w./-]+)/g)) {
      assert.ok(existsSync(join(ROOT, m[1]!)), `${m[1]} does not exist`);
    }
  }
  // Windows has no execute bit to read (the desktop jobs run this test there too).
  if (process.platform !== 'win32') assert.ok((statSync(join(ROOT, '.ci', 'run')).mode & 0o111) !== 0, '.ci/run is executable');
});

test('Node is pinned to the README\'s major version and npm is cached, in every job', () => {
  const readmeMajor = /^Node (\d+) \(/m.exec(readme)?.[1];
  assert.ok(readmeMajor, 'README "Node version and dependencies" names a Node major version');
  assert.match(pkg.engines.node, new RegExp(`^>=${readmeMajor}\\.`));
  for (const { workflow } of [ci, release]) {
    assert.equal(workflow.env?.NODE_VERSION, `${readmeMajor}.x`);
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const setups = job.steps.filter((s) => s.uses?.startsWith('actions/setup-node@'));
      assert.equal(setups.length, 1, `${name}: one setup-node`);
      assert.deepEqual(setups[0]!.with, { 'node-version': '${{ env.NODE_VERSION }}', cache: 'npm' });
    }
  }
});

test('every action is pinned to a release', () => {
  for (const step of [...steps(ci.workflow), ...steps(release.workflow)]) {
    if (step.uses) assert.match(step.uses, /^[\w-]+\/[\w-]+@v\d+$/, step.uses);
  }
});

test('ci.yml: on push and pull request; Linux runs .ci/run and the e2e test under xvfb with the real binary', () => {
  assert.deepEqual(Object.keys(ci.workflow.on).sort(), ['pull_request', 'push']);
  const linux = ci.workflow.jobs.linux!;
  const text = runText(linux);
  assert.match(text, /^\.ci\/run$/m);
  assert.match(text, /node node_modules\/electron\/install\.js/);
  assert.match(text, /xvfb-run .*npm run test:e2e/);
  assert.ok(text.indexOf('.ci/run') < text.indexOf('test:e2e'));
  // .ci/run skips the download for its own install; nothing in this job does.
  assert.doesNotMatch(JSON.stringify({ env: linux.env ?? {}, steps: linux.steps, top: ci.workflow.env }), /ELECTRON_SKIP_BINARY_DOWNLOAD/);
  assert.match(linux.container?.options ?? '', /--privileged/, 'the kernel tests need namespaces and iptables');
});

test('ci.yml: Windows and macOS run npm ci, the unit and app tests and the e2e test on the real binary', () => {
  const desktop = ci.workflow.jobs.desktop!;
  assert.deepEqual(desktop.strategy?.matrix.os, ['windows-latest', 'macos-latest']);
  const text = runText(desktop);
  for (const command of ['npm ci', 'npm run test:unit', 'npm run test:app', 'npm run test:e2e']) assert.ok(text.includes(command), command);
  assert.doesNotMatch(JSON.stringify(desktop), /ELECTRON_SKIP_BINARY_DOWNLOAD/);
});

test('ci.yml: the VPN-state parsers run on each system\'s own runner, expecting no VPN', () => {
  const vpn = ci.workflow.jobs['vpn-state']!;
  assert.deepEqual(vpn.strategy?.matrix.os, ['ubuntu-24.04', 'windows-latest', 'macos-latest']);
  assert.equal(vpn.container, undefined, 'the runner\'s own tables, not a container\'s');
  assert.match(runText(vpn), /npm run vpn:selftest -- --expect-no-vpn/);
  assert.equal(vpn.steps.find((s) => s.run?.includes('vpn:selftest'))?.shell, 'bash');
});

test('release.yml: on version tags only; five kinds of installer, SHA256SUMS, provenance, a draft with the changelog\'s notes', () => {
  assert.deepEqual(Object.keys(release.workflow.on), ['push']);
  assert.deepEqual(Object.keys(release.workflow.on.push as object), ['tags']);
  const build = release.workflow.jobs.build!;
  const args = (build.strategy?.matrix.include ?? []).map((m) => m.builder).join(' ');
  for (const word of ['--win', 'nsis', 'portable', '--mac', 'dmg', '--x64', '--arm64', '--linux', 'AppImage', 'deb']) assert.ok(args.split(' ').includes(word), word);
  assert.match(runText(build), /npx electron-builder \$BUILDER_ARGS --publish never/);

  const job = release.workflow.jobs.release!;
  assert.equal(job.needs, 'build');
  assert.deepEqual(job.permissions, { contents: 'write', 'id-token': 'write', attestations: 'write' });
  assert.equal(release.workflow.permissions?.contents, 'read', 'write access only where the release is made');
  const text = runText(job);
  assert.match(text, /sha256sum -- \* > \.\.\/SHA256SUMS/);
  assert.match(text, /sha256sum -c SHA256SUMS/);
  const attest = job.steps.find((s) => s.uses?.startsWith('actions/attest-build-provenance@'));
  assert.equal(attest?.with?.['subject-path'], 'release/*');
  assert.ok(job.steps.indexOf(attest!) > job.steps.findIndex((s) => s.name === 'SHA256SUMS'), 'the sums are attested too');
  assert.match(text, /node scripts\/changelog-notes\.mjs "\$GITHUB_REF_NAME" > release-notes\.md/);
  assert.match(text, /gh release create "\$GITHUB_REF_NAME" release\/\* \\\n\s+--draft/);
});

test('release.yml: secrets reach electron-builder only as environment variables, are never echoed, and their absence is logged', () => {
  for (const step of steps(release.workflow)) assert.doesNotMatch(step.run ?? '', /\$\{\{\s*secrets\./, `${step.name}: a secret in a command line`);
  const signing = release.workflow.jobs.build!.steps.find((s) => s.name?.startsWith('Installers'))!;
  const secretVars = Object.entries(signing.env ?? {}).filter(([, v]) => String(v).includes('secrets.')).map(([k]) => k);
  assert.deepEqual(secretVars.sort(), ['APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_ID', 'APPLE_TEAM_ID', 'MAC_CSC_KEY_PASSWORD', 'MAC_CSC_LINK', 'WIN_CSC_KEY_PASSWORD', 'WIN_CSC_LINK']);
  for (const line of (signing.run ?? '').split('\n').filter((l) => /\b(echo|printf)\b/.test(l))) {
    for (const name of [...secretVars, 'CSC_LINK', 'CSC_KEY_PASSWORD']) assert.ok(!line.includes(`$${name}`) && !line.includes(`\${${name}}`), `prints ${name}: ${line.trim()}`);
  }
  for (const skipped of ['Windows signing skipped', 'macOS signing skipped', 'macOS notarisation skipped']) assert.ok(signing.run?.includes(skipped), skipped);
  assert.doesNotMatch(signing.run ?? '', /set -x/);
});

test('CHANGELOG.md is Keep a Changelog, and the release notes script finds a version\'s section or says it is missing', async () => {
  const changelog = await readFile(join(ROOT, 'CHANGELOG.md'), 'utf8');
  assert.match(changelog, /keepachangelog\.com/);
  const unreleased = changelogSection(changelog, 'Unreleased');
  assert.ok(unreleased && unreleased.includes('### Added'), 'an Unreleased section with Added notes');
  const sample = '# Changelog\n\n## [Unreleased]\n\n## [1.2.0] - 2027-01-02\n### Fixed\n- a\n\n## [1.1.0] - 2026-12-01\n### Added\n- b\n\n[1.2.0]: https://example.org/compare\n';
  assert.equal(changelogSection(sample, 'v1.2.0'), '### Fixed\n- a');
  assert.equal(changelogSection(sample, '1.1.0'), '### Added\n- b');
  assert.equal(changelogSection(sample, 'v1.3.0'), null);
  assert.equal(changelogSection(sample, 'Unreleased'), '');
});

const shellcheckMissing = spawnSync('shellcheck', ['--version']).status === 0 ? false : 'shellcheck is not installed (apt-get install shellcheck; .ci/run installs it)';

test('every run block is clean bash for shellcheck', { skip: shellcheckMissing }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'yoxla-shellcheck-'));
  try {
    const scripts: [string, string][] = [];
    for (const [name, { workflow }] of [['ci', ci], ['release', release]] as const) {
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        job.steps.forEach((step, i) => {
          if (!step.run || (step.shell && step.shell !== 'bash')) return;
          // Expressions are filled in by GitHub before the shell sees the script.
          scripts.push([join(dir, `${name}-${jobName}-${i}.sh`), `#!/usr/bin/env bash\n${step.run.replace(/\$\{\{[^}]*\}\}/g, 'X')}`]);
        });
      }
    }
    await Promise.all(scripts.map(([path, text]) => writeFile(path, text)));
    assert.ok(scripts.length >= 15, `${scripts.length} run blocks`);
    const result = spawnSync('shellcheck', ['--format=gcc', ...scripts.map(([path]) => path)], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    // It does find mistakes: an unquoted variable in a test.
    const bad = join(dir, 'bad.sh');
    await writeFile(bad, '#!/usr/bin/env bash\nif [ -n $WIN_CSC_LINK ]; then echo yes; fi\n');
    assert.notEqual(spawnSync('shellcheck', [bad]).status, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
