// The app's own Python for Spark without Docker: start its set-up, and follow it by polling.
import { pythonSetupStatusSchema } from '../api/python-setup.ts';
import { declareRoute, errors, json } from './declare.ts';

export const pythonSetup = declareRoute({
  method: 'get',
  path: '/api/python/setup',
  summary: "The set-up of the app's own Python: state, step, the last lines of pip's output",
  responses: { 200: json(pythonSetupStatusSchema, 'status') },
});

export const startPythonSetup = declareRoute({
  method: 'post',
  path: '/api/python/setup',
  summary:
    "Set up the app's own Python (pinned pyspark, delta-spark, JupyterLab, ipykernel; as npm run setup:python); follow it with GET",
  responses: { 202: json(pythonSetupStatusSchema, 'started'), ...errors(409, 413, 415) },
});
