// The app-managed Python's set-up (POST /api/python/setup, GET /api/python/setup to follow it).
import { z } from 'zod';

export const pythonSetupStatusSchema = z
  .object({
    state: z
      .enum(['idle', 'running', 'succeeded', 'failed'])
      .describe('idle: not run since the service started'),
    step: z.number().int().describe('the step under way (or the last one), from 1'),
    steps: z.number().int().describe('how many steps a full set-up takes'),
    title: z.string().nullable().describe('what the step does'),
    lines: z.array(z.string()).describe("the last lines of venv's and pip's output, oldest first"),
    message: z
      .string()
      .describe('the outcome, or what failed and that the Python in use is unchanged'),
    error_code: z.string().nullable().describe('python_setup_failed, no_base_python, …'),
    python: z.string().nullable().describe("the app's Python once set up"),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
  })
  .describe("the set-up of the app's own Python (pyspark, delta-spark, JupyterLab, ipykernel)");

export type PythonSetupStatus = z.infer<typeof pythonSetupStatusSchema>;
