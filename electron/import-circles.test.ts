import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCircles } from './testing/import-graph.ts';

describe('import circles', () => {
  it('finds a circle, type-only imports included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'circles-'));
    try {
      mkdirSync(join(dir, 'a'));
      writeFileSync(
        join(dir, 'a', 'x.ts'),
        "import type { Y } from '../y.ts';\nexport type X = Y;\n",
      );
      writeFileSync(join(dir, 'y.ts'), "import { z } from './a/x.ts';\nexport type Y = 1;\n");
      writeFileSync(join(dir, 'z.ts'), "import { y } from './y.ts';\n");
      expect(importCircles(dir)).toEqual([['a/x.ts', 'y.ts', 'a/x.ts']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has none in electron/ (the logger and the store, the attached backend and its runner)', () => {
    expect(importCircles(join(import.meta.dirname))).toEqual([]);
  });
});
