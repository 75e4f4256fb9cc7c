// Spark's launch scripts per platform: bin/spark-class itself elsewhere, and on Windows
// spark-class.cmd through cmd.exe with the line quoted the way cmd reads it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sparkClassFile, sparkScript, windowsLocalProblem } from './spark-scripts.ts';

describe('sparkScript', () => {
  it('runs the bash script directly on Linux and macOS', () => {
    for (const platform of ['linux', 'darwin'] as const)
      expect(sparkScript('/opt/spark', 'spark-class', ['a', 'b c'], platform, {})).toEqual({
        command: join('/opt/spark', 'bin', 'spark-class'),
        args: ['a', 'b c'],
      });
  });

  it('runs the .cmd through cmd.exe on Windows, quoting paths with spaces', () => {
    const home = join('/Users/Ana Lima/spark');
    const script = sparkScript(
      home,
      'spark-submit',
      ['--master', 'spark://127.0.0.1:17077', join(home, 'my job.py')],
      'win32',
      { ComSpec: 'C:\\Windows\\system32\\cmd.exe' },
    );
    expect(script).toEqual({
      command: 'C:\\Windows\\system32\\cmd.exe',
      args: [
        '/d',
        '/s',
        '/c',
        `""${join(home, 'bin', 'spark-submit.cmd')}" --master spark://127.0.0.1:17077 "${join(home, 'my job.py')}""`,
      ],
      windowsVerbatimArguments: true,
    });
    expect(sparkScript(home, 'spark-class', [], 'win32', {}).command).toBe('cmd.exe');
    expect(sparkClassFile(home, 'win32')).toBe(join(home, 'bin', 'spark-class.cmd'));
  });
});

describe('windowsLocalProblem', () => {
  it('is nothing off Windows', () => {
    expect(windowsLocalProblem({}, 'linux')).toBeUndefined();
    expect(windowsLocalProblem({}, 'darwin')).toBeUndefined();
  });

  it('names HADOOP_HOME and Docker Desktop on Windows without winutils', () => {
    expect(windowsLocalProblem({}, 'win32')).toBe(
      'On Windows, Spark without Docker cannot write tables (HADOOP_HOME is not set): start Docker Desktop (https://www.docker.com/products/docker-desktop/) and Start Spark again, or set HADOOP_HOME to a folder with bin\\winutils.exe for Hadoop 3',
    );
  });
});
