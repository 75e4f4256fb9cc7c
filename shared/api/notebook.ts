// The stack's JupyterLab (the `notebook` compose service): its state in the Spark panel, and
// the link Open starter notebook answers.
import { z } from 'zod';

export const notebookStatusSchema = z
  .object({
    state: z.enum(['stopped', 'starting', 'healthy', 'unhealthy']),
    url: z
      .string()
      .nullable()
      .describe("JupyterLab's address for the browser, without its token (null unless healthy)"),
  })
  .describe("the stack's JupyterLab (compose service notebook), probed with GET /api");

export const notebookLinkSchema = z.object({
  url: z
    .string()
    .describe("JupyterLab with the exercise's notebook open; it carries the notebook's token"),
  notebook: z.string().describe('the notebook file, in the data folder'),
});

export type NotebookStatus = z.infer<typeof notebookStatusSchema>;
export type NotebookLink = z.infer<typeof notebookLinkSchema>;
