// A stand-in for the parts of Electron the shell uses (shell/electron-api.ts), for tests under
// plain Node: it records what the shell asks for, answers dialogs from a script, and lets a test
// fire what Electron would (ready, second-instance, activate, before-quit, a tray click, an IPC
// message, a permission request). Behaviour follows Electron's documentation where it matters
// to the shell: quit() emits before-quit, which may be prevented; exit() emits nothing.
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(): FakeEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class Emitter {
  private readonly emitter = new EventEmitter();
  on(event: string, listener: Listener): this {
    this.emitter.on(event, listener);
    return this;
  }
  once(event: string, listener: Listener): this {
    this.emitter.once(event, listener);
    return this;
  }
  emit(event: string, ...args: unknown[]): boolean {
    return this.emitter.emit(event, ...args);
  }
  listenerCount(event: string): number {
    return this.emitter.listenerCount(event);
  }
}

export class FakeWebContents extends Emitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

/** A menu item as the shell writes it (Electron's MenuItemConstructorOptions, loosely). */
export interface FakeMenuItem {
  id?: string;
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: FakeMenuItem[];
}
export interface FakeMenu {
  items: FakeMenuItem[];
}

export function createFakeElectron(options: {
  paths: Record<'userData' | 'home' | 'documents', string>;
  appPath: string;
  /** Whether this process gets the single-instance lock. */
  primary?: boolean;
}) {
  const calls: string[] = [];
  const windows: FakeBrowserWindow[] = [];
  const trays: FakeTray[] = [];
  const messageBoxAnswers: number[] = [];
  const openDialogAnswers: Array<{ canceled: boolean; filePaths: string[] }> = [];
  const ipcHandlers = new Map<string, Listener>();
  const opened: string[] = [];
  const shown: string[] = [];
  const messageBoxes: Array<Record<string, unknown>> = [];
  const errorBoxes: Array<[string, string]> = [];
  let exitCode: number | undefined;
  let applicationMenu: FakeMenu | null = null;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  let markExited: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => {
    markExited = resolve;
  });

  class FakeApp extends Emitter {
    isPackaged = false;
    getPath(name: keyof typeof options.paths): string {
      return options.paths[name];
    }
    getAppPath(): string {
      return options.appPath;
    }
    requestSingleInstanceLock(): boolean {
      calls.push('requestSingleInstanceLock');
      return options.primary ?? true;
    }
    whenReady(): Promise<void> {
      return ready;
    }
    quit(): void {
      calls.push('quit');
      const event = fakeEvent();
      this.emit('before-quit', event);
      if (!event.defaultPrevented) calls.push('quit:done');
    }
    exit(code = 0): void {
      calls.push(`exit:${code}`);
      exitCode = code;
      markExited(code);
    }
  }
  const app = new FakeApp();

  class FakeBrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    readonly urls: string[] = [];
    visible = false;
    minimized = false;
    destroyed = false;
    focused = 0;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    loadURL(url: string): Promise<void> {
      this.urls.push(url);
      return Promise.resolve();
    }
    show(): void {
      this.visible = true;
    }
    hide(): void {
      this.visible = false;
    }
    focus(): void {
      this.focused++;
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    minimize(): void {
      this.minimized = true;
    }
    restore(): void {
      this.minimized = false;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    /** The user closes the window: the shell may prevent it (and hide it instead). */
    close(): void {
      const event = fakeEvent();
      this.emit('close', event);
      if (event.defaultPrevented) return;
      this.destroyed = true;
      this.visible = false;
      this.emit('closed');
      if (windows.every((w) => w.destroyed)) app.emit('window-all-closed');
    }
  }

  class FakeTray extends Emitter {
    tooltip = '';
    menu: { items: Array<{ label?: string; click?: () => void; enabled?: boolean }> } | undefined;
    constructor(readonly icon: unknown) {
      super();
      trays.push(this);
    }
    setToolTip(text: string): void {
      this.tooltip = text;
    }
    setContextMenu(menu: FakeTray['menu']): void {
      this.menu = menu;
    }
    labels(): string[] {
      return (this.menu?.items ?? []).flatMap((i) => (i.label ? [i.label] : []));
    }
    item(label: string) {
      const found = this.menu?.items.find((i) => i.label === label);
      if (!found) throw new Error(`no tray menu item ${label}: ${this.labels().join(', ')}`);
      return found;
    }
  }

  const session = {
    requestHandler: undefined as Listener | undefined,
    checkHandler: undefined as Listener | undefined,
    headersHandler: undefined as Listener | undefined,
    setPermissionRequestHandler(handler: Listener) {
      this.requestHandler = handler;
    },
    setPermissionCheckHandler(handler: Listener) {
      this.checkHandler = handler;
    },
    webRequest: {
      onHeadersReceived(handler: Listener) {
        session.headersHandler = handler;
      },
    },
  };

  const image = { resize: () => image };
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: {
      buildFromTemplate: (items: FakeMenuItem[]) => ({ items }),
      setApplicationMenu(menu: FakeMenu | null) {
        applicationMenu = menu;
      },
    },
    nativeImage: { createFromPath: () => image },
    ipcMain: {
      handle(channel: string, handler: Listener) {
        ipcHandlers.set(channel, handler);
      },
    },
    shell: {
      async openExternal(url: string) {
        opened.push(url);
      },
      async openPath(path: string) {
        opened.push(path);
        return '';
      },
      showItemInFolder(path: string) {
        shown.push(path);
      },
    },
    dialog: {
      async showMessageBox(...args: unknown[]) {
        const box = args.find((a) => typeof a === 'object' && a !== null && 'buttons' in a);
        messageBoxes.push(box as Record<string, unknown>);
        const response = messageBoxAnswers.shift();
        if (response === undefined) throw new Error('the test gave no answer for this dialog');
        return { response, checkboxChecked: false };
      },
      async showOpenDialog() {
        const answer = openDialogAnswers.shift();
        if (!answer) throw new Error('the test gave no answer for the folder picker');
        return answer;
      },
      showErrorBox(title: string, content: string) {
        errorBoxes.push([title, content]);
      },
    },
    session: { defaultSession: session },
  };

  return {
    electron,
    app,
    session,
    calls,
    windows,
    trays,
    opened,
    shown,
    messageBoxes,
    messageBoxAnswers,
    openDialogAnswers,
    errorBoxes,
    exited,
    exitCode: () => exitCode,
    /** The menu the shell set with Menu.setApplicationMenu, if any. */
    applicationMenu: () => applicationMenu,
    /** Electron finished starting (app.whenReady resolves). */
    ready: () => markReady(),
    /** An IPC message from `sender` showing `url`, as ipcRenderer.invoke would send it. */
    invoke(channel: string, from: { sender: unknown; url: string }, ...args: unknown[]) {
      const handler = ipcHandlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return handler({ sender: from.sender, senderFrame: { url: from.url } }, ...args) as Promise<
        { result: unknown } | { error: { name: string; message: string; code: string | null } }
      >;
    },
    channels: () => [...ipcHandlers.keys()].sort(),
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
