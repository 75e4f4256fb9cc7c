// Upper bounds on how much a preset may generate, so that a typo (or 2^53-1) cannot fill the
// disk. The per-hour bound is the one that matters: the largest shipped preset, `scaling`
// (1000 companies x 25 drivers x 4.2 events every 15 minutes), expects 420,000 events an
// hour; the bound allows about 12 times that (roughly 1 GB of JSON Lines an hour).
export const MAX_COMPANIES = 100_000;
export const MAX_DRIVERS_PER_COMPANY = 1_000;
export const MAX_EVENTS_PER_BATCH = 1_000_000;
export const MAX_EVENTS_PER_HOUR = 5_000_000;

export interface RateInputs {
  emulated: boolean;
  number_of_companies: number;
  drivers_per_company: number;
  event_rate_per_driver: number;
  /** The driver batch interval of the active mode, in seconds. */
  driverSeconds: number;
  events_per_batch_max: number;
}

/**
 * Events an hour the config asks for at its start: production mode's initial fleet at its
 * Poisson mean, emulated mode at its largest batch. (Onboarding grows a production fleet
 * later; the bound is on what the config states.)
 */
export function expectedEventsPerHour(c: RateInputs): number {
  const perBatch = c.emulated
    ? c.events_per_batch_max
    : c.number_of_companies * c.drivers_per_company * c.event_rate_per_driver;
  return (perBatch * 3600) / c.driverSeconds;
}

/** The sentence for a config over MAX_EVENTS_PER_HOUR, naming the keys that set the rate. */
export function eventsPerHourIssue(c: RateInputs): { path: string; message: string } | null {
  const perHour = expectedEventsPerHour(c);
  if (perHour <= MAX_EVENTS_PER_HOUR) return null;
  const shown = Math.round(perHour).toLocaleString('en-US');
  const limit = MAX_EVENTS_PER_HOUR.toLocaleString('en-US');
  return c.emulated
    ? {
        path: 'emulated_mode.events_per_batch_max',
        message: `emulated_mode.events_per_batch_max (${c.events_per_batch_max}) every ${c.driverSeconds} s is ${shown} events an hour; it must be <= ${limit} events an hour (lower events_per_batch_max or lengthen driver_batch_interval)`,
      }
    : {
        path: 'number_of_companies',
        message: `number_of_companies x drivers_per_company x event_rate_per_driver every ${c.driverSeconds} s is ${shown} events an hour; it must be <= ${limit} events an hour (a smaller fleet or a longer driver_event_interval)`,
      };
}
