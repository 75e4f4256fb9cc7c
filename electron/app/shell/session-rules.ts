// The session's rules, applied once at start: the dashboard's CSP, no navigation away from
// the app, no webviews, no new windows (allowed links open in the system browser), and only
// the permissions security.ts grants to the app's own pages.
import { UI_CSP } from '../../service/http/app.ts';
import { externalTarget, isAppUrl, isPermissionGranted } from '../security.ts';
import type { ElectronApi } from './electron-api.ts';
import { openExternalTarget } from './external.ts';

export function lockDownSession(
  electron: Pick<ElectronApi, 'app' | 'session' | 'shell'>,
  appOrigin: () => string,
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
      const target = externalTarget(url);
      if (target) void openExternalTarget(electron.shell, target);
      return { action: 'deny' };
    });
  });
}
