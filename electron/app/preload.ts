// The narrow bridge to the OS: one function per operation, nothing else reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
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

contextBridge.exposeInMainWorld('sparkExperiments', {
  chooseDataFolder: () => invoke('data-folder:choose'),
  openDataFolder: () => invoke('data-folder:open'),
  openExternal: (url: string) => invoke('external:open', url),
});
