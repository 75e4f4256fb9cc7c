// GET /api/health: one object in both shapes the earlier version's clients read (flat and
// nested), built from a snapshot of the service. Pure: the caller passes the time.
import type { Health } from '../../../shared/api.ts';
import { effectiveIntervals, type GeneratorConfig } from '../../../shared/config.ts';
import { dataRelative } from '../store/paths.ts';
import type { GeneratorState } from '../store/state.ts';

export interface HealthInput {
  nowMs: number;
  startTime: Date;
  state: GeneratorState | undefined;
  /** The config that runs now (or that a new dataset would use). */
  config: GeneratorConfig;
  status: Health['status'];
  paused: boolean;
  stopping: boolean;
  seed: number | null;
  verification: { companiesExists: boolean; eventsExists: boolean; missing: string[] };
  paths: { root: string; state: string };
  autoReinit: Health['auto_reinit'];
  pendingPreset: Health['pending_preset'];
  classCode: string | null;
  backfill: Health['backfill'];
  canBackfill: boolean;
  lastError: Health['last_error'];
  allowedOrigins: string[];
}

export function healthView(input: HealthInput): Health {
  const { state, config, nowMs } = input;
  const emulated = config.emulated_mode;
  const intervals = effectiveIntervals(config);
  const uptime = (nowMs - input.startTime.getTime()) / 1000;
  const idle = (iso: string | null | undefined) =>
    iso ? Math.max(0, (nowMs - Date.parse(iso)) / 1000) : null;
  const companyBatches = state?.companies.batches ?? 0;
  const driverBatches = state?.drivers.batches ?? 0;
  const lastCompany = state?.last_company_batch_time ?? null;
  const lastDriver = state?.drivers.last_batch_time ?? null;
  const startTime = input.startTime.toISOString();
  return {
    status: input.status,
    timestamp: new Date(nowMs).toISOString(),
    generation_mode: emulated.enabled ? 'emulated' : 'production',
    emulated_config: emulated.enabled
      ? {
          company_interval_seconds: intervals.companySeconds,
          driver_interval_seconds: intervals.driverSeconds,
          companies_per_batch: emulated.companies_per_batch,
          events_per_batch_range: [emulated.events_per_batch_min, emulated.events_per_batch_max],
        }
      : null,
    uptime_seconds: Number(uptime.toFixed(3)),
    start_time: startTime,
    company_batches: companyBatches,
    driver_batches: driverBatches,
    last_company_time: lastCompany,
    last_driver_time: lastDriver,
    paused: input.paused,
    shutdown_requested: input.stopping,
    verification: {
      companies_exists: input.verification.companiesExists,
      events_exists: input.verification.eventsExists,
      event_file_count: driverBatches,
      missing: input.verification.missing,
    },
    uptime: {
      seconds: Number(uptime.toFixed(3)),
      hours: Number((uptime / 3600).toFixed(6)),
      start_time: startTime,
    },
    company_generator: {
      total_batches: companyBatches,
      last_batch_time: lastCompany,
      idle_seconds: idle(lastCompany),
    },
    driver_generator: {
      total_batches: driverBatches,
      last_batch_time: lastDriver,
      last_interval_end: state?.drivers.last_interval_end ?? null,
      idle_seconds: idle(lastDriver),
    },
    lifecycle: { paused: input.paused, shutdown_requested: input.stopping },
    state: {
      last_saved: state?.updated_at ?? null,
      state_file: dataRelative(input.paths, input.paths.state),
    },
    auto_reinit: input.autoReinit,
    preset: config.name,
    pending_preset: input.pendingPreset,
    class_code: input.classCode,
    data_dir: input.paths.root,
    seed: input.seed,
    totals: {
      companies: state?.companies.count ?? 0,
      events: state?.drivers.events ?? 0,
      corrupted: (state?.drivers.corrupted ?? 0) + (state?.companies.corrupted ?? 0),
    },
    backfill: input.backfill,
    can_backfill: input.canBackfill,
    last_error: input.lastError,
    allowed_origins: input.allowedOrigins,
    regions: config.regions ? { time_zones: { ...config.regions.time_zones } } : null,
  };
}
