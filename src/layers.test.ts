// The layers of docs/architecture.md, held by reading every import of src/: imports go only down
// engine <- worker <- state <- ui; the page (state, ui) reaches the worker only through
// protocol.ts's types; and no two files of src/ import each other, even through others.
// eslint.config.js says the same while one edits; this fails the suite when a forbidden import lands.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname);
const LAYERS = ['engine', 'worker', 'state', 'ui'] as const;
type Layer = (typeof LAYERS)[number];

interface Import {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

/** `import … from './x.ts'`, `import './x.ts'`, `export … from './x.ts'`: relative ones only (packages are not ours). */
const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:([^'";]*?)\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;

/** `import { type A, type B } from …` erases like `import type`: every name in the braces is a type. */
function onlyTypes(match: RegExpMatchArray): boolean {
  if (match[2] !== undefined) return true;
  const names = /^\{([^}]*)\}$/.exec(match[3]?.trim() ?? '')?.[1];
  if (names === undefined) return false;
  const items = names.split(',').map((n) => n.trim()).filter(Boolean);
  return items.length > 0 && items.every((n) => n.startsWith('type '));
}

/** Every relative import of every file of src/, resolved to a path relative to src/. */
export function importsOf(files: readonly string[]): Import[] {
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(IMPORT)].map((m) => ({
      from: path.relative(SRC, file),
      to: path.relative(SRC, path.resolve(path.dirname(file), m[4]!)),
      typeOnly: onlyTypes(m),
    }));
  });
}

const layerOf = (file: string): Layer | null => LAYERS.find((layer) => file.startsWith(`${layer}/`)) ?? null;

const files = sourceFiles(SRC);
const imports = importsOf(files);

describe('layers', () => {
  it('finds the imports it checks', () => {
    // A parser that found nothing would pass every rule below.
    expect(imports.length).toBeGreaterThan(300);
    expect(imports).toContainEqual({ from: 'state/worker-bridge.ts', to: 'worker/protocol.ts', typeOnly: true });
  });

  it('imports only go down: engine <- worker <- state <- ui', () => {
    const upward = imports.filter(({ from, to }) => {
      const a = layerOf(from);
      const b = layerOf(to);
      return a !== null && b !== null && LAYERS.indexOf(b) > LAYERS.indexOf(a);
    });
    expect(upward.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it('the page imports from src/worker only protocol.ts, as types', () => {
    const forbidden = imports.filter(({ from, to, typeOnly }) => {
      const layer = layerOf(from);
      if (layer !== 'state' && layer !== 'ui') return false;
      if (!to.startsWith('worker/')) return false;
      return to !== 'worker/protocol.ts' || !typeOnly;
    });
    expect(forbidden.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it('protocol.ts imports engine types only', () => {
    const own = imports.filter(({ from }) => from === 'worker/protocol.ts');
    expect(own.length).toBeGreaterThan(0);
    expect(own.filter(({ to, typeOnly }) => !to.startsWith('engine/') || !typeOnly)).toEqual([]);
  });

  // Type-only imports are erased before anything runs, so only value imports can form a cycle
  // (a slice naming the whole store's type, the zustand slices pattern, is not one).
  it('has no import cycle between files', () => {
    const graph = new Map<string, string[]>();
    for (const { from, to, typeOnly } of imports) if (!typeOnly) graph.set(from, [...(graph.get(from) ?? []), to]);
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});

describe('the import reader', () => {
  // The rules are only as good as the reader: it must see each form of import the code uses.
  it('reads value, type, side-effect and re-export imports', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../worker/protocol.ts';",
      "import './side.css';",
      "export { c } from './c.ts';",
      "export type { D } from './d.ts';",
      "import {\n  e,\n  type F,\n} from '../worker/model-loader.ts';",
      "import { type G, type H } from './g.ts';",
      "import { g } from 'react';",
    ].join('\n');
    const found = [...text.matchAll(IMPORT)].map((m) => [m[4], onlyTypes(m)]);
    expect(found).toEqual([
      ['./a.ts', false],
      ['../worker/protocol.ts', true],
      ['./side.css', false],
      ['./c.ts', false],
      ['./d.ts', true],
      ['../worker/model-loader.ts', false],
      ['./g.ts', true],
    ]);
  });
});
