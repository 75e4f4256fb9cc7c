// A saved data folder the service cannot use: the shell asks "Choose another folder / Use the
// default / Quit" instead of stopping at every launch, and saves only a folder that works.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPreset } from '../../service/dataset/presets.ts';
import { type RunningServer, startServer } from '../../service/http/server.ts';
import { StoreError } from '../../service/kernel/errors.ts';
import { FOLDER_BUTTONS, inAppWords, isDataFolderProblem } from './data-folder-choice.ts';
import { type LaunchedShell, launchShell, REPO_ROOT } from './testing/shell-harness.ts';

const launched: LaunchedShell[] = [];
const scratch: string[] = [];
const others: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(launched.splice(0).map((s) => s.close()));
  await Promise.all(others.splice(0).map((s) => s.stop()));
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spark-exp-folder-'));
  scratch.push(dir);
  return dir;
}

/** A folder that cannot be made: its parent is a file (as on a drive that is not there). */
function unreachableFolder(): string {
  const parent = join(tempDir(), 'not-a-drive');
  writeFileSync(parent, '');
  return join(parent, 'data');
}

/** A data folder whose state file is damaged. */
function damagedFolder(): string {
  const dir = join(tempDir(), 'data');
  mkdirSync(join(dir, 'manifests'), { recursive: true });
  writeFileSync(join(dir, 'manifests', 'generator_state.json'), '{"version": 1, "epo');
  return dir;
}

function launchWith(savedDataDir: string, answers: number[], picks: string[] = []) {
  const shell = launchShell({ savedDataDir });
  launched.push(shell);
  shell.fake.messageBoxAnswers.push(...answers);
  for (const pick of picks)
    shell.fake.openDialogAnswers.push({ canceled: false, filePaths: [pick] });
  return shell;
}

const savedFolder = (shell: LaunchedShell) =>
  (JSON.parse(readFileSync(join(shell.userData, 'settings.json'), 'utf8')) as { dataDir: string })
    .dataDir;
const defaultFolder = (shell: LaunchedShell) => join(shell.documents, 'Spark Experiments', 'data');

describe('a data folder that cannot be used', () => {
  it('offers the three ways out, in words that fit the app, and uses the default when asked', async () => {
    const saved = unreachableFolder();
    const shell = launchWith(saved, [1]);
    await shell.started();
    const [box] = shell.fake.messageBoxes;
    expect(box?.buttons).toEqual([...FOLDER_BUTTONS]);
    expect(box?.message).toContain(saved);
    expect(String(box?.detail)).not.toContain('--data-dir');
    expect(String(box?.detail)).toContain('not writable (ENOTDIR)');
    expect(shell.servers[0]?.service.dataDir).toBe(defaultFolder(shell));
    expect(savedFolder(shell)).toBe(defaultFolder(shell));
    expect(shell.fake.errorBoxes).toEqual([]);
  });

  it('a damaged state file: another folder chosen is used and remembered', async () => {
    const saved = damagedFolder();
    const chosen = tempDir();
    const shell = launchWith(saved, [0], [chosen]);
    await shell.started();
    expect(String(shell.fake.messageBoxes[0]?.detail)).toMatch(/generator_state\.json/);
    expect(shell.servers.map((s) => s.service.dataDir)).toEqual([chosen]);
    expect(savedFolder(shell)).toBe(chosen);
    // The damaged folder is left as it was.
    expect(readFileSync(join(saved, 'manifests', 'generator_state.json'), 'utf8')).toBe(
      '{"version": 1, "epo',
    );
  });

  it('a folder another generator writes: the dialog names it, and the default is used', async () => {
    const busy = tempDir();
    const preset = loadPreset('emulated', join(REPO_ROOT, 'presets'));
    if (!preset.ok) throw new Error('presets');
    others.push(await startServer({ dataDir: busy, fallbackConfig: preset.config, port: 0 }));
    const shell = launchWith(busy, [1]);
    await shell.started();
    expect(String(shell.fake.messageBoxes[0]?.detail)).toMatch(/serve/);
    expect(shell.servers[0]?.service.dataDir).toBe(defaultFolder(shell));
  });

  it('asks again while the chosen folder cannot be used either, and saves nothing on Quit', async () => {
    const saved = unreachableFolder();
    // Choose another folder, cancel the picker (the same folder is tried again), then Quit.
    const shell = launchWith(saved, [0, 0, 2], [unreachableFolder()]);
    shell.fake.openDialogAnswers.push({ canceled: true, filePaths: [] });
    await shell.started();
    expect(await shell.fake.exited).toBe(0);
    expect(shell.fake.messageBoxes).toHaveLength(3);
    expect(shell.fake.windows).toEqual([]);
    expect(shell.servers).toEqual([]);
    expect(savedFolder(shell)).toBe(saved);
    expect(shell.fake.errorBoxes).toEqual([]);
  });

  it('other failures still end in the error box', () => {
    expect(isDataFolderProblem(new StoreError('state_unreadable', 'x'))).toBe(true);
    expect(isDataFolderProblem(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe(true);
    expect(
      isDataFolderProblem(new Error('the shipped presets are damaged; reinstall the app')),
    ).toBe(false);
  });
});

describe("the service's messages in the app's words", () => {
  it('names the folder picker, never the --data-dir flag', () => {
    expect(inAppWords('data dir /x is not writable (EACCES); choose another with --data-dir')).toBe(
      'data dir /x is not writable (EACCES); choose another folder',
    );
    expect(
      inAppWords('/x holds generated data but no state; clean it or choose another --data-dir'),
    ).toBe('/x holds generated data but no state; clean it or choose another data folder');
    expect(inAppWords('clean it, or use an empty --data-dir, then join')).toBe(
      'clean it, or use an empty data folder, then join',
    );
  });
});
