// The desktop shell: hosts the same service as `npm run serve` on 127.0.0.1 and shows its
// dashboard in a locked-down window, with a tray. Everything Electron is passed in (main.ts
// passes the real module), and so are the platform, the environment and the places, so the
// shell runs under plain Node in its tests. It controls the generator only through the HTTP
// API; the rules it applies live in security.ts.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ViewId, viewAddress } from '../../../shared/views.ts';
import { loadPreset } from '../../service/dataset/presets.ts';
import { type RunningServer, startServer } from '../../service/http/server.ts';
import {
  type ChildLedger,
  childLedger,
  endLeftovers,
} from '../../service/platform/child-ledger.ts';
import { DataDirInUseError, DataFolderLock } from '../../service/platform/data-folder-lock.ts';
import { chooseDefaultDataDir, syncedDocumentsNote } from '../data-dir-default.ts';
import { completeMacPath } from '../mac-path.ts';
import { startOnPreferredPort } from '../preferred-port.ts';
import { type AppSettings, loadSettings, saveSettings } from '../settings.ts';
import { installAppMenu } from './app-menu.ts';
import { registerBridge } from './bridge.ts';
import { startOnUsableFolder } from './data-folder-choice.ts';
import type { AppWindow, ElectronApi } from './electron-api.ts';
import { bringToFront, createMainWindow } from './main-window.ts';
import { quitApp, stopJobThroughApi } from './quit.ts';
import { lockDownSession } from './session-rules.ts';
import { createTray } from './tray.ts';

/** How the app names itself to another generator refused its folder, and its way out. */
export const APP_WRITER = { command: 'the desktop app', otherwise: 'choose another data folder' };

export interface ShellOptions {
  electron: ElectronApi;
  platform: NodeJS.Platform;
  /** The process's environment: PATH is completed in place on macOS before the service starts. */
  env: NodeJS.ProcessEnv;
  /** The bundle's folder (dist-electron/ in a build), where preload.cjs is. */
  here: string;
  /** process.resourcesPath: presets/, docker/, exercises/ and the icon in a packaged app. */
  resourcesPath: string;
  preferredPort?: number;
  startServer?: typeof startServer;
  exists?: (path: string) => boolean;
  ledger?: ChildLedger;
}

export class DesktopShell {
  private running: RunningServer | undefined;
  private window: AppWindow | undefined;
  private tray: ReturnType<typeof createTray> | undefined;
  private quitting = false;
  private readonly resources: string;
  private readonly settingsFile: string;
  private settings: AppSettings | undefined;
  private readonly ledger: ChildLedger;

  constructor(private readonly o: ShellOptions) {
    const { app } = o.electron;
    this.resources = app.isPackaged ? o.resourcesPath : join(o.here, '..');
    this.settingsFile = join(app.getPath('userData'), 'settings.json');
    this.ledger = o.ledger ?? childLedger;
  }

  /** Wires the app's events; the service starts once Electron is ready. */
  launch(): void {
    const { app } = this.o.electron;
    // A second launch shows this one's window; the second process ends at once.
    if (!app.requestSingleInstanceLock()) {
      app.quit();
      return;
    }
    app.on('second-instance', () => this.showWindow());
    // macOS: clicking the Dock icon after the window was closed brings it back.
    app.on('activate', () => this.showWindow());
    app.on('before-quit', (event) => this.beforeQuit(event));
    app.on('window-all-closed', () => {
      if (!this.tray) app.quit();
    });
    app
      .whenReady()
      .then(() => this.start())
      .catch((err: unknown) => this.fatal(err));
  }

  private async start(): Promise<void> {
    const { app, dialog } = this.o.electron;
    const exists = this.o.exists ?? existsSync;
    const home = app.getPath('home');
    await completeMacPath({ platform: this.o.platform, env: this.o.env, home, exists });
    // What a crashed run left running is ended before its ports are wanted again.
    const ledgerFile = join(app.getPath('userData'), 'children.json');
    await endLeftovers(ledgerFile, { platform: this.o.platform });
    this.ledger.persistTo(ledgerFile);
    const documents = app.getPath('documents');
    const fallback = chooseDefaultDataDir({
      platform: this.o.platform,
      env: this.o.env,
      home,
      documents,
      exists,
    });
    const settings = loadSettings(this.settingsFile, { dataDir: fallback.dataDir });
    this.settings = settings;
    const running = await startOnUsableFolder({
      dialog,
      saved: settings.dataDir,
      fallback: fallback.dataDir,
      start: (dataDir) => this.startService(dataDir),
      save: (dataDir) => saveSettings(this.settingsFile, { ...settings, dataDir }),
    });
    if (!running) {
      app.exit(0);
      return;
    }
    this.running = running;
    // Say why the data is not in Documents (the log view shows it) while it is the default.
    const note =
      running.service.dataDir === fallback.dataDir && syncedDocumentsNote(fallback, documents);
    if (note) running.service.log.info(note);
    lockDownSession(
      this.o.electron,
      () => this.appOrigin(),
      () => this.running?.spark.ports,
    );
    registerBridge(
      this.o.electron.ipcMain,
      {
        electron: this.o.electron,
        window: () => this.window,
        dataDir: () => this.running?.service.dataDir,
        changeDataFolder: (folder) => this.changeDataFolder(folder),
        serviceUrl: () => this.running?.url,
        sparkPorts: () => this.running?.spark.ports,
      },
      () => this.appOrigin(),
    );
    installAppMenu(this.o.electron, {
      platform: this.o.platform,
      openView: (view) => this.showWindow(view),
      devTools: !app.isPackaged,
    });
    this.tray = createTray(this.o.electron, {
      resources: this.resources,
      platform: this.o.platform,
      actions: {
        baseUrl: () => this.running?.url,
        showWindow: () => this.showWindow(),
        quit: () => app.quit(),
        warn: (message, err) =>
          this.running?.service.log.warn(message, {
            error: err instanceof Error ? err.message : String(err),
          }),
      },
    });
    this.showWindow();
  }

