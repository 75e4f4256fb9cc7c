// The project's own import graph, read as text from the sources (tests aside): what the
// boundary and shape tests check.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { REPO_ROOT } from './presets.ts';

const SOURCE = /\.(ts|tsx|mts)$/;
const TEST = /\.(test|spec)\.tsx?$/;

/** The non-test TypeScript sources under a repository folder. */
export function sources(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', 'dist', 'output'].includes(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (SOURCE.test(entry.name) && !TEST.test(entry.name)) out.push(path);
    }
  };
  walk(join(REPO_ROOT, folder));
  return out;
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
export function importsOf(text: string): string[] {
  const found = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1] as string);
}

/** The specifiers of imports that load code: `import type` / `export type` are erased. */
export function runtimeImportsOf(text: string): string[] {
  return importsOf(
    text.replace(/^\s*(?:import|export)\s+type\b[^'"]*?\bfrom\s+['"][^'"]+['"];?/gm, ''),
  );
}

/**
 * file -> the project files it imports (relative specifiers, resolved to paths): every import,
 * or with `runtimeOnly` only those that load code.
 */
export function importGraph(
  folders: string[],
  { runtimeOnly = false }: { runtimeOnly?: boolean } = {},
): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of folders.flatMap(sources)) {
    const text = readFileSync(file, 'utf8');
    const targets = (runtimeOnly ? runtimeImportsOf(text) : importsOf(text))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => resolve(dirname(file), spec));
    graph.set(file, targets);
  }
  return graph;
}

/** The import cycles of a graph: each strongly connected component of two or more files, or a file importing itself. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    order.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, order.get(next) as number));
      }
    }
    if (low.get(node) === order.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component);
    }
  };
  for (const node of graph.keys()) if (!order.has(node)) visit(node);
  return found;
}
