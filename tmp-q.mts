import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
const mod = await import('./test/unit/privacy-property.test.ts?x').catch(() => null);
