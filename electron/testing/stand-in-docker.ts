// A PATH with the stand-in `docker` (fake-docker.sh) and only the tools it needs, and one
// without any docker: a real docker CLI in /usr/bin stays out of reach of the tests.
import { chmodSync, copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StandInPaths {
  /** The stand-in docker, python3/python that have no pyspark, and the system tools. */
  withDocker: string;
  /** No docker at all. */
  withoutDocker: string;
}

/**
 * Puts a stand-in `docker` (one of electron/testing's scripts) into `bin`, made if need be;
 * returns `bin`.
 */
export function standInDocker(
  bin: string,
  script: 'fake-docker.sh' | 'fake-docker-notebook.sh' = 'fake-docker.sh',
): string {
  mkdirSync(bin, { recursive: true });
  copyFileSync(join(import.meta.dirname, script), join(bin, 'docker'));
  chmodSync(join(bin, 'docker'), 0o755);
  return bin;
}

export function standInPaths(scratch: string): StandInPaths {
  const withDocker = standInDocker(join(scratch, 'bin'));
  const withoutDocker = join(scratch, 'empty-bin');
  const system = join(scratch, 'system-bin');
  for (const dir of [withoutDocker, system]) mkdirSync(dir, { recursive: true });
  for (const dir of [withDocker, withoutDocker]) {
    for (const name of ['python3', 'python']) {
      writeFileSync(join(dir, name), '#!/bin/sh\necho "No module named pyspark" >&2\nexit 1\n');
      chmodSync(join(dir, name), 0o755);
    }
  }
  const tools: Array<[string, string]> = [
    ['node', process.execPath],
    ['bash', '/bin/bash'],
    ['env', '/usr/bin/env'],
    ['sleep', '/bin/sleep'],
  ];
  for (const [name, target] of tools) symlinkSync(target, join(system, name));
  return { withDocker: `${withDocker}:${system}`, withoutDocker: `${withoutDocker}:${system}` };
}

/** A port nothing listens on now (the OS's pick, released at once). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
