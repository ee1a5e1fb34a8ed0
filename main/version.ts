// What produced a piece of evidence, in one place: the app's version, the engine's version and the
// dates of the bundled target lists. Every run records it (run JSON `software`), every report
// shows it, and so do Help > About and the app's settings screen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './paths.ts';
import { CATALOG_NAMES, loadCatalog, type CatalogName } from './targets/catalog.ts';

/** The version in package.json (the app and the CLI), recorded in every run and report. */
export const SOFTWARE_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The measurement engine and the analysis (main/engine, main/checks, main/analysis): what is
 * measured, how, and how verdicts are reached. Raise it with any change to those, so a watchdog can
 * tell evidence made by different engines apart even within one app version. Semantic versioning:
 * major for a verdict that may change on the same observations, minor for new measurements.
 */
export const ENGINE_VERSION = '0.1.0';

/** Each bundled target list (main/targets/data) and the day it was last reviewed. */
export function targetListDates(): Record<CatalogName, string> {
  return Object.fromEntries(CATALOG_NAMES.map((name) => [name, loadCatalog(name).updated])) as Record<CatalogName, string>;
}

export interface SoftwareInfo {
  name: 'yoxla';
  version: string;
  engine: string;
  targetLists: Record<string, string>;
}

/** The `software` of a run made now. */
export function softwareInfo(): SoftwareInfo {
  return { name: 'yoxla', version: SOFTWARE_VERSION, engine: ENGINE_VERSION, targetLists: targetListDates() };
}
