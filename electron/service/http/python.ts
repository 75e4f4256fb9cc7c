// The app's own Python: start its set-up, follow its progress.
import { routes } from '../../../shared/contract/index.ts';
import type { PythonSetupRunner } from '../python/setup-runner.ts';
import { declaredRoutes } from './declared.ts';

export function pythonRoutes(runner: Pick<PythonSetupRunner, 'status' | 'start'>) {
  return declaredRoutes()
    .openapi(routes.pythonSetup, (c) => c.json(runner.status(), 200))
    .openapi(routes.startPythonSetup, (c) => c.json(runner.start(), 202));
}
