// What a check of a Docker or attached cluster means for the state the panel shows: an engine
// that stopped is `engine_not_running`; containers that stopped while the app wants the
// cluster (the engine restarted: the services have no restart policy, so that a Docker
// Desktop start brings no cluster back by itself) are started again by the app; the cluster
// is `running` again once it is healthy; and containers removed outside the app mean it is
// stopped. A pure decision; the controller carries it out.
import type { SparkStatus } from '../../../shared/api.ts';
import type { SparkBackendName } from '../../../shared/spark.ts';
import type { ClusterCheck } from './backend.ts';

/** What the controller shows now. */
export interface Shown {
  state: SparkStatus['state'];
  errorCode: string | null;
  backend: SparkBackendName | undefined;
}

/** The change a check calls for. */
export type Reconciled =
  | { to: 'running'; recovered: boolean }
  | { to: 'error'; message: string; code: 'engine_not_running' }
  | { to: 'stopped'; message: string }
  | { to: 'starting'; message: string; code: 'recovering' | null }
  | { to: 'restart'; message: string };

/** The change `found` calls for, or undefined when what is shown still holds. */
export function reconcile(found: ClusterCheck, shown: Shown): Reconciled | undefined {
  switch (found.kind) {
    case 'healthy':
      if (shown.state === 'running') return undefined;
      return { to: 'running', recovered: shown.errorCode === 'engine_not_running' };
    case 'engine_down':
      if (shown.errorCode === 'engine_not_running') return undefined;
      return {
        to: 'error',
        message: `engine_not_running: the Docker engine is not running, so neither is Spark. Start Docker Desktop (or the docker service); the app starts Spark again once it is back. Docker said: ${found.reason}`,
        code: 'engine_not_running',
      };
    case 'gone':
      return {
        to: 'stopped',
        message: 'The Spark containers are gone (removed outside the app). Start Spark again.',
      };
    case 'exited':
      return {
        to: 'restart',
        message: `The Spark containers stopped (${found.detail}); starting them again…`,
      };
    case 'waiting':
      // Compose starts an attached cluster: its progress is all there is to show.
      if (shown.backend === 'attached')
        return { to: 'starting', message: found.detail, code: null };
      if (shown.state !== 'running' && shown.errorCode === null) return undefined;
      return {
        to: 'starting',
        message: `Waiting for the Spark containers to be healthy (${found.detail})…`,
        code: 'recovering',
      };
  }
}
