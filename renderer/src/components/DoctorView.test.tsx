// @vitest-environment jsdom
// Check my setup: runs the doctor when asked, shows each line (the fix under a problem), and
// Re-check asks again and shows the new answer.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../shared/api.ts';
import type { Api } from '../api/client.ts';
import { StoreContext } from '../store/context.ts';
import { createStore } from '../store/store.ts';
import { DoctorView } from './DoctorView.tsx';

afterEach(cleanup);

const HELD: DoctorReport = {
  checked_at: '2026-12-04T23:00:00.000Z',
  ok: false,
  checks: [
    { id: 'node', title: 'Node.js', status: 'ok', summary: 'Node 22.23.5 (needs 22.13 or newer)' },
    {
      id: 'port-notebook',
      title: 'Port 18888 (the notebook)',
      status: 'problem',
      summary: '127.0.0.1:18888 is used by another program, so Spark cannot start',
      fix: 'set --notebook-port / SPARK_EXPERIMENTS_NOTEBOOK_PORT to a free port',
    },
  ],
};

const FREED: DoctorReport = {
  ...HELD,
  ok: true,
  checks: [
    HELD.checks[0] as DoctorReport['checks'][number],
    {
      id: 'port-notebook',
      title: 'Port 18888 (the notebook)',
      status: 'ok',
      summary: '127.0.0.1:18888 is free',
    },
  ],
};

function mount(answers: DoctorReport[]) {
  let calls = 0;
  const api = {
    doctor: async () => {
      const answer = answers[Math.min(calls, answers.length - 1)] as DoctorReport;
      calls += 1;
      return answer;
    },
  } as Partial<Api>;
  const store = createStore(api as Api);
  render(
    <StoreContext.Provider value={store}>
      <DoctorView />
    </StoreContext.Provider>,
  );
  return { store, calls: () => calls };
}

describe('DoctorView', () => {
  it('checks on request, shows a problem with its fix, and Re-check shows the new answer', async () => {
    const view = mount([HELD, FREED]);
    expect(view.calls()).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: 'Check my setup' }));
    await waitFor(() =>
      expect(screen.getByTestId('doctor-verdict').textContent).toBe('1 problem to fix'),
    );
    const line = screen.getByTestId('doctor-port-notebook');
    expect(line.className).toBe('doctor-problem');
    expect(line.textContent).toContain('127.0.0.1:18888 is used by another program');
    expect(line.textContent).toContain(
      'Fix: set --notebook-port / SPARK_EXPERIMENTS_NOTEBOOK_PORT to a free port',
    );
    expect(screen.getByTestId('doctor-node').textContent).toContain('Node 22.23.5');

    fireEvent.click(screen.getByRole('button', { name: 'Re-check' }));
    await waitFor(() =>
      expect(screen.getByTestId('doctor-verdict').textContent).toBe('No problems found.'),
    );
    expect(view.calls()).toBe(2);
    expect(screen.getByTestId('doctor-port-notebook').textContent).not.toContain('Fix:');
  });

  it('shows why the doctor could not answer', async () => {
    const store = createStore({
      doctor: async () => {
        throw new Error('the generator service is not reachable (fetch failed)');
      },
    } as Partial<Api> as Api);
    render(
      <StoreContext.Provider value={store}>
        <DoctorView />
      </StoreContext.Provider>,
    );
    await act(() => store.getState().checkSetup());
    expect(screen.getByText(/not reachable/)).toBeTruthy();
    expect(
      (screen.getByRole('button', { name: 'Check my setup' }) as HTMLButtonElement).disabled,
    ).toBe(false);
  });

  it('is not offered on the read-only class link', () => {
    const store = createStore({} as Api);
    act(() =>
      store.getState().handleEvent({
        type: 'health',
        data: { status: 'running', totals: {}, access: 'read_only' } as never,
      }),
    );
    render(
      <StoreContext.Provider value={store}>
        <DoctorView />
      </StoreContext.Provider>,
    );
    expect(screen.queryByRole('region', { name: 'Check my setup' })).toBeNull();
  });
});
