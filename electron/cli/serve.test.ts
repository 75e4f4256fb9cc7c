// What `serve` prints for people at the terminal, over a real process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { healthSchema } from '../../shared/api.ts';
import { parsed } from '../testing/api-checks.ts';
import { type Served, serve } from '../testing/serve.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-serve-cli-'));
const running: Served[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop('SIGKILL')));
  rmSync(scratch, { recursive: true, force: true });
});

describe('serve: the class code', () => {
  it('prints the class code no later than /api/health shows it', async () => {
    // A baseline batch that takes a while to make: the dataset (and its code) exists from its
    // start, the batch only after it.
    const config = join(scratch, 'slow-baseline.yaml');
    writeFileSync(
      config,
      'name: slow-baseline\nseed: 5\nnumber_of_companies: 1\ndrivers_per_company: 20\nevent_rate_per_driver: 1\ncompany_onboarding_interval: PT1H\nemulated_mode:\n  enabled: true\n  company_batch_interval: PT1H\n  driver_batch_interval: PT1H\n  companies_per_batch: 50\n  events_per_batch_min: 1000000\n  events_per_batch_max: 1000000\n',
    );
    const teacher = await serve(['--config', config, '--data-dir', join(scratch, 'd')]);
    running.push(teacher);
    // As soon as health has a code, the terminal has it too.
    let code: string | null = null;
    while (!code) {
      const health = parsed(healthSchema, (await teacher.call('/api/health')).body);
      code = health.class_code;
      if (!code) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(teacher.output()).toContain(`class code: ${code}`);
  });
});
