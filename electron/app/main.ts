// Electron main process: hosts the same service as `npm run serve` on 127.0.0.1 and shows
// its dashboard in a locked-down window. Thin on purpose: everything it controls goes
// through the HTTP API (the tray too), and the rules it applies live in security.ts.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  session,
  shell,
  Tray,
} from 'electron';
import { loadPreset } from '../service/dataset/presets.ts';
import { UI_CSP } from '../service/http/app.ts';
import { type RunningServer, startServer } from '../service/http/server.ts';
import { DataDirInUseError, DataFolderLock } from '../service/platform/data-folder-lock.ts';
import { chooseDefaultDataDir, syncedDocumentsNote } from './data-dir-default.ts';
import type { IpcChannel, IpcChannels, IpcReply } from './ipc.ts';
import { startOnPreferredPort } from './preferred-port.ts';
import { type ExternalTarget, externalTarget, isAppUrl, isTrustedSender } from './security.ts';
import { loadSettings, saveSettings } from './settings.ts';
import { followHealth } from './tray-state.ts';

const PREFERRED_PORT = 18000;
/** How the app names itself to another generator refused its folder, and its way out. */
const APP_WRITER = { command: 'the desktop app', otherwise: 'choose another data folder' };
const here = import.meta.dirname; // dist-electron/ in a build
const resources = app.isPackaged ? process.resourcesPath : join(here, '..');
const presetsDir = join(resources, 'presets');
const uiDir = join(app.getAppPath(), 'renderer', 'dist');
const settingsFile = join(app.getPath('userData'), 'settings.json');

let running: RunningServer | undefined;
let mainWindow: BrowserWindow | undefined;
let tray: Tray | undefined;
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  // Any failure while starting (an unwritable data folder, damaged presets) ends in a dialog.
  app
    .whenReady()
    .then(start)
    .catch((err) => fatal(err));
}

async function startService(dataDir: string): Promise<RunningServer> {
  const fallback = loadPreset('emulated', presetsDir);
  if (!fallback.ok) throw new Error('the shipped presets are damaged; reinstall the app');
  const options = {
    dataDir,
    fallbackConfig: fallback.config,
    presetsDir,
    uiDir,
    dockerDir: join(resources, 'docker'),
    exercisesDir: join(resources, 'exercises'),
    writer: APP_WRITER,
  };
  return startOnPreferredPort(PREFERRED_PORT, (port) => startServer({ ...options, port }));
}

async function start(): Promise<void> {
  const documents = app.getPath('documents');
  const fallback = chooseDefaultDataDir({
    platform: process.platform,
    env: process.env,
    home: app.getPath('home'),
    documents,
    exists: existsSync,
  });
  const settings = loadSettings(settingsFile, { dataDir: fallback.dataDir });
  running = await startService(settings.dataDir);
  // Say why the data is not in Documents (the log view shows it) while it is the default.
  const note = settings.dataDir === fallback.dataDir && syncedDocumentsNote(fallback, documents);
  if (note) running.service.log.info(note);
  lockDownSession();
  registerIpc();
  createTray();
  showWindow();
}

/** The dashboard's origin now (it changes if the service restarts on another port). */
function appOrigin(): string {
  return running ? new URL(running.url).origin : 'null';
}

function lockDownSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (isAppUrl(details.url, appOrigin())) headers['Content-Security-Policy'] = [UI_CSP];
    callback({ responseHeaders: headers });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, appOrigin())) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const target = externalTarget(url);
      if (target) void openExternalTarget(target);
      return { action: 'deny' };
    });
  });
}

