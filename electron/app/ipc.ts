// The one typed channel map between the preload and the main process (after GitHub Desktop's
// ipc-shared.ts): each channel with its arguments and result. The preload exposes one
// function per channel, never ipcRenderer itself.
export interface IpcChannels {
  'data-folder:choose': { args: []; result: string | null };
  'data-folder:open': { args: []; result: null };
  'external:open': { args: [url: string]; result: null };
  'exercise:reveal': { args: [id: string]; result: null };
  'exercise:notebook': { args: [id: string]; result: null };
}

export type IpcChannel = keyof IpcChannels;

/** Errors survive the hop: the main side answers with a result or a plain error object. */
export type IpcReply<T> =
  | { result: T }
  | { error: { name: string; message: string; code: string | null } };
