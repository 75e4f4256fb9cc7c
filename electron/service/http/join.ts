// POST /api/join {"code": "..."}: a student's app joins the class whose code is on the
// projector ("Join a class" in the dashboard, `serve --join` on the command line), with the
// recipe file for a custom config. GET /api/recipe: this dataset's recipe, to share.
import type { TypedResponse } from 'hono';
import { routes } from '../../../shared/contract/index.ts';
import { resolveClassCode } from '../classroom/class-join.ts';
import type { GeneratorService } from '../generator/generator-service.ts';
import { declaredRoutes } from './declared.ts';
import { fail } from './respond.ts';

export function joinRoutes(service: Pick<GeneratorService, 'join'>, presetsDir: string) {
  return declaredRoutes().openapi(routes.join, async (c) => {
    const request = c.req.valid('json');
    const resolved = resolveClassCode(request.code, presetsDir, request.recipe);
    if (!resolved.ok) return fail(c, 400, 'invalid_code', resolved.message);
    return c.json(await service.join(resolved.code, resolved.config), 200);
  });
}

export function recipeRoutes(service: Pick<GeneratorService, 'recipe'>) {
  return declaredRoutes().openapi(routes.recipe, (c) => {
    const recipe = service.recipe();
    if (!recipe)
      return fail(c, 409, 'no_dataset', 'there is no dataset yet: start or resume it first');
    c.header('Content-Disposition', 'attachment; filename="recipe.json"');
    c.header('X-Class-Code', recipe.classCode);
    // The file as written (its own formatting), which the declaration cannot type.
    return c.body(recipe.text, 200, {
      'Content-Type': 'application/json',
    }) as unknown as TypedResponse<never, 200, 'json'>;
  });
}
