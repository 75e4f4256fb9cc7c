// The course over HTTP (the Exercises panel): the list with progress, one exercise with its
// text and last scorecard, Prepare data, and Check my answer (README: Exercises).
import { Hono } from 'hono';
import type { Course } from '../exercises.ts';

/** Mounted at /api/exercises. */
export function exerciseRoutes(course: Course): Hono {
  return new Hono()
    .get('/', (c) => c.json({ exercises: course.summaries() }))
    .get('/:id', (c) => c.json(course.view(c.req.param('id'))))
    .post('/:id/prepare', async (c) => c.json(await course.prepare(c.req.param('id'))))
    .post('/:id/check', async (c) => c.json(await course.check(c.req.param('id'))));
}
