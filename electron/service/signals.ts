// SIGUSR1 pauses and SIGUSR2 resumes, as the earlier version's control script did
// (`kill -USR1 <pid>`, `docker compose kill -s SIGUSR1 generator`). Registering a SIGUSR1
// listener also keeps Node from opening its debugger on that signal.
import type { GeneratorService } from './generator-service.ts';

export function installPauseSignals(service: GeneratorService): () => void {
  const onPause = () => {
    service.log.info('received SIGUSR1: pausing', { source: 'signal' });
    void service
      .pause()
      .catch((err: Error) =>
        service.log.error('pause on SIGUSR1 failed', { message: err.message }),
      );
  };
  const onResume = () => {
    service.log.info('received SIGUSR2: resuming', { source: 'signal' });
    void service
      .resume()
      .catch((err: Error) =>
        service.log.error('resume on SIGUSR2 failed', { message: err.message }),
      );
  };
  if (process.platform === 'win32') return () => undefined;
  process.on('SIGUSR1', onPause);
  process.on('SIGUSR2', onResume);
  return () => {
    process.off('SIGUSR1', onPause);
    process.off('SIGUSR2', onResume);
  };
}
