import { describe, expect, it } from 'vitest';
import { ListenError } from '../kernel/errors.ts';
import { listenError } from './listen-error.ts';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`listen ${code}`), { code });
}

describe('a refused listen, in words the user can act on', () => {
  it('names a reserved port (Hyper-V/WSL ranges on Windows) and offers any free port', () => {
    const err = listenError(errno('EACCES'), 18000);
    expect(err).toBeInstanceOf(ListenError);
    expect(err).toMatchObject({ code: 'port_denied', retryWith: ['--port', '0'] });
    expect(err.message).toContain('port 18000 is reserved by the system');
    expect(err.message).toContain('excludedportrange');
    expect(err.message).not.toContain('privileges');
  });

  it('keeps the privileges hint for a low port', () => {
    const err = listenError(errno('EACCES'), 80);
    expect(err).toMatchObject({ code: 'port_denied', retryWith: ['--port', '18000'] });
    expect(err.message).toBe('port 80 needs privileges; use a port above 1024');
  });

  it('keeps the taken-port answer and its next-port hint', () => {
    const err = listenError(errno('EADDRINUSE'), 18000);
    expect(err).toMatchObject({ code: 'port_in_use', retryWith: ['--port', '18001'] });
    expect(err.message).toBe('port 18000 is taken by another program');
  });

  it('passes any other error on as it is', () => {
    const other = errno('EADDRNOTAVAIL');
    expect(listenError(other, 18000)).toBe(other);
  });
});
