// Runs the doctor's checks side by side, each with its own time limit, so the answer comes in
// a few seconds even when Docker hangs: a check that does not answer in time is a problem of
// its own ("no answer within 6 s"), and its programs are ended.
import type { DoctorCheck } from '../../../shared/api.ts';

/** A check of the doctor's own: `signal` ends what it runs once its time is up. */
export interface DoctorProbe {
  id: string;
  title: string;
  run(signal: AbortSignal): Promise<DoctorCheck>;
}

/** A check written elsewhere (Python, pyspark, Java): a plain function of the agreed shape. */
export type PlainCheck = () => Promise<DoctorCheck>;

export const CHECK_TIMEOUT_MS = 6000;

function asProbe(check: DoctorProbe | PlainCheck, index: number): DoctorProbe {
  if (typeof check !== 'function') return check;
  const name = check.name || `check-${index + 1}`;
  return { id: name, title: name, run: () => check() };
}

function timedOut(probe: DoctorProbe, ms: number): DoctorCheck {
  return {
    id: probe.id,
    title: probe.title,
    status: 'problem',
    summary: `no answer within ${Math.round(ms / 1000)} s`,
    fix: 'whatever this check runs hangs: restart it (for Docker: quit and reopen Docker Desktop, or restart the docker service), then check again',
  };
}

function crashed(probe: DoctorProbe, err: unknown): DoctorCheck {
  return {
    id: probe.id,
    title: probe.title,
    status: 'problem',
    summary: `the check itself failed: ${(err as Error)?.message ?? String(err)}`,
  };
}

/** Every check's result, in the order given; `signal` (all of the run) is ended at the end. */
export async function runChecks(
  checks: ReadonlyArray<DoctorProbe | PlainCheck>,
  options: { timeoutMs?: number; done?: AbortController } = {},
): Promise<DoctorCheck[]> {
  const ms = options.timeoutMs ?? CHECK_TIMEOUT_MS;
  try {
    return await Promise.all(
      checks.map(async (check, i) => {
        const probe = asProbe(check, i);
        const own = new AbortController();
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<DoctorCheck>((resolve) => {
          timer = setTimeout(() => {
            own.abort();
            resolve(timedOut(probe, ms));
          }, ms);
        });
        try {
          return await Promise.race([probe.run(own.signal).catch((e) => crashed(probe, e)), limit]);
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  } finally {
    options.done?.abort();
  }
}
