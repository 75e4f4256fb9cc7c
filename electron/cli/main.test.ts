// The entry as users meet it: help, usage errors and runtime errors, over real processes.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finished, runCli, startCli } from '../testing/cli.ts';
import { COMMAND_USAGE } from './usage.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-main-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('help', { concurrent: true }, () => {
  it.each(Object.keys(COMMAND_USAGE))(
    '%s --help and -h print its usage and exit 0',
    async (command) => {
      for (const flag of ['--help', '-h']) {
        const result = await runCli([command, flag]);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(`npm run ${command}`);
        expect(result.stdout).toMatch(/^Usage:/);
      }
    },
  );
});

describe('errors', { concurrent: true }, () => {
  it('follows a usage error with the usage text, exit 2', async () => {
    const result = await runCli(['serve', '--prot', '18001']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: Unknown option '--prot'/);
    expect(result.stderr).toContain('Usage:');
  });

  it('prints a runtime error as its one line, exit 2, without the usage', async () => {
    const empty = join(scratch, 'empty');
    const answers = await runCli(['answers', '--data-dir', empty]);
    expect(answers.code).toBe(2);
    expect(answers.stderr).toBe(`error: no_dataset: ${empty} holds no dataset yet\n`);
    const recipe = await runCli(['recipe', '--data-dir', empty]);
    expect(recipe.code).toBe(2);
    expect(recipe.stderr).not.toContain('Usage:');
  });

  it.each([
    ['serve', 'npm run serve --'],
    ['start', 'npm start --'],
  ])(
    'suggests another port the way the command was started (npm script %s)',
    async (script, typed) => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
      const port = (blocker.address() as { port: number }).port;
      const dir = join(scratch, `port-${script}`);
      const result = await finished(
        startCli(['serve', '--port', String(port), '--data-dir', dir], {
          // What npm sets for `npm run serve` / `npm start`.
          env: { ...process.env, npm_lifecycle_event: script },
        }),
      );
      blocker.close();
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `error: port_in_use: port ${port} is taken by another program; try ${typed} --port ${port + 1} --data-dir ${dir}\n`,
      );
    },
  );
});
