// The session's rules, applied once at start: the dashboard's CSP, no navigation away from
// the app, no webviews, no new windows (allowed links open in the system browser), and only
// the permissions security.ts grants to the app's own pages.

import type { SparkPorts } from '../../../shared/spark-ports.ts';
import { UI_CSP } from '../../service/http/app.ts';
import { externalTarget, isAppUrl, isPermissionGranted } from '../security.ts';
import type { ElectronApi } from './electron-api.ts';
import { openExternalTarget } from './external.ts';

export function lockDownSession(
  electron: Pick<ElectronApi, 'app' | 'session' | 'shell'>,
  appOrigin: () => string,
  /** Spark's ports as the running service uses them (the UI links follow them). */
  sparkPorts: () => SparkPorts | undefined = () => undefined,
): void {
  const ses = electron.session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, appOrigin()));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, appOrigin()),
  );
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (isAppUrl(details.url, appOrigin())) headers['Content-Security-Policy'] = [UI_CSP];
    callback({ responseHeaders: headers });
  });
  electron.app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, appOrigin())) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const ports = sparkPorts();
      const target = externalTarget(url, ports);
      if (target) void openExternalTarget(electron.shell, target, ports);
      return { action: 'deny' };
    });
  });
}
