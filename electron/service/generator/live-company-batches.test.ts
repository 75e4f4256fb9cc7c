// A live dataset whose companies onboard less often than drivers report (base: hourly company
// batches, 15-minute driver batches) commits each company batch once its interval closes, as
// catch-up and `generate` do.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { presetConfig } from '../../testing/presets.ts';
import { waitFor } from '../../testing/serve.ts';
import { ManualClock } from '../kernel/manual-clock.ts';
import { GeneratorService } from './generator-service.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-live-companies-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('live company batches', () => {
  for (const preset of ['base', 'world']) {
    it(`${preset}: every closed hourly company batch is committed while driver batches tick`, async () => {
      const dir = join(scratch, preset);
      const T0 = Date.UTC(2024, 0, 1, 12, 0, 2);
      const clock = new ManualClock(T0);
      const service = GeneratorService.start({
        dataDir: dir,
        fallbackConfig: presetConfig(preset),
        workers: 1,
        clock,
        durable: false,
        startPaused: false,
      });
      const driverBatches = () => service.health().driver_batches;
      await waitFor('baseline', () => (driverBatches() >= 1 ? true : undefined));
      const first = driverBatches();
      // Three hours of 15-minute closes, each waited for.
      for (let i = 1; i <= 12; i++) {
        clock.advance(15 * 60_000);
        await waitFor(`tick ${i}`, () => (driverBatches() >= first + i ? true : undefined));
      }
      const health = service.health();
      await service.stop();
      const companyLines = readFileSync(join(dir, 'raw', 'companies.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean).length;
      // Started 11:45 (one driver interval back): the initial fleet, then the hourly company
      // batches [12:00, 13:00), [13:00, 14:00) and [14:00, 15:00), all closed by 15:00:02.
      expect(health.company_batches).toBe(4);
      expect(companyLines).toBeGreaterThan(presetConfig(preset).number_of_companies);
    });
  }
});
