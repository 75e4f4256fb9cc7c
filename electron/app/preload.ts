// The narrow bridge to the OS: one function per operation, nothing else reaches the page. Its
// shape is shared/desktop-bridge.ts, the type the renderer reads it by.
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopBridge, DesktopBridgeName } from '../../shared/desktop-bridge.ts';
import type { IpcChannel, IpcChannels, IpcReply } from './ipc.ts';

async function invoke<C extends IpcChannel>(
  channel: C,
  ...args: IpcChannels[C]['args']
): Promise<IpcChannels[C]['result']> {
  const reply = (await ipcRenderer.invoke(channel, ...args)) as IpcReply<IpcChannels[C]['result']>;
  if ('error' in reply) {
    const error = new Error(reply.error.message);
    error.name = reply.error.name;
    throw error;
  }
  return reply.result;
}

contextBridge.exposeInMainWorld(
  'sparkExperiments' satisfies DesktopBridgeName,
  {
    chooseDataFolder: () => invoke('data-folder:choose'),
    openDataFolder: () => invoke('data-folder:open'),
    openExternal: (url: string) => invoke('external:open', url),
    revealExerciseNotebook: (id: string) => invoke('exercise:reveal', id),
    openExerciseNotebook: (id: string) => invoke('exercise:notebook', id),
  } satisfies DesktopBridge,
);
