// The checks of the local path (Spark without Docker): Python, pyspark and Java, from
// python/checks.ts. They warn rather than fail, since a student with Docker needs none of them;
// the doctor runs them after its own checks, with the same time limit.
import { javaCheck, pysparkCheck, pythonCheck } from '../python/checks.ts';
import type { PlainCheck } from './run-checks.ts';

export function localPathChecks(env: NodeJS.ProcessEnv): PlainCheck[] {
  return [() => pythonCheck({ env }), () => pysparkCheck({ env }), () => javaCheck({ env })];
}
