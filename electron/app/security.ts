// The desktop app's security rules as plain functions (no `electron` import), so they are
// tested under Node: what the window may load, which links open outside, whose IPC is heard.
import { SPARK_PORTS } from '../../shared/spark.ts';

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
 * UIs and the Spark documentation), each opened as its literal address, never the link text.
 */
export const EXTERNAL_TARGETS = {
  'spark-master-ui': `http://127.0.0.1:${SPARK_PORTS.masterUi}/`,
  'spark-application-ui': `http://127.0.0.1:${SPARK_PORTS.applicationUi}/`,
  'spark-docs': 'https://spark.apache.org/docs/3.5.8/',
} as const;
export type ExternalTarget = keyof typeof EXTERNAL_TARGETS;

const localUi = (port: number) => new RegExp(`^http://(127\\.0\\.0\\.1|localhost):${port}/?$`);
const TARGET_PATTERNS: ReadonlyArray<readonly [RegExp, ExternalTarget]> = [
  [localUi(SPARK_PORTS.masterUi), 'spark-master-ui'],
  [localUi(SPARK_PORTS.applicationUi), 'spark-application-ui'],
  [/^https:\/\/spark\.apache\.org\/docs\/3\.5\.8\/?$/, 'spark-docs'],
];

/** Which allowed destination a link is, if any. */
export function externalTarget(url: string): ExternalTarget | undefined {
  return TARGET_PATTERNS.find(([pattern]) => pattern.test(url))?.[1];
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
