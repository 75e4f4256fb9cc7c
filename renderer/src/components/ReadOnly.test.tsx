// @vitest-environment jsdom
// The class link of LAN mode: GET /api/health says `access: "read_only"`; the dashboard then
// offers no control the API would refuse, and stream events (which carry no `access`) keep it.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Api } from '../api/client.ts';
import { StoreContext } from '../store/context.ts';
import { createStore } from '../store/store.ts';
import { ClassPanel } from './ClassPanel.tsx';
import { Controls } from './Controls.tsx';

afterEach(cleanup);

const health = (extra: object) =>
  ({
    status: 'running',
    totals: { companies: 1, events: 2, corrupted: 0 },
    driver_batches: 4,
    company_batches: 2,
    backfill: null,
    ...extra,
  }) as never;

function renderWith(store: ReturnType<typeof createStore>) {
  render(
    <StoreContext.Provider value={store}>
      <Controls />
      <ClassPanel />
    </StoreContext.Provider>,
  );
}

describe('a read-only client', () => {
  it('sees a note instead of the controls, and Join disabled, after stream events too', () => {
    const store = createStore({} as Api);
    act(() => store.getState().handleEvent({ type: 'health', data: health({}) }));
    renderWith(store);
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();
    expect(screen.queryByTestId('read-only')).toBeNull();
    // What GET /api/health answers the class link; then a stream event without the field.
    act(() =>
      store.getState().handleEvent({ type: 'health', data: health({ access: 'read_only' }) }),
    );
    act(() => store.getState().handleEvent({ type: 'health', data: health({ status: 'paused' }) }));
    expect(screen.getByTestId('read-only').textContent).toMatch(/read-only class link/i);
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Clean data' })).toBeNull();
    expect(
      (screen.getByRole('button', { name: 'Join a class' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });

  it('keeps every control for full access', () => {
    const store = createStore({} as Api);
    act(() => store.getState().handleEvent({ type: 'health', data: health({ access: 'full' }) }));
    renderWith(store);
    expect(screen.queryByTestId('read-only')).toBeNull();
    expect((screen.getByRole('button', { name: 'Pause' }) as HTMLButtonElement).disabled).toBe(
      false,
    );
    expect(
      (screen.getByRole('button', { name: 'Join a class' }) as HTMLButtonElement).disabled,
    ).toBe(false);
  });
});
