// The Python that runs Spark on this machine (the local backend's jobs, a check on the host):
// found by discovery, with pyspark, else a 409 that names what was tried and the fix.
import { ServiceError } from '../kernel/errors.ts';
import { describePython, type FoundPython, resolvePython } from './discovery.ts';
import { requireJava } from './java.ts';

const SETUP_HINT = 'run npm run setup:python (or the Set up Python button), or use Docker';

/** Discovery's answer for a Spark on this machine, or why there is none. */
export async function pythonWithPyspark(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Promise<FoundPython> {
  const search = await resolvePython({ env, platform, wantPyspark: true });
  const found = search.found;
  if (!found)
    throw new ServiceError(
      409,
      'no_python',
      `No Python 3 found (${search.passed.join('; ')}): install Python 3.9 or newer (https://www.python.org/downloads/), then ${SETUP_HINT}`,
    );
  if (!found.pyspark)
    throw new ServiceError(409, 'no_pyspark', `${describePython(found)}: ${SETUP_HINT}`);
  return found;
}

/**
 * The program and leading arguments that run a check on the host: a configured command as
 * it is (tests, set-ups that name one), else discovery's Python with pyspark, once Java 17
 * is there too (409 with the fix when either is not).
 */
export async function hostCheckPython(
  configured: string | undefined,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Promise<{ command: string; args: string[] }> {
  if (configured) return { command: configured, args: [] };
  const found = await pythonWithPyspark(env, platform);
  await requireJava(env, platform);
  return { command: found.command, args: found.args };
}
