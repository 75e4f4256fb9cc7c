// Where the desktop app keeps its data when the user has not chosen a folder. Documents is the
// usual place, unless OneDrive or iCloud Drive syncs it: a sync client uploads every batch,
// holds files while it does (renames then fail), and may evict files to the cloud. The data is
// reproducible from its seed, so a local folder loses nothing.
import { posix, win32 } from 'node:path';

export interface DataDirPlaces {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** The Documents folder as the system names it (Electron's `app.getPath('documents')`). */
  documents: string;
  /** Whether a folder exists (macOS: is iCloud's "Desktop & Documents" on?). */
  exists: (path: string) => boolean;
}

export interface DataDirDefault {
  dataDir: string;
  /** Set when Documents is synced: which service, to say why the data is elsewhere. */
  syncedBy?: 'OneDrive' | 'iCloud Drive';
}

const APP_FOLDER = 'Spark Experiments';

/** <Documents>/Spark Experiments/data, or a local folder when Documents is synced. */
export function chooseDefaultDataDir(places: DataDirPlaces): DataDirDefault {
  if (places.platform === 'win32') {
    if (!oneDriveSyncs(places))
      return { dataDir: win32.join(places.documents, APP_FOLDER, 'data') };
    const local = places.env.LOCALAPPDATA || win32.join(places.home, 'AppData', 'Local');
    return { dataDir: win32.join(local, APP_FOLDER, 'data'), syncedBy: 'OneDrive' };
  }
  if (places.platform === 'darwin' && iCloudSyncs(places)) {
    const support = posix.join(places.home, 'Library', 'Application Support');
    return { dataDir: posix.join(support, APP_FOLDER, 'data'), syncedBy: 'iCloud Drive' };
  }
  return { dataDir: posix.join(places.documents, APP_FOLDER, 'data') };
}

/** One sentence for the log: where the data went, and why not into Documents. */
export function syncedDocumentsNote(choice: DataDirDefault, documents: string): string | undefined {
  if (!choice.syncedBy) return undefined;
  return `data folder ${choice.dataDir}: ${documents} is synced by ${choice.syncedBy}, which would upload every batch and can hold files the generator renames; choose another folder in the app to change it`;
}

function oneDriveSyncs({ env, documents }: DataDirPlaces): boolean {
  const parts = win32.normalize(documents).split(win32.sep);
  if (parts.some((part) => /^onedrive\b/i.test(part))) return true;
  return ['OneDrive', 'OneDriveConsumer', 'OneDriveCommercial'].some((name) => {
    const root = env[name];
    return root ? isWithin(win32, root, documents, true) : false;
  });
}

function iCloudSyncs({ home, documents, exists }: DataDirPlaces): boolean {
  const mobile = posix.join(home, 'Library', 'Mobile Documents');
  if (isWithin(posix, mobile, documents, false)) return true;
  // "Desktop & Documents Folders" keeps ~/Documents where it was and syncs it from here.
  return exists(posix.join(mobile, 'com~apple~CloudDocs', 'Documents'));
}

/** Whether `path` is `root` or inside it, by whole path segments. */
function isWithin(
  path: typeof posix | typeof win32,
  root: string,
  inside: string,
  caseless: boolean,
): boolean {
  const fold = (s: string) => (caseless ? s.toLowerCase() : s);
  const rel = path.relative(fold(path.resolve(root)), fold(path.resolve(inside)));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
