// A data folder the service cannot use (no permission, Controlled Folder Access, a drive that
// is not plugged in, a damaged state file, another generator's folder) no longer stops the app
// at every launch: the user chooses another folder, goes back to the default, or quits. The
// choice is saved only once the service runs on it.
import { StoreError } from '../../service/kernel/errors.ts';
import { DataDirInUseError } from '../../service/platform/data-folder-lock.ts';
import { DiskLowError } from '../../service/platform/free-space.ts';
import type { ElectronApi } from './electron-api.ts';

const FOLDER_ERRNOS = new Set([
  'EACCES',
  'EPERM',
  'ENOENT',
  'ENOTDIR',
  'EROFS',
  'EIO',
  'EBUSY',
  'ENOSPC',
  'EDQUOT',
]);

/** Whether starting failed because of the data folder (rather than, say, damaged presets). */
export function isDataFolderProblem(err: unknown): boolean {
  if (err instanceof StoreError || err instanceof DataDirInUseError || err instanceof DiskLowError)
    return true;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && FOLDER_ERRNOS.has(code);
}

/** The service's sentence in the app's words: the app has a folder picker, not a --data-dir flag. */
export function inAppWords(message: string): string {
  return message
    .replace(/(choose|use) another with --data-dir/g, '$1 another folder')
    .replace(/(another|an empty) --data-dir/g, '$1 data folder')
    .replace(/--data-dir/g, 'data folder');
}

export const FOLDER_BUTTONS = ['Choose another folder…', 'Use the default', 'Quit'] as const;

/**
 * Starts on `saved`; while the folder is the problem, asks what to do and starts again. Returns
 * what `start` returned, or undefined when the user chose Quit. Other failures are thrown.
 */
export async function startOnUsableFolder<T>(options: {
  dialog: ElectronApi['dialog'];
  saved: string;
  fallback: string;
  start: (dataDir: string) => Promise<T>;
  save: (dataDir: string) => void;
}): Promise<T | undefined> {
  const { dialog } = options;
  let dataDir = options.saved;
  for (;;) {
    try {
      const started = await options.start(dataDir);
      if (dataDir !== options.saved) options.save(dataDir);
      return started;
    } catch (err) {
      if (!isDataFolderProblem(err)) throw err;
      const { response } = await dialog.showMessageBox({
        type: 'warning',
        title: 'Spark Experiments',
        message: `The data folder ${dataDir} cannot be used`,
        detail: `${inAppWords(err instanceof Error ? err.message : String(err))}\n\nThe default folder is ${options.fallback}.`,
        buttons: [...FOLDER_BUTTONS],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
      });
      if (response === 0) {
        const picked = await dialog.showOpenDialog({
          title: 'Choose the data folder',
          defaultPath: options.fallback,
          properties: ['openDirectory', 'createDirectory'],
        });
        // Cancelled: the same folder is tried again (it may be plugged in by now), then asked about.
        if (!picked.canceled && picked.filePaths[0]) dataDir = picked.filePaths[0];
      } else if (response === 1) {
        dataDir = options.fallback;
      } else {
        return undefined;
      }
    }
  }
}
