// The health object is built from the service's own clock: under the manual clock of the
// tests and the accelerated clock of the benchmarks, idle times and uptime follow that clock.
import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../testing/presets.ts';
import { emptyState } from '../store/state.ts';
import { healthView } from './health-view.ts';

const NOW = Date.UTC(2024, 0, 1, 12, 0, 0);

describe('healthView', () => {
  it('measures idle_seconds and uptime against the time it is given, not the wall clock', () => {
    const state = emptyState(42, new Date(NOW - 60_000));
    state.drivers.batches = 3;
    state.drivers.last_batch_time = new Date(NOW - 7_000).toISOString();
    state.companies.batches = 1;
    state.last_company_batch_time = new Date(NOW - 42_000).toISOString();
    const health = healthView({
      nowMs: NOW,
      startTime: new Date(NOW - 90_000),
      state,
      config: presetConfig('emulated-5s'),
      status: 'running',
      paused: false,
      stopping: false,
      seed: 42,
      verification: { companiesExists: true, eventsExists: true, missing: [] },
      paths: { root: '/data', state: '/data/manifests/generator_state.json' },
      autoReinit: { performed: false, at: null, actions: [], missing_files: [] },
      pendingPreset: null,
      classCode: null,
      backfill: null,
      canBackfill: false,
      lastError: null,
      allowedOrigins: [],
    });
    expect(health.driver_generator.idle_seconds).toBe(7);
    expect(health.company_generator.idle_seconds).toBe(42);
    expect(health.uptime_seconds).toBe(90);
    expect(health.timestamp).toBe('2024-01-01T12:00:00.000Z');
    expect(health.driver_batches).toBe(3);
    expect(health.emulated_config?.driver_interval_seconds).toBe(5);
  });
});
