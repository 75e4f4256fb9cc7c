// The generator image (docker/Dockerfile) against places.ts: `serve --container` reads the
// presets, the dashboard and the course beside its bundle, so the image must hold them there.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_EXERCISES_DIR, loadCourse } from '../service/classroom/exercises.ts';
import { loadPreset } from '../service/dataset/presets.ts';
import { finalStageCopies, shippedFiles } from '../testing/docker-build-context.ts';
import { REPO_ROOT } from '../testing/presets.ts';
import { EXERCISES_DIR, PRESETS_DIR, UI_DIR } from './places.ts';

const DOCKERFILE = join(REPO_ROOT, 'docker', 'Dockerfile');
/** Where the image's bundle sits (its ENTRYPOINT) and so the root places.ts resolves to. */
const APP = '/app';

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function inImage(dir: string): string {
  return posix.join(APP, relative(REPO_ROOT, dir).split(sep).join('/'));
}

/** The files of the context's `dirs` the image holds, copied to a folder laid out as /app. */
function imageApp(dirs: string[]): string {
  const app = mkdtempSync(join(tmpdir(), 'image-app-'));
  scratch.push(app);
  for (const dir of dirs)
    for (const file of shippedFiles(REPO_ROOT, DOCKERFILE, dir)) {
      const to = join(app, ...file.split('/'));
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(join(REPO_ROOT, ...file.split('/')), to);
    }
  return app;
}

describe('the generator image (docker/Dockerfile)', () => {
  it('runs the bundle from /app and puts there every folder places.ts reads beside it', () => {
    const text = readFileSync(DOCKERFILE, 'utf8');
    expect(text).toMatch(/ENTRYPOINT \[[^\]]*"\/app\/dist-server\/cli\.mjs"/);
    const dests = finalStageCopies(text).map((c) => c.dest);
    // docker/ (DOCKER_DIR) is left out: in the image, Spark is the compose project's own.
    for (const dir of [PRESETS_DIR, UI_DIR, EXERCISES_DIR]) expect(dests).toContain(inImage(dir));
  });

  it('ships the whole course: every exercise, its starter notebook, its preset and the checker', () => {
    const app = imageApp(['exercises', 'presets']);
    const course = loadCourse(join(app, 'exercises'));
    const repoCourse = loadCourse(DEFAULT_EXERCISES_DIR);
    expect(repoCourse.length).toBeGreaterThan(0);
    expect(course.map((e) => e.id)).toEqual(repoCourse.map((e) => e.id));
    for (const e of course) {
      expect(existsSync(join(app, 'exercises', 'starters', `${e.id}.ipynb`)), e.id).toBe(true);
      expect(loadPreset(e.preset, join(app, 'presets')).ok, `${e.id}: ${e.preset}`).toBe(true);
    }
    expect(existsSync(join(app, 'exercises', 'checker', 'check.py'))).toBe(true);
  });
});
