import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The version in package.json, recorded in every run and report. */
export const SOFTWARE_VERSION: string = (require('../package.json') as { version: string }).version;
