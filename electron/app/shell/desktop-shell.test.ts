// The desktop shell under plain Node: the stand-in Electron of testing/fake-electron.ts, the
// real service on 127.0.0.1, real child processes. The real binary is driven by
// e2e/electron.spec.ts where one is installed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VIEWS } from '../../../shared/views.ts';
import { ChildLedger, processIdentity } from '../../service/platform/child-ledger.ts';
import { type LaunchedShell, launchShell, REPO_ROOT, until } from './testing/shell-harness.ts';

const launched: LaunchedShell[] = [];
afterEach(async () => {
  await Promise.all(launched.splice(0).map((s) => s.close()));
});
function launch(options: Parameters<typeof launchShell>[0] = {}): LaunchedShell {
  const shell = launchShell(options);
  launched.push(shell);
  return shell;
}

describe('one app at a time', () => {
  it('a second launch quits at once, starting nothing', async () => {
    const shell = launch({ primary: false });
    await new Promise((r) => setImmediate(r));
    expect(shell.fake.calls).toEqual(['requestSingleInstanceLock', 'quit', 'quit:done']);
    expect(shell.fake.windows).toHaveLength(0);
    expect(shell.fake.trays).toHaveLength(0);
    expect(shell.servers).toHaveLength(0);
  });

  it('the first app brings its window to the front when a second is launched', async () => {
    const shell = launch();
    await shell.started();
    const window = shell.window();
    window.minimize();
    window.hide();
    shell.fake.app.emit('second-instance', {}, ['spark-experiments'], '/');
    expect(window.isMinimized()).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(1);
    expect(shell.fake.windows).toHaveLength(1);
  });
});

