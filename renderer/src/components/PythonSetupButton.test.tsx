// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PythonSetupStatus } from '../../../shared/api/python-setup.ts';
import type { SparkStatus } from '../../../shared/api.ts';
import type { Api } from '../api/client.ts';
import { StoreContext } from '../store/context.ts';
import { createStore } from '../store/store.ts';
import { PythonSetupButton } from './PythonSetupButton.tsx';

afterEach(cleanup);

function sparkWith(docker: SparkStatus['backends']['docker']['state']): SparkStatus {
  return {
    state: 'stopped',
    backend: null,
    message: 'Spark is not running.',
    error_code: null,
    master: null,
    services: [],
    ui_url: null,
    started_at: null,
    ready_seconds: null,
    spark_home: null,
    stack_dir: null,
    ports: { master_ui: 17080, master: 17077, app_ui: 14040, notebook: 18888 },
    jobs: [],
    notebook: { state: 'stopped', url: null },
    backends: {
      docker: { state: docker, message: 'Docker is not installed' },
      local: { available: false, detail: 'not looked for yet', checked: false },
    },
  };
}

const idle: PythonSetupStatus = {
  state: 'idle',
  step: 0,
  steps: 0,
  title: null,
  lines: [],
  message: 'not set up',
  error_code: null,
  python: null,
  started_at: null,
  finished_at: null,
};

/**
 * An API whose set-up answers `running` to every poll until the test calls `finish()`, then
 * `done`: the test, not the poll interval, decides when the set-up ends.
 */
function fakeApi(running: PythonSetupStatus = idle, done: PythonSetupStatus = idle) {
  const calls: string[] = [];
  let started = false;
  let finished = false;
  const api = {
    pythonSetup: async () => {
      calls.push('get');
      return !started ? idle : finished ? done : running;
    },
    startPythonSetup: async () => {
      calls.push('post');
      started = true;
      return { ...idle, state: 'running', step: 1, steps: 7, title: "Checking the app's Python" };
    },
  } as unknown as Api;
  return {
    api,
    calls,
    finish: () => {
      finished = true;
    },
  };
}

function show(spark: SparkStatus, api: Api) {
  const store = createStore({} as Api);
  store.setState({ spark });
  render(
    <StoreContext.Provider value={store}>
      <PythonSetupButton api={api} />
    </StoreContext.Provider>,
  );
}

describe('PythonSetupButton', () => {
  it('is not there when Docker runs Spark', () => {
    const { api, calls } = fakeApi();
    show(sparkWith('ready'), api);
    expect(screen.queryByRole('button', { name: 'Set up Python' })).toBeNull();
    expect(calls).toEqual([]);
  });

  it('starts the set-up, shows its step and pip line while it runs, then the outcome', async () => {
    const running = {
      ...idle,
      state: 'running' as const,
      step: 5,
      steps: 7,
      title: 'Installing pyspark==3.5.8',
      lines: ['Collecting pyspark==3.5.8', '  downloaded 40% of 317.3 MB'],
    };
    const done = {
      ...running,
      state: 'succeeded' as const,
      message: "The app's Python is ready (pyspark==3.5.8): /home/ana/python",
    };
    const { api, calls, finish } = fakeApi(running, done);
    show(sparkWith('cli_missing'), api);
    fireEvent.click(await screen.findByRole('button', { name: 'Set up Python' }));
    expect(
      await screen.findByText('Step 5/7: Installing pyspark==3.5.8 — downloaded 40% of 317.3 MB'),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Setting up Python…' })).toHaveProperty(
      'disabled',
      true,
    );
    finish();
    expect(await screen.findByText(done.message, undefined, { timeout: 5000 })).toBeTruthy();
    expect(calls[0]).toBe('get');
    expect(calls).toContain('post');
  });
});
