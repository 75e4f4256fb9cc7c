// The doctor's checks for the local path (Spark without Docker): Python, pyspark, Java. Each
// is a plain async function returning the doctor's agreed result shape; the doctor wires
// them in (doctor/local-path-checks.ts). They warn rather than fail: a student with Docker
// needs none of the three.
import type { DoctorCheck } from '../../../shared/api/doctor.ts';
import { candidateLabel, describePython, pythonLacks, resolvePython } from './discovery.ts';
import { javaInstallHint, javaStatus } from './java.ts';
import { MIN_PYTHON, PYSPARK_VERSION } from './pins.ts';

export interface LocalCheckOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

const SETUP = 'npm run setup:python (or Set up Python in the Spark panel)';

function pythonInstallHint(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'install Python 3.11 from https://www.python.org/downloads/';
  if (platform === 'darwin') return 'brew install python@3.11 (or python.org)';
  return 'sudo apt install python3 python3-venv (Debian/Ubuntu)';
}

export async function pythonCheck(options: LocalCheckOptions = {}): Promise<DoctorCheck> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const base = { id: 'python', title: 'Python (Spark without Docker)' };
  const { found, passed } = await resolvePython({ env, platform });
  if (!found)
    return {
      ...base,
      status: 'warn',
      summary: `no Python 3 found (${passed.join('; ')}); only Spark without Docker needs it`,
      fix: pythonInstallHint(platform),
    };
  if (!found.versionOk)
    return {
      ...base,
      status: 'warn',
      summary: `${candidateLabel(found)} is Python ${found.version}; Spark needs ${MIN_PYTHON.join('.')} or newer`,
      fix: pythonInstallHint(platform),
    };
  return { ...base, status: 'ok', summary: `${candidateLabel(found)}: Python ${found.version}` };
}

export async function pysparkCheck(options: LocalCheckOptions = {}): Promise<DoctorCheck> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const base = { id: 'pyspark', title: `pyspark ${PYSPARK_VERSION} (Spark without Docker)` };
  const { found } = await resolvePython({ env, platform, wantPyspark: true });
  if (!found)
    return { ...base, status: 'skipped', summary: 'no Python 3 found (see the Python check)' };
  const lacks = pythonLacks(found);
  if (lacks.length === 0) return { ...base, status: 'ok', summary: describePython(found) };
  return { ...base, status: 'warn', summary: describePython(found), fix: SETUP };
}

export async function javaCheck(options: LocalCheckOptions = {}): Promise<DoctorCheck> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const base = { id: 'java', title: 'Java 17 (Spark without Docker)' };
  const status = await javaStatus(env, platform);
  if (status.state === 'ok') return { ...base, status: 'ok', summary: status.message };
  return {
    ...base,
    status: 'warn',
    summary: status.message,
    fix: javaInstallHint(platform),
  };
}
