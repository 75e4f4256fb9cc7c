// The setup doctor's route.
import { doctorReportSchema } from '../api.ts';
import { declareRoute, json } from './declare.ts';

export const doctor = declareRoute({
  method: 'get',
  path: '/api/doctor',
  summary:
    'Check my setup: Node, the Docker CLI, engine and compose plugin, the engine memory, free disk in the data folder, the Spark ports, and Python, pyspark and Java for Spark without Docker, one line each with its fix (not through the read-only class link: 403)',
  responses: { 200: json(doctorReportSchema, 'the checks, each ok or the problem with its fix') },
});
