// Time for the service, injected so tests can run it faster than real time.
export interface Clock {
  /** Milliseconds since 1970 on this clock. */
  now(): number;
  /** Real milliseconds to wait until this clock shows `targetMs`. */
  delayUntil(targetMs: number): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  delayUntil: (target) => Math.max(0, target - Date.now()),
};

/**
 * A clock that runs `scale` times faster than real time from the moment it is made (for
 * tests and benchmarks of long runs: 5,000 five-second batches in under a minute).
 */
export function scaledClock(scale: number, origin = Date.now()): Clock {
  if (!(scale > 0)) throw new RangeError(`time scale must be > 0, got ${scale}`);
  const realStart = Date.now();
  return {
    now: () => origin + (Date.now() - realStart) * scale,
    delayUntil: (target) =>
      Math.max(0, (target - (origin + (Date.now() - realStart) * scale)) / scale),
  };
}
