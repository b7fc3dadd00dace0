/**
 * The page's lib entry point must not pull in tfjs: this walks the static import graph of
 * src/lib/page.ts (import and export-from declarations of every .ts file it reaches; type-only
 * ones and dynamic `import()` are left out, as bundlers leave them out) and checks that no
 * '@tensorflow/' module is reached. It also checks that page.ts misses nothing of index.ts that
 * could be there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const LIB = dirname(fileURLToPath(import.meta.url));

interface Declaration {
  specifier: string;
  /** Value names it exports (export declarations only). */
  names: string[];
  isExport: boolean;
}

/** The import and export-from declarations that stay in the emitted JavaScript. */
function declarations(file: string): Declaration[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: Declaration[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      // verbatimModuleSyntax keeps `import { type A } from 'x'` as `import {} from 'x'`.
      if (statement.importClause?.isTypeOnly) continue;
      const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      found.push({ specifier, names: [], isExport: false });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      if (statement.isTypeOnly) continue;
      const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      const clause = statement.exportClause;
      const names =
        clause && ts.isNamedExports(clause)
          ? clause.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text)
          : ['*'];
      found.push({ specifier, names, isExport: true });
    }
  }
  return found;
}

function resolveFile(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

/** The first chain of imports from `entry` to a '@tensorflow/' module, or null. */
function pathToTensorflow(entry: string): string[] | null {
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): string[] | null => {
    if (seen.has(file)) return null;
    seen.add(file);
    for (const { specifier } of declarations(file)) {
      const next = [...chain, specifier];
      if (specifier.startsWith('@tensorflow/')) return next;
      const target = resolveFile(file, specifier);
      const found = target ? walk(target, next) : null;
      if (found) return found;
    }
    return null;
  };
  return walk(entry, [relative(LIB, entry)]);
}

describe('src/lib/page.ts', () => {
  it('reaches no @tensorflow/ module through its static imports', () => {
    expect(pathToTensorflow(resolve(LIB, 'page.ts'))).toBeNull();
  });

  it('the walk does find tfjs behind index.ts (so it would catch a leak)', () => {
    expect(pathToTensorflow(resolve(LIB, 'index.ts'))?.at(-1)).toMatch(/^@tensorflow\//);
  });

  it('is all of index.ts, which adds only what needs tfjs', () => {
    const index = resolve(LIB, 'index.ts');
    const exported = declarations(index).filter((declaration) => declaration.isExport);
    expect(exported.filter((d) => d.specifier === './page').map((d) => d.names)).toEqual([['*']]);
    const tfjsFree = exported.filter((d) => {
      if (d.specifier === './page') return false;
      const file = resolveFile(index, d.specifier);
      return !file || pathToTensorflow(file) === null;
    });
    expect(tfjsFree.map((d) => d.specifier)).toEqual([]);
  });

  it('loads and offers the registry and reference functions', async () => {
    const page = await import('./page');
    expect(typeof page.openRegistry).toBe('function');
    expect(typeof page.summarizeTable).toBe('function');
    expect(typeof page.readCsv).toBe('function');
    expect('predict' in page).toBe(false);
  });
});
