import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseDefaultDataDir } from './data-dir-default.ts';
import { loadSettings, saveSettings } from './settings.ts';

const dir = mkdtempSync(join(tmpdir(), 'spark-exp-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app settings', () => {
  const file = join(dir, 'nested', 'settings.json');
  const defaults = {
    dataDir: chooseDefaultDataDir({
      platform: 'linux',
      env: {},
      home: '/home/u',
      documents: '/home/u/Documents',
      exists: () => false,
    }).dataDir,
  };

  it('defaults to <Documents>/Spark Experiments/data', () => {
    expect(loadSettings(file, defaults)).toEqual({
      dataDir: join('/home/u/Documents', 'Spark Experiments', 'data'),
    });
  });

  it('remembers the chosen data folder', () => {
    saveSettings(file, { dataDir: '/data/class' });
    expect(loadSettings(file, defaults)).toEqual({ dataDir: '/data/class' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ dataDir: '/data/class' });
  });

  it("keeps Spark's ports, leaving out what is not a port", () => {
    writeFileSync(
      file,
      JSON.stringify({
        dataDir: '/data/class',
        sparkPorts: { notebook: 28888, masterUi: 'x', master: 70000, appUi: 24040.5, other: 1 },
      }),
    );
    expect(loadSettings(file, defaults)).toEqual({
      dataDir: '/data/class',
      sparkPorts: { notebook: 28888 },
    });
    writeFileSync(file, JSON.stringify({ dataDir: '/data/class', sparkPorts: 'all' }));
    expect(loadSettings(file, defaults)).toEqual({ dataDir: '/data/class' });
  });

  it('falls back to the defaults on a damaged file', () => {
    writeFileSync(file, '{"dataDir": ');
    expect(loadSettings(file, defaults)).toEqual(defaults);
    writeFileSync(file, '{"dataDir": 42}');
    expect(loadSettings(file, defaults)).toEqual(defaults);
  });
});
