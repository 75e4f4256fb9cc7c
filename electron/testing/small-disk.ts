// A small disk for tests of full and nearly full disks: a tmpfs of a given size, mounted in a
// mount namespace of its own (root, or user namespaces), seen only by the command run in it.
import { spawnSync } from 'node:child_process';

const tries = (args: string[]) => spawnSync('unshare', [...args, 'true']).status === 0;

/** unshare's arguments for a private mount namespace here, or undefined where there is none. */
export const MOUNT_NAMESPACE: string[] | undefined = tries(['-m', '--propagation', 'private'])
  ? ['-m', '--propagation', 'private']
  : tries(['-rm', '--propagation', 'private'])
    ? ['-rm', '--propagation', 'private']
    : undefined;

/** Each argument quoted for sh. */
export function shellQuote(args: string[]): string {
  return args.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
}

/**
 * `unshare` and its arguments to run `script` with a fresh tmpfs of `kb` KB mounted at $MNT
 * (the caller passes MNT, an empty folder, in the environment).
 */
export function onSmallDisk(kb: number, script: string): [string, string[]] {
  return [
    'unshare',
    [
      ...(MOUNT_NAMESPACE ?? []),
      'sh',
      '-c',
      `mount -t tmpfs -o size=${kb}k tmpfs "$MNT" && ${script}`,
    ],
  ];
}
