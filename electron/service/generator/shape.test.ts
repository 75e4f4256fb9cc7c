// The live loop's folder keeps its shape (issue 21): no file of 400 lines or more, a facade
// that only delegates, and no import circle among its modules, type imports included (a type
// circle is a runtime one waiting for its first value import).
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importsOf, sources } from '../../testing/imports.ts';
import { REPO_ROOT } from '../../testing/presets.ts';

const FOLDER = 'electron/service/generator';
const lineCount = (file: string) => readFileSync(file, 'utf8').split('\n').length - 1;

describe('the generator folder', () => {
  const files = sources(FOLDER);

  it('has no file of 400 lines or more', () => {
    expect(files.length).toBeGreaterThan(1);
    const long = files
      .filter((f) => lineCount(f) >= 400)
      .map((f) => `${relative(REPO_ROOT, f)}: ${lineCount(f)} lines`);
    expect(long).toEqual([]);
  });

  it('keeps the facade well under 300 lines', () => {
    expect(lineCount(join(REPO_ROOT, FOLDER, 'generator-service.ts'))).toBeLessThan(300);
  });

  it('has no import circle, type imports included', () => {
    const graph = new Map(
      files.map((file) => [
        file,
        importsOf(readFileSync(file, 'utf8'))
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => resolve(dirname(file), spec)),
      ]),
    );
    // The facade's parts really are imported by it: an empty graph would pass vacuously.
    expect(graph.get(join(REPO_ROOT, FOLDER, 'generator-service.ts'))?.length).toBeGreaterThan(3);
    expect(cycles(graph).map((c) => c.map((f) => relative(REPO_ROOT, f)))).toEqual([]);
  });
});
