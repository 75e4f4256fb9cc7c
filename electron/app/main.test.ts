// main.ts is only the entry: it hands Electron (here a stand-in) to the desktop shell, which
// takes the single-instance lock and listens for the app's events before Electron is ready.
// What the shell then does is tested in shell/*.test.ts.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import type { FakeElectron } from './shell/testing/fake-electron.ts';

const stand = vi.hoisted(() => ({ fake: undefined as FakeElectron | undefined, root: '' }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./shell/testing/fake-electron.ts');
  stand.root = mkdtempSync(join(tmpdir(), 'spark-exp-main-'));
  const paths = {
    userData: join(stand.root, 'user-data'),
    home: join(stand.root, 'home'),
    documents: join(stand.root, 'home', 'Documents'),
  };
  for (const dir of Object.values(paths)) mkdirSync(dir, { recursive: true });
  stand.fake = createFakeElectron({ paths, appPath: stand.root });
  return stand.fake.electron;
});
afterAll(() => rmSync(stand.root, { recursive: true, force: true }));

it('hands Electron to the shell, which takes the lock and listens before Electron is ready', async () => {
  await import('./main.ts');
  const fake = stand.fake as FakeElectron;
  expect(fake.calls).toEqual(['requestSingleInstanceLock']);
  for (const event of ['second-instance', 'activate', 'before-quit', 'window-all-closed'])
    expect(fake.app.listenerCount(event), event).toBe(1);
  expect(fake.windows).toEqual([]);
});
