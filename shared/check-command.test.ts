import { describe, expect, it } from 'vitest';
import { checkCommand } from './check-command.ts';

describe('the check command', () => {
  it('names the data folder, quoted when a shell would split or expand it', () => {
    expect(checkCommand('01-bronze', '/home/ana/data')).toBe(
      'npm run check -- --exercise 01-bronze --data-dir /home/ana/data',
    );
    expect(checkCommand('04-silver', '/Users/ana/Spark Experiments/data')).toBe(
      'npm run check -- --exercise 04-silver --data-dir "/Users/ana/Spark Experiments/data"',
    );
    expect(checkCommand('04-silver', '/tmp/$HOME"x')).toBe(
      'npm run check -- --exercise 04-silver --data-dir "/tmp/\\$HOME\\"x"',
    );
    expect(checkCommand('01-bronze', 'C:\\Users\\ana\\data')).toBe(
      'npm run check -- --exercise 01-bronze --data-dir C:\\Users\\ana\\data',
    );
  });
});
