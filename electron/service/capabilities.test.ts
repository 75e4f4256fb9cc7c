// The service is housed by capability (docs/development.md): each folder may import only the
// capabilities below it, type imports included, and http/ only their facades. host.ts, the
// composition root, may import them all.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, sources } from '../testing/imports.ts';
import { REPO_ROOT } from '../testing/presets.ts';

const SERVICE = join(REPO_ROOT, 'electron', 'service');

/** capability -> the capabilities it may import (shared/ and the engine are always allowed). */
const LAYERS: Record<string, string[]> = {
  kernel: [],
  platform: ['kernel'],
  logs: ['platform', 'kernel'],
  store: ['logs', 'platform', 'kernel'],
  dataset: ['store', 'logs', 'platform', 'kernel'],
  production: ['dataset', 'store', 'logs', 'platform', 'kernel'],
  generator: ['production', 'dataset', 'store', 'logs', 'platform', 'kernel'],
  classroom: ['production', 'dataset', 'store', 'logs', 'platform', 'python', 'kernel'],
  pipeline: ['store', 'platform', 'kernel'],
  python: ['logs', 'platform', 'kernel'],
  spark: ['logs', 'platform', 'python', 'kernel'],
  doctor: ['spark', 'python', 'logs', 'platform', 'kernel'],
  notebooks: ['python', 'platform', 'kernel'],
  'class-results': ['logs', 'platform', 'kernel'],
};

/** The modules http/ may import: each capability's facade, not its insides. */
const HTTP_FACADES = new Set([
  'host.ts',
  'generator/generator-service.ts',
  'classroom/answers.ts',
  'classroom/answer-summaries.ts',
  'classroom/class-join.ts',
  'classroom/exercises.ts',
  'class-results/class-results.ts',
  'dataset/presets.ts',
  'pipeline/pipeline-view.ts',
  'spark/spark-controller.ts',
  'notebooks/notebook-service.ts',
  'python/setup-runner.ts',
  'platform/data-folder-lock.ts',
  'kernel/errors.ts',
  'logs/logger.ts',
]);

/** Where an import lands inside the service, as `capability/file.ts`, or undefined outside it. */
function serviceTarget(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const target = relative(SERVICE, resolve(dirname(file), spec));
  return target.startsWith('..') ? undefined : target;
}

function breaches(capability: string, allowed: (target: string) => boolean): string[] {
  return sources(`electron/service/${capability}`).flatMap((file) =>
    importsOf(readFileSync(file, 'utf8')).flatMap((spec) => {
      const target = serviceTarget(file, spec);
      if (target === undefined || target.startsWith(`${capability}/`) || allowed(target)) return [];
      return [`${relative(SERVICE, file)} imports ${target}`];
    }),
  );
}

describe('the service, housed by capability', () => {
  it('has no loose file but the composition root', () => {
    const loose = sources('electron/service')
      .map((f) => relative(SERVICE, f))
      .filter((f) => !f.includes('/'));
    expect(loose).toEqual(['host.ts']);
  });

  it.each(Object.entries(LAYERS))('%s imports only %j', (capability, below) => {
    expect(sources(`electron/service/${capability}`).length).toBeGreaterThan(0);
    expect(breaches(capability, (t) => below.includes(t.split('/')[0] as string))).toEqual([]);
  });

  it('http imports only the facades of its capabilities', () => {
    expect(breaches('http', (t) => HTTP_FACADES.has(t))).toEqual([]);
  });

  it('names a breach when there is one', () => {
    const file = join(SERVICE, 'platform', 'x.ts');
    expect(serviceTarget(file, '../store/store.ts')).toBe('store/store.ts');
    expect(serviceTarget(file, '../../../shared/api.ts')).toBeUndefined();
    expect(LAYERS.platform?.includes('store')).toBe(false);
  });
});
