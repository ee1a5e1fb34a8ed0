// Prints the section of CHANGELOG.md (Keep a Changelog) for one version, as the release notes.
// Usage: node scripts/changelog-notes.mjs v1.2.3 | 1.2.3 | Unreleased [path/to/CHANGELOG.md]
// Exits 1, saying why, when the changelog has no such section or the section is empty: a release
// without notes is a mistake to stop at, not to publish.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The body of `## [version]` (without the heading), trimmed; null when absent. */
export function changelogSection(text, version) {
  const wanted = version.replace(/^v(?=\d)/, '').toLowerCase();
  const lines = text.split(/\r?\n/);
  const heading = /^## \[([^\]]+)\]/;
  const start = lines.findIndex((line) => heading.exec(line)?.[1].toLowerCase() === wanted);
  if (start === -1) return null;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => heading.test(line) || /^\[[^\]]+\]:\s/.test(line));
  return (end === -1 ? rest : rest.slice(0, end)).join('\n').trim();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [version, file = 'CHANGELOG.md'] = process.argv.slice(2);
  if (!version) {
    console.error('usage: node scripts/changelog-notes.mjs <version> [CHANGELOG.md]');
    process.exit(2);
  }
  const section = changelogSection(readFileSync(file, 'utf8'), version);
  if (section === null) {
    console.error(`${file} has no "## [${version.replace(/^v(?=\d)/, '')}]" section: move the Unreleased notes under that heading before tagging`);
    process.exit(1);
  }
  if (section === '') {
    console.error(`${file}: the section for ${version} is empty`);
    process.exit(1);
  }
  process.stdout.write(`${section}\n`);
}
