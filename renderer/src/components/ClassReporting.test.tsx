// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportingState } from '../../../shared/api.ts';
import { type Api, ApiError } from '../api/client.ts';
import { StoreContext } from '../store/context.ts';
import { createStore } from '../store/store.ts';
import { ClassReporting } from './ClassReporting.tsx';

afterEach(cleanup);

HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.open = true;
};
HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
  this.open = false;
};

const off: ReportingState = {
  on: false,
  instructor: null,
  name: null,
  student_id: 'abcdefghijklmnopqrstuv',
  last: null,
};

async function mount(api: Partial<Api>) {
  const store = createStore(api as Api);
  render(
    <StoreContext.Provider value={store}>
      <ClassReporting />
    </StoreContext.Provider>,
  );
  await act(async () => undefined);
  return store;
}

describe('ClassReporting', () => {
  it('sends the pasted link and the typed name, then shows where reports go and how the last went', async () => {
    const sent: Array<[string, string]> = [];
    const store = await mount({
      reporting: async () => off,
      startReporting: async (link: string, name: string) => {
        sent.push([link, name]);
        return {
          ...off,
          on: true,
          instructor: 'http://192.168.1.5:18000',
          name: 'Ana',
          last: {
            exercise: null,
            ok: true,
            at: '2026-01-05T10:00:00Z',
            message: 'connected to the instructor',
          },
        };
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Report my checks' }));
    fireEvent.change(screen.getByLabelText(/Class link/), {
      target: { value: 'http://192.168.1.5:18000/?token=abcdefghijklmnop' },
    });
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: ' Ana ' } });
    const submit = screen
      .getAllByRole('button', { name: 'Report my checks' })
      .at(-1) as HTMLButtonElement;
    await act(async () => fireEvent.click(submit));
    expect(sent).toEqual([['http://192.168.1.5:18000/?token=abcdefghijklmnop', ' Ana ']]);
    expect(screen.getByTestId('reporting-state').textContent).toMatch(
      /to http:\/\/192\.168\.1\.5:18000 as Ana/,
    );
    expect(screen.getByTestId('reporting-last').textContent).toBe('connected to the instructor');
    // A failed report arrives on the stream: shown as an alert, nothing else stops.
    act(() =>
      store.getState().handleEvent({
        type: 'class_reporting',
        data: {
          ...off,
          on: true,
          last: {
            exercise: '03-quarantine',
            ok: false,
            at: '2026-01-05T10:01:00Z',
            message: 'could not reach the instructor',
          },
        },
      }),
    );
    expect(screen.getByRole('alert').textContent).toBe('could not reach the instructor');
  });

  it('says what is wrong with a name before sending, and the service’s refusal of a link', async () => {
    await mount({
      reporting: async () => off,
      startReporting: async () => {
        throw new ApiError(400, 'invalid_link', 'that link carries no class token (?token=…)');
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Report my checks' }));
    fireEvent.change(screen.getByLabelText(/Class link/), { target: { value: 'http://x:1/' } });
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Ana\tB' } });
    expect(screen.getByText(/only printable characters/)).toBeTruthy();
    const submit = () =>
      screen.getAllByRole('button', { name: 'Report my checks' }).at(-1) as HTMLButtonElement;
    expect(submit().disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Ana' } });
    await act(async () => fireEvent.click(submit()));
    expect(screen.getByRole('alert').textContent).toMatch(/no class token/);
  });
});
