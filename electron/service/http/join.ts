// POST /api/join {"code": "..."}: a student's app joins the class whose code is on the
// projector ("Join a class" in the dashboard, `serve --join` on the command line), with the
// recipe file for a custom config. GET /api/recipe: this dataset's recipe, to share.
import { Hono } from 'hono';
import { joinRequestSchema } from '../../../shared/api.ts';
import { resolveClassCode } from '../class-join.ts';
import type { GeneratorService } from '../generator-service.ts';
import { fail, readJson } from './respond.ts';

/** Mounted at /api/join. */
export function joinRoutes(service: Pick<GeneratorService, 'join'>, presetsDir: string): Hono {
  return new Hono().post('/', async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const request = joinRequestSchema.safeParse(body);
    if (!request.success)
      return fail(
        c,
        400,
        'invalid_request',
        'send {"code": "<the class code>"} (and "recipe" for a custom config)',
      );
    const resolved = resolveClassCode(request.data.code, presetsDir, request.data.recipe);
    if (!resolved.ok) return fail(c, 400, 'invalid_code', resolved.message);
    return c.json(await service.join(resolved.code, resolved.config));
  });
}

/** Mounted at /api/recipe. */
export function recipeRoutes(service: Pick<GeneratorService, 'recipe'>): Hono {
  return new Hono().get('/', (c) => {
    const recipe = service.recipe();
    if (!recipe)
      return fail(c, 409, 'no_dataset', 'there is no dataset yet: start or resume it first');
    c.header('Content-Disposition', 'attachment; filename="recipe.json"');
    c.header('X-Class-Code', recipe.classCode);
    return c.body(recipe.text, 200, { 'Content-Type': 'application/json' });
  });
}
