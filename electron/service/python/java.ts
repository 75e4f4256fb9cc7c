// Java for a Spark on this machine (the local backend, a check on the host): Spark 3.5.8 in
// the stack runs on Java 17, so the local path asks for 17 too, and says how to get it on
// each OS in one line. JAVA_HOME wins over PATH, as in Spark's own scripts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceError } from '../kernel/errors.ts';
import { run } from '../platform/processes.ts';
import { JAVA_MAJOR } from './pins.ts';
import { findOnPath } from './which.ts';

export type JavaState = 'ok' | 'missing' | 'wrong_version' | 'broken';

export interface JavaStatus {
  state: JavaState;
  /** The java file run, if one was found. */
  path?: string;
  /** Where it came from. */
  source?: 'JAVA_HOME' | 'PATH';
  /** `17.0.15`, from `java -version`. */
  version?: string;
  major?: number;
  /** One line: what is wrong and the fix for this OS, or what was found. */
  message: string;
}

/** The major version in `java -version`'s output (stderr): 1.8.0_381 is 8, "21" is 21. */
export function parseJavaVersion(text: string): { version: string; major: number } | undefined {
  const match = /version "([^"]+)"/.exec(text);
  if (!match?.[1]) return undefined;
  const version = match[1];
  const parts = version.split(/[._+-]/).map(Number);
  const major = parts[0] === 1 ? parts[1] : parts[0];
  return major !== undefined && Number.isInteger(major) && major > 0
    ? { version, major }
    : undefined;
}

/** How to install Java 17 on this OS. */
export function javaInstallHint(platform: NodeJS.Platform): string {
  if (platform === 'win32')
    return 'winget install EclipseAdoptium.Temurin.17.JRE (or the Temurin 17 installer from https://adoptium.net)';
  if (platform === 'darwin') return 'brew install --cask temurin@17';
  return 'sudo apt install openjdk-17-jre-headless (Debian/Ubuntu; elsewhere Temurin 17 from https://adoptium.net)';
}

function javaFile(dir: string, platform: NodeJS.Platform): string {
  return join(dir, 'bin', platform === 'win32' ? 'java.exe' : 'java');
}

/** Finds and runs `java -version`, and says whether it is the Java Spark needs. */
export async function javaStatus(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Promise<JavaStatus> {
  const hint = javaInstallHint(platform);
  const home = env.JAVA_HOME;
  const fromHome = home ? javaFile(home, platform) : undefined;
  const homeProblem =
    fromHome && !existsSync(fromHome) ? `JAVA_HOME (${home}) has no bin/java; ` : '';
  const path = fromHome && !homeProblem ? fromHome : findOnPath('java', env, platform);
  const source = fromHome && !homeProblem ? 'JAVA_HOME' : 'PATH';
  if (!path)
    return {
      state: 'missing',
      message: `${homeProblem}Java ${JAVA_MAJOR} is needed to run Spark on this machine and none was found: ${hint}`,
    };
  const result = await run(path, ['-version'], { env, timeoutMs: 30_000 });
  const parsed = parseJavaVersion(`${result.stderr}\n${result.stdout}`);
  if (!parsed) {
    // macOS's /usr/bin/java without a JDK: "Unable to locate a Java Runtime".
    const missing = /Unable to locate a Java Runtime/i.test(result.stderr);
    return {
      state: missing ? 'missing' : 'broken',
      path,
      source,
      message: missing
        ? `Java ${JAVA_MAJOR} is needed to run Spark on this machine and none is installed: ${hint}`
        : `${path} -version did not say its version (exit ${result.code}); install Java ${JAVA_MAJOR}: ${hint}`,
    };
  }
  const found = { path, source, version: parsed.version, major: parsed.major } as const;
  if (parsed.major === JAVA_MAJOR)
    return { state: 'ok', ...found, message: `Java ${parsed.version} (${source}: ${path})` };
  const after =
    source === 'JAVA_HOME'
      ? ', then point JAVA_HOME at it'
      : ', and put it first on PATH (or set JAVA_HOME to it)';
  return {
    state: 'wrong_version',
    ...found,
    message: `Spark here needs Java ${JAVA_MAJOR}, but ${path} (${source}) is Java ${parsed.major} (${parsed.version}): ${hint}${after}`,
  };
}

/** Refuses (409) when the Java for a Spark on this machine is missing or another version. */
export async function requireJava(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Promise<JavaStatus> {
  const status = await javaStatus(env, platform);
  if (status.state === 'ok') return status;
  throw new ServiceError(
    409,
    status.state === 'wrong_version' ? 'java_version' : 'java_missing',
    status.message,
  );
}
