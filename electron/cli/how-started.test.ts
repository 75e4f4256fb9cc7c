import { describe, expect, it } from 'vitest';
import { rerunHint, withFlags } from './how-started.ts';

describe('rerunHint: the command to type again', () => {
  const args = ['--preset', 'small', '--port', '18000'];

  it('puts the flags after -- when npm ran the command', () => {
    expect(rerunHint('serve', ['--port', '18001'], { npmScript: 'serve', args })).toBe(
      'npm run serve -- --preset small --port 18001',
    );
  });

  it('says npm start when the desktop app fell back to serve', () => {
    expect(rerunHint('serve', ['--port', '18001'], { npmScript: 'start', args: [] })).toBe(
      'npm start -- --port 18001',
    );
  });

  it('passes the flags as they are when run without npm, or under another npm script', () => {
    expect(rerunHint('serve', ['--port', '18001'], { npmScript: undefined, args })).toBe(
      'serve --preset small --port 18001',
    );
    // A test run's npm script is inherited by the processes it starts: it is not the command.
    expect(rerunHint('serve', ['--port', '18001'], { npmScript: 'test:unit', args })).toBe(
      'serve --preset small --port 18001',
    );
  });

  it('quotes what the shell would split', () => {
    expect(
      rerunHint('serve', ['--port', '18001'], {
        npmScript: 'serve',
        args: ['--data-dir', "/tmp/it's mine"],
      }),
    ).toBe("npm run serve -- --data-dir '/tmp/it'\\''s mine' --port 18001");
  });
});

describe('withFlags', () => {
  it('replaces a flag given as two words or as --flag=value, or adds it', () => {
    expect(withFlags(['--port', '1', '--paused'], ['--port', '2'])).toEqual([
      '--port',
      '2',
      '--paused',
    ]);
    expect(withFlags(['--port=1'], ['--port', '2'])).toEqual(['--port', '2']);
    expect(withFlags(['--paused'], ['--port', '2'])).toEqual(['--paused', '--port', '2']);
  });
});
