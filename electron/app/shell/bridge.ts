// The main side of the preload's bridge: one table, one entry per channel of ipc.ts, each with
// the arguments it accepts and what it does. A message from anything but the app's window
// showing the app, or with arguments the channel does not take, is refused before any work.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SparkPorts } from '../../../shared/spark-ports.ts';
import type { IpcChannel, IpcChannels, IpcReply } from '../ipc.ts';
import { externalTarget, isExerciseNotebookUrl, isTrustedSender } from '../security.ts';
import type { AppWindow, ElectronApi } from './electron-api.ts';
import { openExternalTarget } from './external.ts';

/** What the handlers may use: the shell's state and actions, never the page's input as a path. */
export interface BridgeContext {
  electron: Pick<ElectronApi, 'dialog' | 'shell'>;
  window(): AppWindow | undefined;
  /** The data folder in use, or undefined while the service is not running. */
  dataDir(): string | undefined;
  /** Moves the service to `folder` (or back, and throws, when it cannot be used). */
  changeDataFolder(folder: string): Promise<void>;
  /** The service's address on loopback, or undefined while it is not running. */
  serviceUrl(): string | undefined;
  /** Spark's ports as the running service uses them. */
  sparkPorts(): SparkPorts | undefined;
}

interface Channel<C extends IpcChannel> {
  accepts(args: unknown[]): args is IpcChannels[C]['args'];
  handle(
    context: BridgeContext,
    ...args: IpcChannels[C]['args']
  ): Promise<IpcChannels[C]['result']>;
}

/** Arguments that only the shell's state can judge (the configured ports), refused the same way. */
class BridgeArgumentError extends Error {
  override readonly name = 'BridgeRefusal';
  readonly code = 'bad_arguments';
}

const none = (args: unknown[]): args is [] => args.length === 0;
const oneString = (args: unknown[]): args is [string] =>
  args.length === 1 && typeof args[0] === 'string' && args[0].length <= 2048;
const EXERCISE_ID = /^\d{2}-[a-z0-9-]+$/;

export const BRIDGE: { [C in IpcChannel]: Channel<C> } = {
  'data-folder:choose': {
    accepts: none,
    async handle(context) {
      const window = context.window();
      const current = context.dataDir();
      if (!window || current === undefined) return null;
      const picked = await context.electron.dialog.showOpenDialog(window, {
        title: 'Choose the data folder',
        defaultPath: current,
        properties: ['openDirectory', 'createDirectory'],
      });
      const folder = picked.canceled ? undefined : picked.filePaths[0];
      if (!folder) return null;
      await context.changeDataFolder(folder);
      return folder;
    },
  },
  'data-folder:open': {
    accepts: none,
    async handle(context) {
      const dir = context.dataDir();
      if (dir !== undefined) await context.electron.shell.openPath(dir);
      return null;
    },
  },
  'exercise:reveal': {
    // Only an exercise id, never a path from the page: the file is the app's own.
    accepts: (args): args is [string] => oneString(args) && EXERCISE_ID.test(args[0]),
    async handle(context, id) {
      const dir = context.dataDir();
      if (dir === undefined) throw new Error('the service is not running');
      const notebook = join(dir, 'exercises', id, `${id}.ipynb`);
      if (!existsSync(notebook)) throw new Error(`${notebook} does not exist: Prepare data first`);
      context.electron.shell.showItemInFolder(notebook);
      return null;
    },
  },
  'exercise:notebook': {
    // Only an exercise id: the main process asks its own service for the address (over
    // loopback, which the service trusts) and opens only what has that notebook's shape.
    accepts: (args): args is [string] => oneString(args) && EXERCISE_ID.test(args[0]),
    async handle(context, id) {
      const base = context.serviceUrl();
      if (base === undefined) throw new Error('the service is not running');
      const response = await fetch(`${base}/api/exercises/${id}/notebook`, { method: 'POST' });
      const body = (await response.json()) as { url?: unknown; message?: unknown };
      if (!response.ok) throw new Error(String(body.message ?? `HTTP ${response.status}`));
      if (
        typeof body.url !== 'string' ||
        !isExerciseNotebookUrl(body.url, id, context.sparkPorts())
      )
        throw new Error(`the service answered an unexpected notebook address for ${id}`);
      await context.electron.shell.openExternal(body.url);
      return null;
    },
  },
  'external:open': {
    accepts: (args): args is [string] => oneString(args),
    async handle(context, url) {
      const ports = context.sparkPorts();
      const target = externalTarget(url, ports);
      if (!target) throw new BridgeArgumentError(`not an allowed external address: ${url}`);
      await openExternalTarget(context.electron.shell, target, ports);
      return null;
    },
  },
};

type Reply = IpcReply<IpcChannels[IpcChannel]['result']>;

function refusal(code: string, message: string): Reply {
  return { error: { name: 'BridgeRefusal', message, code } };
}

/** Registers every channel of BRIDGE on ipcMain. */
export function registerBridge(
  ipcMain: ElectronApi['ipcMain'],
  context: BridgeContext,
  appOrigin: () => string,
): void {
  for (const name of Object.keys(BRIDGE) as IpcChannel[]) {
    const channel = BRIDGE[name] as Channel<IpcChannel>;
    ipcMain.handle(name, async (event, ...args: unknown[]): Promise<Reply> => {
      const fromAppWindow = event.sender === context.window()?.webContents;
      if (!isTrustedSender(event.senderFrame?.url, appOrigin(), fromAppWindow))
        return refusal('forbidden', 'IPC is only answered for the app window');
      if (!channel.accepts(args))
        return refusal('bad_arguments', `${name} does not take these arguments`);
      try {
        return { result: await channel.handle(context, ...(args as [])) };
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        return {
          error: {
            name: e.name ?? 'Error',
            message: e.message ?? String(err),
            code: e.code ?? null,
          },
        };
      }
    });
  }
}
