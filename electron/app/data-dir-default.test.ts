import { describe, expect, it } from 'vitest';
import {
  chooseDefaultDataDir,
  type DataDirPlaces,
  syncedDocumentsNote,
} from './data-dir-default.ts';

const none = () => false;

function windows(documents: string, env: DataDirPlaces['env'] = {}): DataDirPlaces {
  return {
    platform: 'win32',
    env: { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local', ...env },
    home: 'C:\\Users\\ana',
    documents,
    exists: none,
  };
}

function mac(documents: string, exists: (path: string) => boolean = none): DataDirPlaces {
  return { platform: 'darwin', env: {}, home: '/Users/ana', documents, exists };
}

const localWindows = 'C:\\Users\\ana\\AppData\\Local\\Spark Experiments\\data';
const localMac = '/Users/ana/Library/Application Support/Spark Experiments/data';

describe('the default data folder stays out of synced Documents folders', () => {
  it('Windows: a plain Documents folder keeps <Documents>\\Spark Experiments\\data', () => {
    const choice = chooseDefaultDataDir(
      windows('C:\\Users\\ana\\Documents', { OneDrive: 'C:\\Users\\ana\\OneDrive' }),
    );
    expect(choice).toEqual({ dataDir: 'C:\\Users\\ana\\Documents\\Spark Experiments\\data' });
  });

  it('Windows: Documents moved into OneDrive goes to %LOCALAPPDATA% instead', () => {
    expect(chooseDefaultDataDir(windows('C:\\Users\\ana\\OneDrive\\Documents'))).toEqual({
      dataDir: localWindows,
      syncedBy: 'OneDrive',
    });
    expect(
      chooseDefaultDataDir(windows('C:\\Users\\ana\\OneDrive - Contoso Ltd\\Documents')).dataDir,
    ).toBe(localWindows);
  });

  it('Windows: a OneDrive root from the environment holding Documents counts, in any case', () => {
    for (const name of ['OneDrive', 'OneDriveConsumer', 'OneDriveCommercial']) {
      const places = windows('D:\\Sync\\Ana\\Documents', { [name]: 'd:\\sync\\ana' });
      expect(chooseDefaultDataDir(places)).toEqual({ dataDir: localWindows, syncedBy: 'OneDrive' });
    }
    // A prefix by whole folders only: D:\Sync\Anabel is not inside D:\Sync\Ana.
    const sibling = windows('D:\\Sync\\Anabel\\Documents', { OneDrive: 'D:\\Sync\\Ana' });
    expect(chooseDefaultDataDir(sibling).syncedBy).toBeUndefined();
  });

  it('Windows: without LOCALAPPDATA the local folder is under the profile', () => {
    const places = { ...windows('C:\\Users\\ana\\OneDrive\\Documents'), env: {} };
    expect(chooseDefaultDataDir(places).dataDir).toBe(localWindows);
  });

  it('macOS: plain ~/Documents keeps ~/Documents/Spark Experiments/data', () => {
    expect(chooseDefaultDataDir(mac('/Users/ana/Documents'))).toEqual({
      dataDir: '/Users/ana/Documents/Spark Experiments/data',
    });
  });

  it('macOS: iCloud "Desktop & Documents" goes to Application Support instead', () => {
    const synced = (path: string) =>
      path === '/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/Documents';
    expect(chooseDefaultDataDir(mac('/Users/ana/Documents', synced))).toEqual({
      dataDir: localMac,
      syncedBy: 'iCloud Drive',
    });
  });

  it('macOS: a Documents path inside ~/Library/Mobile Documents goes to Application Support', () => {
    const places = mac('/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/Documents');
    expect(chooseDefaultDataDir(places)).toEqual({ dataDir: localMac, syncedBy: 'iCloud Drive' });
  });

  it('Linux: Documents as before, even with OneDrive-looking names', () => {
    const places: DataDirPlaces = {
      platform: 'linux',
      env: { OneDrive: '/home/ana' },
      home: '/home/ana',
      documents: '/home/ana/OneDrive/Documents',
      exists: () => true,
    };
    expect(chooseDefaultDataDir(places)).toEqual({
      dataDir: '/home/ana/OneDrive/Documents/Spark Experiments/data',
    });
  });

  it('says where the data went and why, only when Documents is synced', () => {
    const documents = 'C:\\Users\\ana\\OneDrive\\Documents';
    const note = syncedDocumentsNote(chooseDefaultDataDir(windows(documents)), documents);
    expect(note).toContain(localWindows);
    expect(note).toContain(`${documents} is synced by OneDrive`);
    const plain = 'C:\\Users\\ana\\Documents';
    expect(syncedDocumentsNote(chooseDefaultDataDir(windows(plain)), plain)).toBeUndefined();
  });
});
