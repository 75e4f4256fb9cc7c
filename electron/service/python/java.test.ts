// Java for Spark on this machine: stand-in `java` programs that print what real ones print on
// stderr, found through JAVA_HOME or PATH, on each platform's fix line.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { standInJava } from '../../testing/python-standins.ts';
import { ServiceError } from '../kernel/errors.ts';
import { javaStatus, parseJavaVersion, requireJava } from './java.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-java-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
function bin(): string {
  const dir = join(scratch, String(++n), 'bin');
  mkdirSync(dir, { recursive: true });
  return dir;
}

const JAVA_11 = 'openjdk version "11.0.22" 2024-01-16';
const JAVA_17 = 'openjdk version "17.0.15" 2025-04-15';
const JAVA_21 = 'openjdk version "21" 2023-09-19';
const JAVA_8 = 'java version "1.8.0_381"';

describe('parseJavaVersion', () => {
  it('reads the major version of every numbering scheme', () => {
    expect(parseJavaVersion(JAVA_8)).toEqual({ version: '1.8.0_381', major: 8 });
    expect(parseJavaVersion(JAVA_11)).toEqual({ version: '11.0.22', major: 11 });
    expect(parseJavaVersion(JAVA_21)).toEqual({ version: '21', major: 21 });
    expect(parseJavaVersion('openjdk version "17-ea" 2021-09-14')?.major).toBe(17);
    expect(parseJavaVersion('no java here')).toBeUndefined();
  });
});

describe('javaStatus', () => {
  it('accepts Java 17 on PATH', async () => {
    const dir = bin();
    const java = standInJava(dir, JAVA_17);
    expect(await javaStatus({ PATH: dir }, 'linux')).toEqual({
      state: 'ok',
      path: java,
      source: 'PATH',
      version: '17.0.15',
      major: 17,
      message: `Java 17.0.15 (PATH: ${java})`,
    });
  });

  it.each([
    ['linux', 'sudo apt install openjdk-17-jre-headless'],
    ['darwin', 'brew install --cask temurin@17'],
    ['win32', 'winget install EclipseAdoptium.Temurin.17.JRE'],
  ] as const)('says how to install Java 17 on %s when there is none', async (platform, fix) => {
    const status = await javaStatus({ PATH: bin() }, platform);
    expect(status.state).toBe('missing');
    expect(status.message).toContain(`none was found: ${fix}`);
    expect(status.message).not.toContain('\n');
  });

  it.each([
    [JAVA_11, 11],
    [JAVA_21, 21],
  ])('refuses another major version: %s', async (line, major) => {
    const dir = bin();
    const java = standInJava(dir, line);
    const status = await javaStatus({ PATH: dir }, 'darwin');
    expect(status).toMatchObject({ state: 'wrong_version', major });
    expect(status.message).toMatch(
      new RegExp(
        `^Spark here needs Java 17, but ${java} \\(PATH\\) is Java ${major} .*brew install --cask temurin@17`,
      ),
    );
  });

  it('takes JAVA_HOME before PATH, and says to point JAVA_HOME at the new Java', async () => {
    const onPath = bin();
    standInJava(onPath, JAVA_17);
    const home = join(scratch, 'jdk-11');
    const java = standInJava(join(home, 'bin'), JAVA_11);
    const status = await javaStatus({ PATH: onPath, JAVA_HOME: home }, 'linux');
    expect(status).toMatchObject({ state: 'wrong_version', path: java, source: 'JAVA_HOME' });
    expect(status.message).toMatch(/then point JAVA_HOME at it$/);
  });

  it('finds java.exe under JAVA_HOME on Windows', async () => {
    const home = join(scratch, 'jdk-17-win');
    const java = standInJava(join(home, 'bin'), JAVA_17, 'java.exe');
    expect(await javaStatus({ JAVA_HOME: home, Path: bin() }, 'win32')).toMatchObject({
      state: 'ok',
      path: java,
    });
  });

  it("says so when JAVA_HOME has no java, and uses PATH's", async () => {
    const onPath = bin();
    standInJava(onPath, JAVA_17);
    const status = await javaStatus({ PATH: onPath, JAVA_HOME: '/nowhere/jdk' }, 'linux');
    expect(status.state).toBe('ok');
    const none = await javaStatus({ PATH: bin(), JAVA_HOME: '/nowhere/jdk' }, 'linux');
    expect(none.message).toMatch(
      /^JAVA_HOME \(\/nowhere\/jdk\) has no bin\/java; Java 17 is needed/,
    );
  });

  it("treats macOS's java stub without a JDK as missing", async () => {
    const dir = bin();
    standInJava(dir, 'The operation couldn’t be completed. Unable to locate a Java Runtime.');
    const status = await javaStatus({ PATH: dir }, 'darwin');
    expect(status.state).toBe('missing');
    expect(status.message).toMatch(/brew install --cask temurin@17$/);
  });
});

describe('requireJava', () => {
  it('refuses with 409 java_missing or java_version, and passes Java 17', async () => {
    const missing = await requireJava({ PATH: bin() }, 'linux').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ServiceError);
    expect([(missing as ServiceError).status, (missing as ServiceError).code]).toEqual([
      409,
      'java_missing',
    ]);
    const dir = bin();
    standInJava(dir, JAVA_21);
    const wrong = await requireJava({ PATH: dir }, 'linux').catch((e: unknown) => e);
    expect((wrong as ServiceError).code).toBe('java_version');
    const ok = bin();
    standInJava(ok, JAVA_17);
    expect((await requireJava({ PATH: ok }, 'linux')).major).toBe(17);
  });
});
