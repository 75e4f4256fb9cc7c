// Stand-in python, py and java executables for discovery tests: shell scripts that answer
// the probe (or `java -version`) like the real programs and record each call, so a test
// sees which program ran with which arguments, on any platform branch.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProbeAnswer {
  version?: string;
  pyspark?: string | null;
  pysparkHome?: string | null;
  executable?: string;
}

function standIn(file: string, body: string): string {
  writeFileSync(file, `#!/bin/sh\necho "\${0##*/} $1" >> "${file}.calls"\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** A Python that answers discovery's probe with `answer`, and runs `script` for anything else. */
export function standInPython(
  dir: string,
  name: string,
  answer: ProbeAnswer = {},
  script?: string,
): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  const info = JSON.stringify({
    version: answer.version ?? '3.11.7',
    executable: answer.executable ?? file,
    pyspark: answer.pyspark === undefined ? '3.5.8' : answer.pyspark,
    pyspark_home: answer.pysparkHome ?? null,
  });
  const probe = `echo 'SPARK_EXPERIMENTS_PYTHON_PROBE ${info}'`;
  return standIn(
    file,
    script === undefined ? probe : `if [ "$1" = "-c" ]; then ${probe}; exit 0; fi\n${script}`,
  );
}

/** The Microsoft Store's python alias: it only offers to install Python. */
export function standInStoreAlias(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  return standIn(
    join(dir, name),
    `echo 'Python was not found; run without arguments to install from the Microsoft Store, or disable this shortcut from Settings > Manage App Execution Aliases.' >&2\nexit 9009`,
  );
}

/** A java that prints `versionLine` on stderr, like `java -version`. */
export function standInJava(dir: string, versionLine: string, name = 'java'): string {
  mkdirSync(dir, { recursive: true });
  return standIn(join(dir, name), `echo '${versionLine}' >&2`);
}

/** The calls a stand-in received, one `name args` line each. */
export function callsOf(file: string): string[] {
  try {
    return readFileSync(`${file}.calls`, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** Wheels of tinypkg 1.0 and 1.1 (one module, VERSION) in `dir`, for pip offline; returns dir. */
export function tinyWheels(dir: string): string {
  mkdirSync(dir, { recursive: true });
  execFileSync('python3', [
    '-c',
    `
import sys, zipfile
for version in ("1.0", "1.1"):
    name = "tinypkg-%s" % version
    with zipfile.ZipFile("%s/%s-py3-none-any.whl" % (sys.argv[1], name), "w") as z:
        z.writestr("tinypkg/__init__.py", "VERSION = %r\\n" % version)
        z.writestr(name + ".dist-info/METADATA", "Metadata-Version: 2.1\\nName: tinypkg\\nVersion: %s\\n" % version)
        z.writestr(name + ".dist-info/WHEEL", "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
        z.writestr(name + ".dist-info/RECORD", "")
`,
    dir,
  ]);
  return dir;
}
