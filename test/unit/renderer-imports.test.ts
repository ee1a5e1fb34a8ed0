// The renderer bundle carries no zod (about 25 KB of its gzipped JS, bench/renderer-size.ts): main
// validates everything that crosses the bridge (main/app/ipc.ts, main/bridge/service.ts), and the
// renderer imports only the contract's types. This walks the import statements from every file
// under renderer/ through the shared code they reach (main/contract, main/guidance, main/analysis)
// and fails when any module on the way imports a value from zod. `import type` and
// `import { type X }` are erased by the build and do not count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..', '..');
const FORBIDDEN = /^zod(\/|$)/;

/** The specifiers a module imports values from (what the bundle keeps), with side-effect imports and dynamic import(). */
export function runtimeSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const valueImported =
        !clause ||
        (!clause.isTypeOnly &&
          (clause.name !== undefined || bindings === undefined || ts.isNamespaceImport(bindings) || bindings.elements.some((e) => !e.isTypeOnly)));
      if (valueImported) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const valueExported = !node.isTypeOnly && (clause === undefined || !ts.isNamedExports(clause) || clause.elements.some((e) => !e.isTypeOnly));
      if (valueExported) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) found.push(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

interface Walk {
  /** Every module reached, relative to the repository, with the module that first imported it. */
  reached: Map<string, string>;
  /** Package imports: specifier -> the modules importing it. */
  packages: Map<string, string[]>;
}

function walk(roots: readonly string[]): Walk {
  const reached = new Map<string, string>(roots.map((r) => [r, '(root)']));
  const packages = new Map<string, string[]>();
  const queue = [...roots];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const path = join(ROOT, file);
    for (const specifier of runtimeSpecifiers(path, readFileSync(path, 'utf8'))) {
      if (!specifier.startsWith('.')) {
        packages.set(specifier, [...(packages.get(specifier) ?? []), file]);
        continue;
      }
      if (!/\.tsx?$/.test(specifier)) continue; // styles, locale JSON
      const target = relative(ROOT, resolve(dirname(path), specifier)).replaceAll('\\', '/');
      assert.ok(existsSync(join(ROOT, target)), `${file} imports ${specifier}, which does not exist`);
      if (!reached.has(target)) {
        reached.set(target, file);
        queue.push(target);
      }
    }
  }
  return { reached, packages };
}

/** How `file` was reached from a root, for a readable failure. */
function chain(reached: Map<string, string>, file: string): string {
  const steps = [file];
  for (let from = reached.get(file); from && from !== '(root)'; from = reached.get(from)) steps.unshift(from);
  return steps.join(' -> ');
}

const rendererFiles = readdirSync(join(ROOT, 'renderer'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
  .map((e) => relative(ROOT, join(e.parentPath, e.name)).replaceAll('\\', '/'))
  .sort();

test('no module the renderer reaches imports a value from zod', () => {
  const { reached, packages } = walk(rendererFiles);
  assert.ok(reached.has('renderer/main.tsx') && reached.has('main/contract/endpoint-rules.ts'), 'the walk reads the renderer and the shared code it uses');
  assert.ok(packages.has('react') && packages.has('i18next'), 'the walk sees package imports');
  for (const [specifier, importers] of packages) {
    if (!FORBIDDEN.test(specifier)) continue;
    assert.fail(`the renderer bundle would carry ${specifier}: ${importers.map((f) => chain(reached, f)).join('; ')}`);
  }
});

test('the walk tells a type import from a value import', () => {
  assert.deepEqual(runtimeSpecifiers('a.ts', "import type { z } from 'zod';\nimport { type ZodType } from 'zod';\nexport type { Settings } from './b.ts';"), []);
  assert.deepEqual(runtimeSpecifiers('a.ts', "import { z } from 'zod';"), ['zod']);
  assert.deepEqual(runtimeSpecifiers('a.ts', "import { type ZodType, z } from 'zod';"), ['zod']);
  assert.deepEqual(runtimeSpecifiers('a.ts', "import * as z from 'zod/mini';\nimport './c.css';"), ['zod/mini', './c.css']);
  assert.deepEqual(runtimeSpecifiers('a.tsx', "export { SettingsSchema } from './bridge.ts';\nconst m = () => import('./lazy.ts');\nexport * from './d.ts';"), ['./bridge.ts', './lazy.ts', './d.ts']);
  // The contract itself does import zod: the walk would find it if the renderer imported a schema.
  const { packages } = walk(['main/contract/bridge.ts']);
  assert.ok([...packages.keys()].some((s) => FORBIDDEN.test(s)));
});
