// The notebook's route: Open starter notebook in the stack's JupyterLab.
import { z } from 'zod';
import { notebookLinkSchema } from '../api.ts';
import { declareRoute, errors, json } from './declare.ts';

export const openNotebook = declareRoute({
  method: 'post',
  path: '/api/exercises/{id}/notebook',
  summary:
    "Open starter notebook: prepare the exercise if needed, then JupyterLab's address of its notebook, with the notebook service's token (409 until Spark runs with Docker)",
  request: { params: z.object({ id: z.string() }) },
  responses: { 200: json(notebookLinkSchema, 'the link to open'), ...errors(404, 409, 413, 415) },
});
