// Electron's installer stood in by small scripts that behave as it does: exit 0 at once when
// the binary (or the cached zip) is there, or log the download through `debug` and fetch.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installElectron } from './electron-install.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-electron-install-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function installer(name: string, body: string): string {
  const file = join(scratch, `${name}.mjs`);
  writeFileSync(file, body);
  return file;
}

// What @electron/get's `debug` logger prints when DEBUG names it (stderr, not a TTY).
const DEBUG_LOG = `const on = (process.env.DEBUG ?? '').split(',').includes('@electron/get:index');
const d = (m) => { if (on) process.stderr.write(new Date().toISOString() + ' @electron/get:index ' + m + '\\n'); };`;

async function run(file: string, env: NodeJS.ProcessEnv = {}) {
  const said: string[] = [];
  const ok = await installElectron({
    installer: file,
    cwd: scratch,
    env: { PATH: process.env.PATH, ...env },
    say: (line) => said.push(line),
  });
  return { ok, said };
}

describe('installElectron', { concurrent: true }, () => {
  it('says nothing when the installer finds the binary there (no download happens)', async () => {
    const file = installer('installed', `${DEBUG_LOG}\nprocess.exit(0);\n`);
    expect(await run(file)).toEqual({ ok: true, said: [] });
  });

  it('says nothing when the zip comes from the cache', async () => {
    const file = installer(
      'cached',
      `${DEBUG_LOG}\nd('Checking the cache (/c) for electron-v45.zip (https://github.com/x)');\nd('Cache hit');\n`,
    );
    expect(await run(file)).toEqual({ ok: true, said: [] });
  });

  it('says Downloading once the installer starts fetching', async () => {
    const file = installer(
      'downloads',
      `${DEBUG_LOG}\nd('Cache miss');\nd('Downloading https://github.com/electron/electron/releases/download/v45.5.0/electron-v45.5.0-linux-x64.zip to /tmp/x with options: {}');\nd('artifact validated');\n`,
    );
    expect(await run(file)).toEqual({
      ok: true,
      said: ['Downloading the Electron binary (first start only)…'],
    });
  });

  it('says a failed download in one line, without the debug log or the stack', async () => {
    const file = installer(
      'offline',
      `${DEBUG_LOG}\nd('Cache miss');\nd('Downloading https://github.com/electron/electron/releases/download/v45.5.0/electron-v45.5.0-linux-x64.zip to /tmp/x with options: {}');\nconsole.error('TypeError: fetch failed\\n    at node:internal/deps/undici/undici:15270:13');\nprocess.exit(1);\n`,
    );
    expect(await run(file)).toEqual({
      ok: false,
      said: [
        'Downloading the Electron binary (first start only)…',
        'The Electron download failed: fetch failed.',
      ],
    });
  });

  it("keeps the user's DEBUG setting and shows the installer's output with it", async () => {
    const file = installer(
      'debug',
      `${DEBUG_LOG}\nconsole.log('DEBUG=' + process.env.DEBUG);\nprocess.exit(1);\n`,
    );
    const { ok, said } = await run(file, { DEBUG: '1' });
    expect(ok).toBe(false);
    expect(said.at(-1)).toContain('DEBUG=1,@electron/get:index');
  });
});
