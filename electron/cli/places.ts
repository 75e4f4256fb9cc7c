// The folders the commands read beside the code. In the repository this file is
// electron/cli/places.ts; in the generator image's bundle it is part of dist-server/cli.mjs.
// Either way presets/, renderer/dist, docker/ and exercises/ sit in the app's root folder.
import { basename, dirname, resolve } from 'node:path';

const here = import.meta.dirname;
const root =
  basename(here) === 'cli' && basename(dirname(here)) === 'electron'
    ? resolve(here, '..', '..')
    : resolve(here, '..');

export const PRESETS_DIR = resolve(root, 'presets');
export const UI_DIR = resolve(root, 'renderer', 'dist');
export const DOCKER_DIR = resolve(root, 'docker');
/** The course; SPARK_EXPERIMENTS_EXERCISES_DIR names another (a test's own, or a teacher's). */
export const EXERCISES_DIR = process.env.SPARK_EXPERIMENTS_EXERCISES_DIR
  ? resolve(process.env.SPARK_EXPERIMENTS_EXERCISES_DIR)
  : resolve(root, 'exercises');
