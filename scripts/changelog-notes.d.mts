/** The body of `## [version]` of a Keep a Changelog file (without the heading), trimmed; null when absent. */
export function changelogSection(text: string, version: string): string | null;
