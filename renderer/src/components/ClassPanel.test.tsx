// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Api, ApiError } from '../api/client.ts';
import { StoreContext } from '../store/context.ts';
import { createStore } from '../store/store.ts';
import { ClassPanel } from './ClassPanel.tsx';

afterEach(cleanup);

// jsdom has <dialog> without its methods: open and close it as a browser does.
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.open = true;
};
HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
  this.open = false;
};

const CODE = '89Q0-0000-58AC-DR00-01EE';

function mount(api: Partial<Api>, health: Record<string, unknown>) {
  const store = createStore(api as Api);
  store.setState({ health: health as never });
  render(
    <StoreContext.Provider value={store}>
      <ClassPanel />
    </StoreContext.Provider>,
  );
  return store;
}

describe('ClassPanel', () => {
  it('shows the class code, and the next one when a switch is announced', () => {
    mount(
      {},
      {
        status: 'running',
        class_code: CODE,
        pending_preset: { preset: 'emulated', at: '2026-11-26T12:00:10Z', class_code: 'NEXT-CODE' },
      },
    );
    expect(screen.getByTestId('class-code').textContent).toBe(CODE);
    expect(screen.getByTestId('class-code-next').textContent).toBe('NEXT-CODE');
  });

  it('says when there is no code yet, and what students of a custom config need', () => {
    mount({}, { status: 'paused', class_code: null, pending_preset: null });
    expect(screen.queryByTestId('class-code')).toBeNull();
    expect(screen.getByText(/No dataset yet/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Export recipe' })).toBeNull();
    cleanup();
    mount({}, { status: 'running', class_code: 'ABCD-EFGH-JKMN', pending_preset: null });
    expect(screen.getByText(/the recipe file/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Export recipe' }).getAttribute('href')).toBe(
      '/api/recipe',
    );
  });

  it('joins with the typed code, and shows the service’s reason when it refuses', async () => {
    const sent: string[] = [];
    let refuse = true;
    const api = {
      join: async (code: string) => {
        sent.push(code);
        if (refuse)
          throw new ApiError(409, 'different_dataset', 'this data folder holds another dataset');
        return { class_code: CODE, message: 'joined' };
      },
      health: async () => ({ status: 'running', class_code: CODE, pending_preset: null }),
    } as unknown as Api;
    const store = mount(api, { status: 'running', class_code: null, pending_preset: null });
    fireEvent.click(screen.getByRole('button', { name: 'Join a class' }));
    fireEvent.change(screen.getByLabelText(/Class code/), {
      target: { value: CODE.toLowerCase() },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    });
    expect(sent).toEqual([CODE.toLowerCase()]);
    expect(screen.getByRole('alert').textContent).toContain('different_dataset');
    refuse = false;
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    });
    expect(store.getState().ui.announcement).toBe('joined');
    expect(screen.getByTestId('class-code').textContent).toBe(CODE);
  });
});
