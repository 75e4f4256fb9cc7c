// `validate` as users run it, over real processes and files.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli.ts';
import { REPO_ROOT } from '../testing/presets.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-validate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('validate', () => {
  it('accepts every shipped preset', async () => {
    const files = readdirSync(join(REPO_ROOT, 'presets')).map((f) => join(REPO_ROOT, 'presets', f));
    const result = await runCli(['validate', ...files]);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^ok {7}/gm)?.length).toBe(files.length);
    expect(files.length).toBe(9);
  });

  it('prints every problem of each invalid file and exits 2', async () => {
    const bad = join(scratch, 'two-problems.yaml');
    writeFileSync(
      bad,
      'number_of_companies: -1\ndrivers_per_company: 2\nevent_rate_per_driver: 1\ncompany_onboarding_interval: 15m\n',
    );
    const good = join(REPO_ROOT, 'presets', 'small.yaml');
    const result = await runCli(['validate', good, bad]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/ok {7}.*small\.yaml/);
    expect(result.stdout).toMatch(/number_of_companies \(-1\) must be > 0/);
    expect(result.stdout).toMatch(
      /company_onboarding_interval \("15m"\) must be an ISO-8601 duration/,
    );
    expect(result.stderr).toMatch(/1 of 2 config files are invalid/);
  });
});
