// SIGUSR1 pauses and SIGUSR2 resumes, as the earlier version's control script did
// (`kill -USR1 <pid>`, `docker compose kill -s SIGUSR1 generator`). Registering a SIGUSR1
// listener also keeps Node from opening its debugger on that signal.
import type { GeneratorService } from './generator-service.ts';

export function installPauseSignals(service: GeneratorService): () => void {
  if (process.platform === 'win32') return () => undefined;
  const actions = [
    ['SIGUSR1', 'pausing', () => service.pause()],
    ['SIGUSR2', 'resuming', () => service.resume()],
  ] as const;
  const listeners = actions.map(([signal, doing, act]) => {
    const listener = () => {
      service.log.info(`received ${signal}: ${doing}`, { source: 'signal' });
      void act().catch((err: Error) =>
        service.log.error(`${doing} on ${signal} failed`, { message: err.message }),
      );
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}
