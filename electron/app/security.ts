// The desktop app's security rules as plain functions (no `electron` import), so they are
// tested under Node: what the window may load, which links open outside, whose IPC is heard.
import type { SparkPorts } from '../../shared/spark-ports.ts';
import { sparkPortsFrom } from '../service/spark/ports.ts';

/** Spark's ports as the desktop app's service resolves them (SPARK_EXPERIMENTS_*_PORT). */
export const desktopSparkPorts = (): SparkPorts => sparkPortsFrom(process.env);

/** Pages the app's window may show: only the dashboard served by its own service. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    return new URL(url).origin === appOrigin;
  } catch {
    return false;
  }
}

/**
 * The only places a link may open in the system browser: a fixed set of addresses (the Spark
 * UIs on the configured ports, and the Spark documentation), each opened as the address this
 * table builds, never the link text.
 */
export function externalTargets(ports: SparkPorts = desktopSparkPorts()) {
  return {
    'spark-master-ui': `http://127.0.0.1:${ports.masterUi}/`,
    'spark-application-ui': `http://127.0.0.1:${ports.appUi}/`,
    'spark-docs': 'https://spark.apache.org/docs/3.5.8/',
  } as const;
}
export type ExternalTarget = keyof ReturnType<typeof externalTargets>;

const localUi = (port: number) => new RegExp(`^http://(127\\.0\\.0\\.1|localhost):${port}/?$`);

/** Which allowed destination a link is, if any. */
export function externalTarget(
  url: string,
  ports: SparkPorts = desktopSparkPorts(),
): ExternalTarget | undefined {
  const patterns: ReadonlyArray<readonly [RegExp, ExternalTarget]> = [
    [localUi(ports.masterUi), 'spark-master-ui'],
    [localUi(ports.appUi), 'spark-application-ui'],
    [/^https:\/\/spark\.apache\.org\/docs\/3\.5\.8\/?$/, 'spark-docs'],
  ];
  return patterns.find(([pattern]) => pattern.test(url))?.[1];
}

/**
 * Whether `url` is exercise `id`'s notebook in the stack's JupyterLab on this machine, as the
 * service answers POST /api/exercises/{id}/notebook: nothing else is opened for that button.
 */
export function isExerciseNotebookUrl(
  url: string,
  id: string,
  ports: SparkPorts = desktopSparkPorts(),
): boolean {
  if (!/^\d{2}-[a-z0-9-]+$/.test(id)) return false;
  const path = `/lab/tree/exercises/${id}/${id}.ipynb`;
  return new RegExp(
    `^http://127\\.0\\.0\\.1:${ports.notebook}${path.replaceAll('.', '\\.')}\\?token=[0-9a-f]{16,128}$`,
  ).test(url);
}

/** IPC is answered only for the app's own window showing the app's own page. */
export function isTrustedSender(
  senderUrl: string | undefined,
  appOrigin: string,
  fromAppWindow: boolean,
): boolean {
  return fromAppWindow && senderUrl !== undefined && isAppUrl(senderUrl, appOrigin);
}

/**
 * Permissions the app's own pages get: writing to the clipboard (the Copy buttons), nothing
 * else. `clipboard-sanitized-write` is what navigator.clipboard.writeText asks for.
 */
export const GRANTED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

/** Whether `permission`, asked for by a page at `requestingUrl` (or origin), is granted. */
export function isPermissionGranted(
  permission: string,
  requestingUrl: string | undefined,
  appOrigin: string,
): boolean {
  return (
    GRANTED_PERMISSIONS.includes(permission) &&
    requestingUrl !== undefined &&
    isAppUrl(requestingUrl, appOrigin)
  );
}
