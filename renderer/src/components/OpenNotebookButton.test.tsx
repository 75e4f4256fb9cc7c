// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExerciseView } from '../../../shared/exercises.ts';
import { type Api, ApiError } from '../api/client.ts';
import { StoreContext } from '../store/context.ts';
import { createStore } from '../store/store.ts';
import { OpenNotebookButton } from './OpenNotebookButton.tsx';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const URL_WITH_TOKEN =
  'http://127.0.0.1:18888/lab/tree/exercises/01-bronze/01-bronze.ipynb?token=abc123';

function mount(api: Partial<Api>) {
  const store = createStore(api as Api);
  render(
    <StoreContext.Provider value={store}>
      <OpenNotebookButton id="01-bronze" />
    </StoreContext.Provider>,
  );
  return store;
}

/** A tab as window.open returns it, recording where it was sent and whether it closed. */
function fakeTab() {
  const tab = { opener: {} as unknown, location: { href: '' }, closed: false, close: () => {} };
  tab.close = () => {
    tab.closed = true;
  };
  const open = vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
  return { tab, open };
}

const PROGRESS = { streaming: false, released: null, hints_total: 0, hints_revealed: 0 };

const course = async () => ({
  exercises: [{ id: '01-bronze', title: 'Bronze', prepared: true, passed: null, ...PROGRESS }],
});

describe('Open starter notebook', () => {
  it("opens a tab in the click and sends it to JupyterLab's address of the notebook", async () => {
    const { tab, open } = fakeTab();
    let asked = '';
    mount({
      exercises: course,
      exercise: async () => ({}) as ExerciseView,
      openNotebook: async (id: string) => {
        asked = id;
        return { url: URL_WITH_TOKEN, notebook: '/data/exercises/01-bronze/01-bronze.ipynb' };
      },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Open starter notebook' }));
    });
    expect(asked).toBe('01-bronze');
    expect(open).toHaveBeenCalledTimes(1);
    expect(tab.opener).toBeNull();
    expect(tab.location.href).toBe(URL_WITH_TOKEN);
    expect(tab.closed).toBe(false);
  });

  it('closes the tab and says why when the notebook service is not running', async () => {
    const { tab } = fakeTab();
    const store = mount({
      exercises: course,
      openNotebook: async () => {
        throw new ApiError(
          409,
          'notebook_not_running',
          'the notebook service is not running: Start Spark first, with Docker',
        );
      },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Open starter notebook' }));
    });
    expect(tab.closed).toBe(true);
    expect(tab.location.href).toBe('');
    expect(store.getState().exerciseError).toContain('Start Spark first');
  });

  it('is disabled on the read-only class link', () => {
    const store = mount({ exercises: course });
    act(() => {
      store.setState({ health: { access: 'read_only' } as never });
    });
    expect(screen.getByRole('button', { name: 'Open starter notebook' })).toHaveProperty(
      'disabled',
      true,
    );
  });
});
