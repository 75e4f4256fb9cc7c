// The course of a data folder, as `exercises` and `check` open it.
import { resolve } from 'node:path';
import { Course, type CourseOptions } from '../service/classroom/exercises.ts';
import { createLogger } from '../service/logs/logger.ts';
import { InputError } from './exit-codes.ts';
import { EXERCISES_DIR, PRESETS_DIR } from './places.ts';

export function courseFor(
  dataDirOption: string | undefined,
  more: Pick<CourseOptions, 'checkRunner'> = {},
): Course {
  const dataDir = resolve(dataDirOption ?? 'data');
  return new Course({
    exercisesDir: EXERCISES_DIR,
    presetsDir: PRESETS_DIR,
    dataDir,
    log: createLogger({ dir: undefined, component: 'exercises' }),
    ...more,
  });
}

/** Refuses an id that is not one of the course's exercises, naming those there are. */
export function requireExercise(course: Course, id: string): void {
  if (!course.exercises.some((e) => e.id === id))
    throw new InputError(
      `there is no exercise ${id}: ${course.exercises.map((e) => e.id).join(', ')}`,
    );
}
