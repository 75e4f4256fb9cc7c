// What a refused `listen` means to the person who started the service.
import { ListenError } from '../kernel/errors.ts';

/** The last port that needs privileges on Unix; above it EACCES means a reserved port. */
const LAST_PRIVILEGED_PORT = 1023;

/** A ListenError for a taken or refused port; any other error as it is. */
export function listenError(err: NodeJS.ErrnoException, port: number): Error {
  if (err.code === 'EADDRINUSE') {
    return new ListenError('port_in_use', `port ${port} is taken by another program`, {
      retryWith: ['--port', String(port + 1)],
    });
  }
  if (err.code === 'EACCES' && port > LAST_PRIVILEGED_PORT) {
    // Windows reserves whole port ranges for Hyper-V, WSL and Docker; the next port is often
    // reserved too, so the way out is any free port.
    return new ListenError(
      'port_denied',
      `port ${port} is reserved by the system (Windows keeps ranges for Hyper-V and WSL: netsh interface ipv4 show excludedportrange protocol=tcp); port 0 takes any free port`,
      { retryWith: ['--port', '0'] },
    );
  }
  if (err.code === 'EACCES') {
    return new ListenError('port_denied', `port ${port} needs privileges; use a port above 1024`, {
      retryWith: ['--port', '18000'],
    });
  }
  return err;
}
