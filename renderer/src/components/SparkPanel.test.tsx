// @vitest-environment jsdom
// The Spark panel shows the ports the cluster uses and links to the master UI on its port.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SparkStatus } from '../../../shared/api.ts';
import type { Api } from '../api/client.ts';
import { StoreContext } from '../store/context.ts';
import { createStore } from '../store/store.ts';
import { SparkPanel } from './SparkPanel.tsx';

afterEach(cleanup);

const running: SparkStatus = {
  state: 'running',
  backend: 'docker',
  message: 'Spark is running (docker backend): master UI on http://127.0.0.1:27080/',
  error_code: null,
  master: null,
  services: [],
  ui_url: 'http://127.0.0.1:27080/',
  ports: { master_ui: 27080, master: 27077, app_ui: 24040, notebook: 28888 },
  started_at: null,
  ready_seconds: null,
  spark_home: null,
  stack_dir: null,
  jobs: [],
  notebook: { state: 'stopped', url: null },
  backends: {
    docker: { state: 'ready', version: '2.36.2' },
    local: { available: false, detail: 'none' },
  },
};

describe('SparkPanel', () => {
  it('shows the configured ports and links the Spark UI on its port', () => {
    const store = createStore({} as Api);
    act(() => store.setState({ spark: running }));
    render(
      <StoreContext.Provider value={store}>
        <SparkPanel />
      </StoreContext.Provider>,
    );
    expect(screen.getByTestId('spark-ports').textContent).toBe(
      'master UI 27080 · master 27077 · app UI 24040 · notebook 28888',
    );
    expect(screen.getByRole('link', { name: 'Spark UI' }).getAttribute('href')).toBe(
      'http://127.0.0.1:27080/',
    );
  });
});
