// The course over HTTP (the Exercises panel): the list with progress, one exercise with its
// text and last scorecard, Prepare data, Release more data (two-part exercises), Show a hint, and Check my answer (docs/teaching.md, Exercises).
import { routes } from '../../../shared/contract/index.ts';
import type { Course } from '../classroom/exercises.ts';
import { declaredRoutes } from './declared.ts';

export function exerciseRoutes(course: Course) {
  return declaredRoutes()
    .openapi(routes.exercises, (c) => c.json({ exercises: course.summaries() }, 200))
    .openapi(routes.exercise, (c) => c.json(course.view(c.req.valid('param').id), 200))
    .openapi(routes.prepareExercise, async (c) =>
      c.json(await course.prepare(c.req.valid('param').id), 200),
    )
    .openapi(routes.checkExercise, async (c) =>
      c.json(await course.check(c.req.valid('param').id), 200),
    )
    .openapi(routes.releaseExercise, async (c) =>
      c.json(await course.release(c.req.valid('param').id), 200),
    )
    .openapi(routes.revealHint, (c) => c.json(course.revealHint(c.req.valid('param').id), 200));
}
