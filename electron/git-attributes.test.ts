import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './testing/presets.ts';

/** The attributes Git applies to a path at checkout, from .gitattributes. */
function attributes(path: string): Record<string, string> {
  const out = spawnSync('git', ['check-attr', 'text', 'eol', 'binary', 'diff', '--', path], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  expect(out.status).toBe(0);
  return Object.fromEntries(
    out.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(': ').slice(1) as [string, string]),
  );
}

// Git for Windows checks out CRLF unless the repository says otherwise: the exercises, shell
// scripts and Dockerfiles must arrive with LF, and images untouched.
describe('.gitattributes', () => {
  it.each(['exercises/01-bronze.md', 'presets/base.yaml', 'docker/Dockerfile', 'electron/run.mjs'])(
    'checks %s out with LF line endings on every platform',
    (path) => {
      expect(attributes(path)).toMatchObject({ text: 'auto', eol: 'lf' });
    },
  );

  it('leaves images alone', () => {
    expect(attributes('build/icon.png')).toMatchObject({ binary: 'set', text: 'unset' });
  });
});