  private startService(dataDir: string): Promise<RunningServer> {
    const presetsDir = join(this.resources, 'presets');
    const fallback = loadPreset('emulated', presetsDir);
    if (!fallback.ok) throw new Error('the shipped presets are damaged; reinstall the app');
    const options = {
      dataDir,
      fallbackConfig: fallback.config,
      presetsDir,
      uiDir: join(this.o.electron.app.getAppPath(), 'renderer', 'dist'),
      dockerDir: join(this.resources, 'docker'),
      exercisesDir: join(this.resources, 'exercises'),
      writer: APP_WRITER,
      sparkPorts: this.settings?.sparkPorts,
    };
    const start = this.o.startServer ?? startServer;
    return startOnPreferredPort(this.o.preferredPort ?? 18000, (port) =>
      start({ ...options, port }),
    );
  }

  /** Restarts the service on `folder` (the batch in flight is finished first); back on failure. */
  private async changeDataFolder(folder: string): Promise<void> {
    const running = this.running;
    if (!running) throw new Error('the service is not running');
    const previous = running.service.dataDir;
    // A folder another generator writes is refused while this one keeps running.
    if (resolve(folder) !== resolve(previous)) DataFolderLock.assertFree(folder, APP_WRITER);
    await running.stop();
    try {
      this.running = await this.startService(folder);
    } catch (err) {
      this.running = await this.startService(previous);
      await this.window?.loadURL(this.running.url);
      throw err;
    }
    saveSettings(this.settingsFile, { ...this.settings, dataDir: folder });
    await this.window?.loadURL(this.running.url);
  }

  /** The dashboard's origin now (it changes if the service restarts on another port). */
  private appOrigin(): string {
    return this.running ? new URL(this.running.url).origin : 'null';
  }

  /** Shows the window (created if need be), at `view`'s address if one is given. */
  private showWindow(view?: ViewId): void {
    if (!this.running) return;
    const address = view ? viewAddress(this.running.url, view) : this.running.url;
    if (this.window && !this.window.isDestroyed()) {
      bringToFront(this.window);
      // Only the hash changes: the page shows the view without reloading.
      if (view) void this.window.loadURL(address);
      return;
    }
    this.window = createMainWindow(this.o.electron, {
      here: this.o.here,
      hideOnClose: () => !this.quitting && this.tray !== undefined,
    });
    void this.window.loadURL(address);
  }

  // Graceful quit: the batch in flight is committed or discarded, never left half-written, and
  // nothing the app started is left running (quit.ts).
  private beforeQuit(event: { preventDefault(): void }): void {
    if (this.quitting) return;
    this.quitting = true;
    event.preventDefault();
    const { app, dialog } = this.o.electron;
    const server = this.running;
    void quitApp({
      dialog,
      jobs: async () => (server ? server.spark.status() : { jobs: [] }),
      stopJob: (id) => (server ? stopJobThroughApi(server.url, id) : Promise.resolve()),
      stopService: async () => {
        this.running = undefined;
        await server?.stop();
      },
      stopChildren: () => this.ledger.stopAll(5000),
    })
      .then((outcome) => {
        if (outcome === 'cancelled') {
          this.quitting = false;
          return;
        }
        this.tray?.stop();
        app.exit(0);
      })
      .catch(() => app.exit(1));
  }

  private fatal(err: unknown): void {
    const { app, dialog } = this.o.electron;
    dialog.showErrorBox(
      'Spark Experiments could not start',
      err instanceof Error ? err.message : String(err),
    );
    app.exit(err instanceof DataDirInUseError ? 2 : 1);
  }
}
