// Open starter notebook: the exercise is prepared if needed, then the answer is JupyterLab's
// address of its notebook with the token. A POST, so the class's read-only link is refused
// (access.ts): the token opens the instructor's notebook server. The token is logged nowhere.
import { routes } from '../../../shared/contract/index.ts';
import type { Course } from '../classroom/exercises.ts';
import type { NotebookService } from '../notebooks/notebook-service.ts';
import { declaredRoutes } from './declared.ts';

export type NotebookControl = Pick<NotebookService, 'status' | 'ensureRunning' | 'has' | 'linkTo'>;

export function notebookRoutes(course: Course, notebook: NotebookControl) {
  return declaredRoutes().openapi(routes.openNotebook, async (c) => {
    const id = c.req.valid('param').id;
    const view = course.view(id); // 404 for an unknown exercise, before anything else
    await notebook.ensureRunning();
    const ready = view.prepared && notebook.has(view.notebook) ? view : await course.prepare(id);
    return c.json({ url: notebook.linkTo(ready.notebook), notebook: ready.notebook }, 200);
  });
}
