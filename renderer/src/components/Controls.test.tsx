// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Api, ApiError } from '../api/client.ts';
import { StoreContext } from '../store/context.ts';
import { createStore } from '../store/store.ts';
import { Controls } from './Controls.tsx';

afterEach(cleanup);

const presets = {
  presets: [
    {
      name: 'base',
      description: 'Baseline',
      generation_mode: 'production',
      seed: 42,
      number_of_companies: 10,
      drivers_per_company: 5,
      event_rate_per_driver: 3.5,
      company_interval_seconds: 3600,
      driver_interval_seconds: 900,
      events_per_batch_range: null,
      error_rate: 0,
    },
  ],
  invalid: [
    {
      name: 'broken',
      issues: [{ path: 'seed', message: 'seed (-1) must be between 0 and 4294967295' }],
    },
  ],
  active: 'base',
};

describe('Controls', () => {
  it('shows a preset error inline, with every issue', async () => {
    const api = {
      applyPreset: async () => {
        throw new ApiError(
          400,
          'invalid_config',
          'the config is invalid; nothing changed',
          presets.invalid[0]?.issues,
        );
      },
    } as unknown as Api;
    const store = createStore(api);
    store.setState((s) => ({
      presets: {
        ...s.presets,
        list: presets.presets as never,
        invalid: presets.invalid,
        selected: 'base',
      },
    }));
    render(
      <StoreContext.Provider value={store}>
        <Controls />
      </StoreContext.Provider>,
    );
    expect(screen.getByText(/a batch every 15 min/)).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Preset' }), {
      target: { value: 'broken' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Apply preset' }));
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('seed (-1) must be between 0 and 4294967295');
  });

  it('offers Clean data only while paused', () => {
    const store = createStore({} as Api);
    const totals = { companies: 10, events: 100, corrupted: 3 };
    store.setState({
      health: { status: 'running', totals, driver_batches: 4, company_batches: 2 } as never,
    });
    render(
      <StoreContext.Provider value={store}>
        <Controls />
      </StoreContext.Provider>,
    );
    expect((screen.getByRole('button', { name: 'Clean data' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    act(() =>
      store.setState({
        health: { status: 'paused', totals, driver_batches: 4, company_batches: 2 } as never,
      }),
    );
    expect((screen.getByRole('button', { name: 'Clean data' }) as HTMLButtonElement).disabled).toBe(
      false,
    );
  });

  it("asks before deleting the class's results with Clean: kept unless the box is ticked", async () => {
    HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
      this.open = true;
    };
    HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
      this.open = false;
    };
    const asked: boolean[] = [];
    const totals = { companies: 10, events: 100, corrupted: 3 };
    const api = {
      clean: async (classResults: boolean) => {
        asked.push(classResults);
        return { deleted_count: 3, class_results: { deleted: classResults, students: 2 } };
      },
      health: async () => ({ status: 'paused', totals, driver_batches: 0, company_batches: 0 }),
    } as unknown as Api;
    const store = createStore(api);
    store.setState({
      health: { status: 'paused', totals, driver_batches: 4, company_batches: 2 } as never,
      classResults: { students: [{ id: 'a' }, { id: 'b' }] } as never,
    });
    render(
      <StoreContext.Provider value={store}>
        <Controls />
      </StoreContext.Provider>,
    );
    const box = () => screen.getByRole('checkbox', { name: /class's results \(2 students\)/ });
    fireEvent.click(screen.getByRole('button', { name: 'Clean data' }));
    expect((box() as HTMLInputElement).checked).toBe(false);
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: 'Delete everything' })),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Clean data' }));
    fireEvent.click(box());
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: 'Delete everything' })),
    );
    expect(asked).toEqual([false, true]);
    expect(store.getState().ui.announcement).toMatch(/and the results of 2 students/);
  });

  it('offers Start backfill exactly when the service says a backfill would start', () => {
    const store = createStore({} as Api);
    const totals = { companies: 0, events: 0, corrupted: 0 };
    const paused = { status: 'paused', totals, driver_batches: 0, company_batches: 0 };
    render(
      <StoreContext.Provider value={store}>
        <Controls />
      </StoreContext.Provider>,
    );
    const startBackfill = () =>
      screen.getByRole('button', { name: 'Start backfill' }) as HTMLButtonElement;
    expect(startBackfill().disabled).toBe(true);
    // Paused with no batch on disk, yet a dataset was already started: the service says no.
    act(() => store.setState({ health: { ...paused, can_backfill: false } as never }));
    expect(startBackfill().disabled).toBe(true);
    act(() => store.setState({ health: { ...paused, can_backfill: true } as never }));
    expect(startBackfill().disabled).toBe(false);
    act(() =>
      store.setState({
        health: { ...paused, status: 'running', can_backfill: false } as never,
      }),
    );
    expect(startBackfill().disabled).toBe(true);
  });

  it('moves focus to the button that undoes the action, even when the stream reports first', async () => {
    const totals = { companies: 0, events: 0, corrupted: 0 };
    const view = (status: string) => ({ status, totals, driver_batches: 0, company_batches: 0 });
    let status = 'running';
    const api = {
      // The live stream reports the new status while the request is still running.
      pause: async () => {
        status = 'paused';
        act(() => store.setState({ health: view(status) as never }));
        return {};
      },
      resume: async () => {
        status = 'running';
        act(() => store.setState({ health: view(status) as never }));
        return { extra: { baseline_actions: [] } };
      },
      health: async () => view(status),
      batches: async () => ({ batches: [] }),
    } as unknown as Api;
    const store = createStore(api);
    store.setState({ health: view('running') as never });
    render(
      <StoreContext.Provider value={store}>
        <Controls />
      </StoreContext.Provider>,
    );
    const button = (name: string) => screen.getByRole('button', { name });
    button('Pause').focus();
    await act(async () => {
      fireEvent.click(button('Pause'));
    });
    expect(document.activeElement).toBe(button('Resume'));
    await act(async () => {
      fireEvent.click(button('Resume'));
    });
    expect(document.activeElement).toBe(button('Pause'));
    // A click from elsewhere (focus not on the button) does not move focus.
    const other = screen.getByRole('combobox', { name: 'Preset' });
    other.focus();
    await act(async () => {
      fireEvent.click(button('Pause'));
    });
    expect(document.activeElement).toBe(other);
  });
});
