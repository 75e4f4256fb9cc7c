// The rooms of the house (docs/development.md), enforced: each import of every
// source file (tests aside) is checked against what its folder may import.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, runtimeImportsOf, sources } from './testing/imports.ts';
import { REPO_ROOT } from './testing/presets.ts';

interface Room {
  folder: string;
  /** Repository folders this room may import from (besides itself). */
  mayImport: string[];
  /** npm packages (and node: built-ins) it may import. */
  packages: RegExp;
  /** Packages it may name in `import type` only: erased, so nothing of them is loaded. */
  typesOf?: RegExp;
}

const ROOMS: Room[] = [
  // The route declarations are typed as @hono/zod-openapi's RouteConfig; Hono itself is not loaded.
  {
    folder: 'shared',
    mayImport: [],
    packages: /^(zod|js-yaml)$/,
    typesOf: /^@hono\/zod-openapi$/,
  },
  { folder: 'electron/engine', mayImport: ['shared'], packages: /^$/ },
  {
    folder: 'renderer/src',
    mayImport: ['shared'],
    packages: /^(react|react-dom\/client|zustand|@tanstack\/react-virtual)$/,
    // The client's answer types come from the contract's zod schemas; zod stays out of the bundle.
    typesOf: /^zod$/,
  },
  {
    folder: 'electron/service',
    mayImport: ['shared', 'electron/engine'],
    packages: /^(node:.+|zod|js-yaml|hono(\/.+)?|@hono\/node-server(\/.+)?|@hono\/zod-openapi)$/,
  },
  // The headless commands: argument parsing and printing over the service, nothing of its own.
  { folder: 'electron/cli', mayImport: ['shared', 'electron/service'], packages: /^node:.+$/ },
];

/** What a room's files import that the room may not. */
function violations(room: Room): string[] {
  const own = join(REPO_ROOT, room.folder);
  const allowed = [own, ...room.mayImport.map((f) => join(REPO_ROOT, f))];
  return sources(room.folder).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const loaded = new Set(runtimeImportsOf(text));
    return importsOf(text).flatMap((spec) => {
      const where = relative(REPO_ROOT, file);
      if (!spec.startsWith('.')) {
        if (room.packages.test(spec)) return [];
        if (room.typesOf?.test(spec) && !loaded.has(spec)) return [];
        return [`${where} imports ${spec}`];
      }
      const target = resolve(dirname(file), spec);
      const inside = allowed.some((dir) => target === dir || target.startsWith(`${dir}/`));
      return inside ? [] : [`${where} imports ${relative(REPO_ROOT, target)}`];
    });
  });
}

describe('import boundaries', () => {
  it.each(ROOMS.map((room) => [room.folder, room] as const))(
    '%s imports only what its room may',
    (_, room) => {
      expect(sources(room.folder).length).toBeGreaterThan(0);
      expect(violations(room)).toEqual([]);
    },
  );

  it('imports electron only in electron/app', () => {
    const outside = ['shared', 'electron', 'renderer/src', 'bench', 'docker/tests', 'e2e']
      .flatMap(sources)
      .filter((file) => !relative(REPO_ROOT, file).startsWith('electron/app/'))
      .filter((file) =>
        importsOf(readFileSync(file, 'utf8')).some(
          (s) => s === 'electron' || s.startsWith('electron/'),
        ),
      );
    expect(outside.map((f) => relative(REPO_ROOT, f))).toEqual([]);
  });

  it('finds the imports it checks, including ones that break a rule', () => {
    expect(
      importsOf(
        "import { a } from 'electron';\nexport { b } from '../service/x.ts';\nimport 'side';\nconst m = await import('node:fs');",
      ),
    ).toEqual(['electron', '../service/x.ts', 'side', 'node:fs']);
    const engine = ROOMS.find((r) => r.folder === 'electron/engine') as Room;
    expect(engine.packages.test('node:fs')).toBe(false);
    expect(engine.packages.test('seedrandom')).toBe(false);
  });
});