describe('the window', () => {
  it('is isolated and sandboxed, with the preload as the only bridge, and shows the dashboard', async () => {
    const shell = launch();
    await shell.started();
    const window = shell.window();
    expect(window.options.webPreferences).toEqual({
      preload: join(REPO_ROOT, 'dist-electron', 'preload.cjs'),
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
    });
    expect(window.options.show).toBe(false);
    const url = shell.servers[0]?.url as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(window.urls).toEqual([url]);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
    // The dashboard really answers there.
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });

  it('keeps new windows, navigation away and webviews out', async () => {
    const shell = launch();
    await shell.started();
    const contents = shell.window().webContents;
    shell.fake.app.emit('web-contents-created', {}, contents);
    const away = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    contents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.defaultPrevented).toBe(true);
    const home = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    contents.emit('will-navigate', home, `${shell.servers[0]?.url}/`);
    expect(home.defaultPrevented).toBe(false);
    expect(contents.windowOpenHandler?.({ url: 'http://127.0.0.1:17080/' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
    await until(() => shell.fake.opened.length > 0, 'the allowed link to open');
    expect(shell.fake.opened).toEqual(['http://127.0.0.1:17080/']);
  });
});

describe('the application menu', () => {
  it("mirrors the rail: a view's item shows the window at that view's address", async () => {
    const shell = launch();
    await shell.started();
    const url = shell.servers[0]?.url as string;
    const view = shell.fake.applicationMenu()?.items.find((m) => m.label === 'View');
    const item = (label: string) => view?.submenu?.find((i) => i.label === label);
    expect(view?.submenu?.filter((i) => i.id?.startsWith('view-')).map((i) => i.label)).toEqual(
      VIEWS.map((v) => v.label),
    );
    item('Pipeline')?.click?.();
    expect(shell.window().urls).toEqual([url, `${url}/#/pipeline`]);
    // With the window closed (no tray: the app would have quit; here the window is gone), a
    // view opens a new window straight at its address.
    shell.window().destroyed = true;
    item('Projector')?.click?.();
    expect(shell.fake.windows).toHaveLength(2);
    expect(shell.window().urls).toEqual([`${url}/#/projector`]);
  });
});

describe('permissions', () => {
  it('grants clipboard writes to the app own pages only, and nothing else', async () => {
    const shell = launch();
    await shell.started();
    const origin = new URL(shell.servers[0]?.url as string).origin;
    const { requestHandler, checkHandler } = shell.fake.session;
    const ask = (permission: string, requestingUrl: string) =>
      new Promise<boolean>((resolve) =>
        requestHandler?.({}, permission, resolve, { requestingUrl, isMainFrame: true }),
      );
    expect(await ask('clipboard-sanitized-write', `${origin}/`)).toBe(true);
    expect(await ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(await ask('clipboard-read', `${origin}/`)).toBe(false);
    expect(await ask('media', `${origin}/`)).toBe(false);
    expect(await ask('notifications', `${origin}/`)).toBe(false);
    expect(checkHandler?.(null, 'clipboard-sanitized-write', origin, {})).toBe(true);
    expect(checkHandler?.(null, 'clipboard-sanitized-write', 'http://127.0.0.1:1', {})).toBe(false);
    expect(checkHandler?.(null, 'geolocation', origin, {})).toBe(false);
  });
});

describe('closing the window and bringing it back', () => {
  it('closing hides the window into the tray; the Dock icon (activate) shows it again', async () => {
    const shell = launch({ platform: 'darwin', env: { ...process.env, SHELL: '/bin/false' } });
    await shell.started();
    const window = shell.window();
    window.show();
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.visible).toBe(false);
    shell.fake.app.emit('activate', {}, false);
    expect(window.visible).toBe(true);
    expect(shell.fake.windows).toHaveLength(1);
  });

  it('activate opens a new window when the old one is gone', async () => {
    const shell = launch();
    await shell.started();
    shell.window().destroyed = true;
    shell.fake.app.emit('activate', {}, false);
    expect(shell.fake.windows).toHaveLength(2);
    expect(shell.window().urls).toEqual([shell.servers[0]?.url]);
  });

  it('on Windows a left click on the tray icon shows the window; elsewhere the click opens the menu', async () => {
    const windows = launch({ platform: 'win32' });
    await windows.started();
    windows.window().close();
    expect(windows.window().visible).toBe(false);
    windows.fake.trays[0]?.emit('click');
    expect(windows.window().visible).toBe(true);

    const linux = launch({ platform: 'linux' });
    await linux.started();
    expect(linux.fake.trays[0]?.listenerCount('click')).toBe(0);
  });
});

describe('the tray', () => {
  it("follows the generator's status and pauses and resumes it through the API", async () => {
    const shell = launch();
    await shell.started();
    const tray = shell.fake.trays[0];
    if (!tray) throw new Error('no tray');
    expect(tray.tooltip).toBe('Spark Experiments');
    await until(() => tray.labels()[0] === 'Generator: running', 'the running status');
    tray.item('Pause').click?.();
    await until(() => tray.labels()[0] === 'Generator: paused', 'the paused status');
    const health = (await (await fetch(`${shell.servers[0]?.url}/api/health`)).json()) as {
      status: string;
    };
    expect(health.status).toBe('paused');
    tray.item('Resume').click?.();
    await until(() => tray.labels()[0] === 'Generator: running', 'the running status again');
  });
});

describe('quitting', () => {
  it('stops the service and every program the app started, then exits', async () => {
    const ledger = new ChildLedger();
    const shell = launch({ ledger });
    await shell.started();
    // A check's Python, say: a program the service started and that is still running.
    const check = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      stdio: 'ignore',
    });
    ledger.track(check, { label: 'python3', group: false, lasting: true });
    const url = shell.servers[0]?.url as string;
    shell.fake.app.quit();
    expect(shell.fake.calls).not.toContain('quit:done'); // held until everything is stopped
    expect(await shell.fake.exited).toBe(0);
    expect(check.exitCode !== null || check.signalCode !== null).toBe(true);
    expect(processIdentity(check.pid as number)).toBeUndefined();
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
    // No question asked: no pipeline ran in Docker.
    expect(shell.fake.messageBoxes).toEqual([]);
  });

  it('ends at the next start what a crashed run left running, before the service starts', async () => {
    // A daemon of a run that crashed: still running, recorded in the user-data folder.
    const leftover = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      stdio: 'ignore',
      detached: true,
    });
    const pid = leftover.pid as number;
    await until(() => processIdentity(pid) !== undefined, 'the leftover to run');
    const record = { pid, identity: processIdentity(pid), label: 'spark-class', group: true };
    const shell = launch({ userDataFiles: { 'children.json': JSON.stringify([record]) } });
    await shell.started();
    // Ended before the service was started (started() waits for the window, after the service).
    expect(shell.servers).toHaveLength(1);
    await until(() => leftover.signalCode !== null, 'the leftover to be reaped');
    expect(leftover.signalCode).toBe('SIGTERM');
  });
});

describe('macOS PATH', () => {
  it('is completed before the service starts, on darwin only', async () => {
    const finder = '/usr/bin:/bin:/usr/sbin:/sbin';
    const exists = (folder: string) => folder === '/usr/local/bin';
    const mac = launch({ platform: 'darwin', env: { PATH: finder, SHELL: '/bin/false' }, exists });
    await mac.started();
    expect(mac.pathAtStart).toEqual([`${finder}:/usr/local/bin`]);
    const linux = launch({ platform: 'linux', env: { PATH: finder, SHELL: '/bin/false' }, exists });
    await linux.started();
    expect(linux.pathAtStart).toEqual([finder]);
  });
});