function showWindow(): void {
  if (!running) return;
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return;
  }
  mainWindow = new BrowserWindow({
    width: 1400,
    height: 950,
    title: 'Spark Experiments',
    show: false,
    // Isolated, sandboxed, no Node in the page; the preload is the only bridge.
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('close', (event) => {
    // Closing the window keeps generating in the tray; Quit in the tray menu ends the app.
    if (!quitting && tray) {
      event.preventDefault();
      mainWindow?.hide();
    }
  });
  void mainWindow.loadURL(running.url);
}

/** Wraps a handler: only the app's window is heard, and errors come back as data. */
function handle<C extends IpcChannel>(
  channel: C,
  handler: (...args: IpcChannels[C]['args']) => Promise<IpcChannels[C]['result']>,
): void {
  ipcMain.handle(channel, async (event, ...args): Promise<IpcReply<IpcChannels[C]['result']>> => {
    if (
      !isTrustedSender(
        event.senderFrame?.url,
        appOrigin(),
        event.sender === mainWindow?.webContents,
      )
    ) {
      return {
        error: {
          name: 'ForbiddenError',
          message: 'IPC is only answered for the app window',
          code: 'forbidden',
        },
      };
    }
    try {
      return { result: await handler(...(args as IpcChannels[C]['args'])) };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return {
        error: { name: e.name ?? 'Error', message: e.message ?? String(err), code: e.code ?? null },
      };
    }
  });
}

function registerIpc(): void {
  handle('data-folder:choose', async () => {
    if (!mainWindow || !running) return null;
    const picked = await dialog.showOpenDialog(mainWindow, {
      title: 'Choose the data folder',
      defaultPath: running.service.dataDir,
      properties: ['openDirectory', 'createDirectory'],
    });
    const folder = picked.canceled ? undefined : picked.filePaths[0];
    if (!folder) return null;
    // Restart the service on the new folder (the batch in flight is finished first); if the
    // folder cannot be used, go back to the previous one and say why.
    const previous = running.service.dataDir;
    // A folder another generator writes is refused while this one keeps running.
    if (resolve(folder) !== resolve(previous)) DataFolderLock.assertFree(folder, APP_WRITER);
    await running.stop();
    try {
      running = await startService(folder);
    } catch (err) {
      running = await startService(previous);
      await mainWindow.loadURL(running.url);
      throw err;
    }
    saveSettings(settingsFile, { dataDir: folder });
    await mainWindow.loadURL(running.url);
    return folder;
  });
  handle('data-folder:open', async () => {
    if (running) await shell.openPath(running.service.dataDir);
    return null;
  });
  handle('exercise:reveal', async (id) => {
    // Only an exercise id, never a path from the page: the file is the app's own.
    if (!running || typeof id !== 'string' || !/^\d{2}-[a-z0-9-]+$/.test(id))
      throw new Error(`not an exercise: ${String(id)}`);
    const notebook = join(running.service.dataDir, 'exercises', id, `${id}.ipynb`);
    if (!existsSync(notebook)) throw new Error(`${notebook} does not exist: Prepare data first`);
    shell.showItemInFolder(notebook);
    return null;
  });
  handle('external:open', async (url) => {
    const target = externalTarget(url);
    if (!target) throw new Error(`not an allowed external address: ${url}`);
    await openExternalTarget(target);
    return null;
  });
}

/**
 * Opens an allowed destination by its literal address, never by the text of a link. Literals
 * (which the security scan can read), checked against EXTERNAL_TARGETS by security.test.ts.
 */
async function openExternalTarget(target: ExternalTarget): Promise<void> {
  switch (target) {
    case 'spark-master-ui':
      return shell.openExternal('http://127.0.0.1:17080/');
    case 'spark-application-ui':
      return shell.openExternal('http://127.0.0.1:14040/');
    case 'spark-docs':
      return shell.openExternal('https://spark.apache.org/docs/3.5.8/');
  }
}

/** The tray drives the generator through its own HTTP API, like every other client. */
async function api(path: string, method = 'GET'): Promise<{ status?: string }> {
  if (!running) return {};
  const response = await fetch(`${running.url}${path}`, { method });
  return (await response.json()) as { status?: string };
}

function createTray(): void {
  const icon = nativeImage
    .createFromPath(join(resources, 'build', 'icon.png'))
    .resize({ width: 18, height: 18 });
  tray = new Tray(icon);
  tray.setToolTip('Spark Experiments');
  const showStatus = (status: string | undefined) => {
    const paused = status === 'paused';
    tray?.setContextMenu(
      Menu.buildFromTemplate([
        { label: `Generator: ${status ?? 'unknown'}`, enabled: false },
        {
          label: paused ? 'Resume' : 'Pause',
          // The new status arrives as a health event on the stream.
          click: () =>
            void api(paused ? '/api/resume' : '/api/pause', 'POST').catch((err: unknown) =>
              running?.service.log.warn(`the tray could not ${paused ? 'resume' : 'pause'}`, {
                error: err instanceof Error ? err.message : String(err),
              }),
            ),
        },
        { label: 'Show', click: () => showWindow() },
        { type: 'separator' },
        { label: 'Quit', click: () => app.quit() },
      ]),
    );
  };
  showStatus(undefined);
  followHealth({ baseUrl: () => running?.url, onStatus: showStatus });
}

// Graceful quit: the batch in flight is committed or discarded, never left half-written.
app.on('before-quit', (event) => {
  if (!running || quitting) return;
  quitting = true;
  event.preventDefault();
  const server = running;
  running = undefined;
  void server.stop().finally(() => app.exit(0));
});

app.on('window-all-closed', () => {
  if (!tray) app.quit();
});

function fatal(err: unknown): void {
  dialog.showErrorBox(
    'Spark Experiments could not start',
    err instanceof Error ? err.message : String(err),
  );
  app.exit(err instanceof DataDirInUseError ? 2 : 1);
}
