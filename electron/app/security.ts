// The desktop app's security rules as plain functions (no `electron` import), so they are
// tested under Node: what the window may load, which links open outside, whose IPC is heard.

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
const TARGET_PATTERNS = [
  [/^http:\/\/(127\.0\.0\.1|localhost):17080\/?$/, 'spark-master-ui'],
  [/^http:\/\/(127\.0\.0\.1|localhost):14040\/?$/, 'spark-application-ui'],
  [/^https:\/\/spark\.apache\.org\/docs\/3\.5\.8\/?$/, 'spark-docs'],
] as const;
export type ExternalTarget = (typeof TARGET_PATTERNS)[number][1];

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
