// The relative imports of a source tree (test files left out) and the circles among them, for
// the architecture rule "no import circles" (design/ARCHITECTURE.md).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const RELATIVE_IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/g;

function sourceFiles(dir: string, into: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, into);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) into.push(resolve(path));
  }
  return into;
}

/** Every import circle under `root`, each as paths relative to it, first file repeated last. */
export function importCircles(root: string): string[][] {
  const files = sourceFiles(root);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const deps = [...text.matchAll(RELATIVE_IMPORT)].map((m) =>
      resolve(dirname(file), m[1] as string),
    );
    graph.set(
      file,
      deps.filter((d) => known.has(d)),
    );
  }
  const circles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const dep of graph.get(file) ?? []) {
      if (state.get(dep) === 'open') circles.push([...path.slice(path.indexOf(dep)), dep]);
      else if (!state.has(dep)) visit(dep);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return circles.map((c) => c.map((f) => relative(root, f)));
}
