// The set-up of the app's own Python behind the API: one at a time, run in the background,
// its progress kept for GET /api/python/setup (the Set up Python button polls it).
import type { PythonSetupStatus } from '../../../shared/api/python-setup.ts';
import { CodedError, ServiceError } from '../kernel/errors.ts';
import type { Logger } from '../logs/logger.ts';
import { type PythonSetupOptions, type SetupResult, setUpManagedPython } from './setup.ts';

/** How many of pip's lines the status keeps. */
const KEPT_LINES = 40;

export interface PythonSetupRunnerOptions {
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  /** Tests: the set-up's options beyond env and progress (pins, pip, pipArgs). */
  setup?: Omit<PythonSetupOptions, 'env' | 'onStep' | 'onLine' | 'signal'>;
}

export class PythonSetupRunner {
  private current: PythonSetupStatus = {
    state: 'idle',
    step: 0,
    steps: 0,
    title: null,
    lines: [],
    message: "The app's Python has not been set up since the service started.",
    error_code: null,
    python: null,
    started_at: null,
    finished_at: null,
  };
  private stopper: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: PythonSetupRunnerOptions = {}) {}

  status(): PythonSetupStatus {
    return { ...this.current, lines: [...this.current.lines] };
  }

  /** Starts a set-up in the background; 409 while one runs. */
  start(): PythonSetupStatus {
    if (this.current.state === 'running')
      throw new ServiceError(
        409,
        'python_setup_running',
        "the app's Python is being set up already; follow it with GET /api/python/setup",
      );
    this.stopper = new AbortController();
    this.current = {
      ...this.current,
      state: 'running',
      step: 0,
      title: null,
      lines: [],
      message: "Setting up the app's Python…",
      error_code: null,
      started_at: new Date().toISOString(),
      finished_at: null,
    };
    this.options.log?.info("setting up the app's Python", {});
    this.running = setUpManagedPython({
      ...this.options.setup,
      env: this.options.env ?? process.env,
      signal: this.stopper.signal,
      onStep: (s) => {
        this.current = { ...this.current, step: s.step, steps: s.steps, title: s.title };
      },
      onLine: (line) => {
        this.current.lines = [...this.current.lines, line].slice(-KEPT_LINES);
      },
    }).then(
      (result) => this.finish(result),
      (err: unknown) => this.finish(err),
    );
    return this.status();
  }

  private finish(outcome: SetupResult | unknown): void {
    const done = { finished_at: new Date().toISOString() };
    if (outcome instanceof Error) {
      const code = outcome instanceof CodedError ? outcome.code : 'python_setup_failed';
      this.current = {
        ...this.current,
        ...done,
        state: 'failed',
        message: outcome.message,
        error_code: code,
      };
      this.options.log?.error("the app's Python could not be set up", {
        code,
        message: outcome.message,
      });
      return;
    }
    const result = outcome as SetupResult;
    this.current = {
      ...this.current,
      ...done,
      state: 'succeeded',
      message: result.message,
      python: result.python,
    };
    this.options.log?.info(result.message, { state: result.state });
  }

  /** Stops a set-up in flight (the service is stopping) and waits for it to clean up. */
  async stop(): Promise<void> {
    this.stopper?.abort();
    await this.running;
  }
}
