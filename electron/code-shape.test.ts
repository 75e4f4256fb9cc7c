// The shape of the code, kept: a source file of 400 lines or more is two jobs, and an import
// cycle is two modules that cannot be understood apart (docs/development.md).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, runtimeImportsOf } from './testing/imports.ts';
import { REPO_ROOT } from './testing/presets.ts';

const MAX_LINES = 400;
const CODE = /\.(ts|tsx|mts|mjs|py)$/;
/** Tests, test helpers, benches and Spark test fixtures may be long. */
const NOT_SOURCE =
  /(\.test\.tsx?|\.spec\.ts)$|(^|\/)tests?\/|(^|\/)testing\/|^e2e\/|^bench\/|conftest\.py$|(^|\/)test_[^/]*\.py$/;

function trackedSources(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => CODE.test(f) && !NOT_SOURCE.test(f));
}

function lineCount(file: string): number {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('the shape of the code', () => {
  it(`has no source file of ${MAX_LINES} lines or more, TypeScript or Python`, () => {
    const files = trackedSources();
    expect(files.some((f) => f.endsWith('.py'))).toBe(true);
    expect(files.some((f) => f.endsWith('.ts'))).toBe(true);
    const long = files
      .map((f) => `${f}: ${lineCount(f)} lines`)
      .filter((row) => Number(/(\d+) lines$/.exec(row)?.[1]) >= MAX_LINES);
    expect(long).toEqual([]);
  });

  it('has no import cycle in shared/ and electron/, type imports included', () => {
    const graph = importGraph(['shared', 'electron']);
    expect(graph.size).toBeGreaterThan(100);
    const found = cycles(graph).map((c) => c.map((f) => relative(REPO_ROOT, f)).sort());
    expect(found).toEqual([]);
  });

  // The store's slices name the whole store's type: that is how zustand slices are typed, and
  // it loads nothing. Imports that load code must not go round.
  it('has no import cycle in the renderer among imports that load code', () => {
    const graph = importGraph(['renderer/src'], { runtimeOnly: true });
    expect(graph.size).toBeGreaterThan(20);
    const found = cycles(graph).map((c) => c.map((f) => relative(REPO_ROOT, f)).sort());
    expect(found).toEqual([]);
  });

  it('counts imports that load code, not type-only ones', () => {
    expect(
      runtimeImportsOf(
        "import type { A } from './a.ts';\nimport { b, type C } from './b.ts';\nexport type { D } from './d.ts';\nexport { e } from './e.ts';",
      ),
    ).toEqual(['./b.ts', './e.ts']);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
      ['e', ['e']],
    ]);
    expect(cycles(graph).map((c) => c.sort())).toEqual([['a', 'b', 'c'], ['e']]);
  });
});
