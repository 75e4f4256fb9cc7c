// @vitest-environment jsdom
// The window's navigation: one view at a time, named by the address's hash; the rail is one
// tab stop whose links the arrow keys move between; Alt+digit opens a view from anywhere;
// focus goes to the view's heading; classroom mode opens the projector, Escape leaves it.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VIEWS } from '../../shared/views.ts';
import { App } from './App.tsx';
import type { Api } from './api/client.ts';
import { StoreContext } from './store/context.ts';
import { createStore } from './store/store.ts';

const CODE = '868G-0000-58AD-GGY0-01JJ';

function mount(hash = '') {
  window.location.hash = hash;
  // No service: every request fails, which the panels show as they would offline.
  const api = new Proxy({}, { get: () => () => Promise.reject(new Error('offline')) }) as Api;
  const store = createStore(api);
  store.setState({
    health: { status: 'running', class_code: CODE, totals: {}, backfill: null } as never,
  });
  render(
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>,
  );
  return store;
}

const heading = () => screen.getByRole('heading', { level: 1 });
const links = () => screen.getAllByRole('link').filter((a) => a.closest('nav'));
const pressOn = (el: Element, key: string, extra: object = {}) =>
  act(() => {
    fireEvent.keyDown(el, { key, ...extra });
  });

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('views', () => {
  it('shows the view the address names, and Overview for an unknown one', async () => {
    mount('#/logs');
    expect(heading().textContent).toBe('Logs');
    expect(screen.getByRole('region', { name: 'Logs' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Status' })).toBeNull();
    cleanup();
    mount('#/nothing-here');
    expect(heading().textContent).toBe('Overview');
    expect(screen.getByRole('region', { name: 'Status' })).toBeTruthy();
  });

  it('lists every view in the rail, the current one marked, as one tab stop', () => {
    mount('#/spark');
    const rail = screen.getByRole('navigation', { name: 'Views' });
    expect(links().map((a) => a.textContent)).toEqual(VIEWS.map((v, i) => `${v.label}${i + 1}`));
    const current = links().filter((a) => a.getAttribute('aria-current') === 'page');
    expect(current.map((a) => a.getAttribute('href'))).toEqual(['#/spark']);
    expect(links().map((a) => a.tabIndex)).toEqual(VIEWS.map((v) => (v.id === 'spark' ? 0 : -1)));
    expect(rail.querySelector('[aria-keyshortcuts="Alt+3"]')?.textContent).toBe('Spark3');
  });

  it('moves focus along the rail with the arrow keys, Home and End, round the ends', () => {
    mount('#/overview');
    const first = links()[0] as HTMLElement;
    act(() => first.focus());
    pressOn(first, 'ArrowDown');
    expect(document.activeElement?.textContent).toBe('Pipeline2');
    expect((document.activeElement as HTMLElement).tabIndex).toBe(0);
    pressOn(document.activeElement as Element, 'End');
    expect(document.activeElement?.textContent).toBe('Projector9');
    pressOn(document.activeElement as Element, 'ArrowDown');
    expect(document.activeElement?.textContent).toBe('Overview1');
    pressOn(document.activeElement as Element, 'ArrowUp');
    expect(document.activeElement?.textContent).toBe('Projector9');
    pressOn(document.activeElement as Element, 'Home');
    expect(document.activeElement?.textContent).toBe('Overview1');
    // Moving focus opens nothing: the address is still Overview's.
    expect(heading().textContent).toBe('Overview');
  });

  it('opens a view with Alt+digit and puts focus on its heading', async () => {
    mount('#/overview');
    pressOn(document.body, 'ª', { code: 'Digit4', altKey: true });
    await waitFor(() => expect(heading().textContent).toBe('Exercises'));
    expect(window.location.hash).toBe('#/exercises');
    expect(document.activeElement).toBe(heading());
  });

  it('follows the address when it changes (a link, Back, the desktop menu)', async () => {
    mount('#/overview');
    act(() => {
      window.location.hash = '#/api';
    });
    await waitFor(() => expect(heading().textContent).toBe('API'));
    expect(screen.getByRole('region', { name: 'API examples' })).toBeTruthy();
    expect(document.activeElement).toBe(heading());
    expect(document.title).toBe('API · Spark Experiments');
  });
});

describe('a failed action', () => {
  it('says why in the view it came from; on the Overview, the controls say it', async () => {
    const store = mount('#/spark');
    act(() =>
      store.setState((s) => ({ ui: { ...s.ui, actionError: 'port_in_use: port 17077 is taken' } })),
    );
    expect(screen.getByRole('alert').textContent).toBe('port_in_use: port 17077 is taken');
    act(() => {
      window.location.hash = '#/overview';
    });
    await waitFor(() => expect(heading().textContent).toBe('Overview'));
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual([
      'port_in_use: port 17077 is taken',
    ]);
    expect(screen.getByRole('alert').closest('section')?.getAttribute('aria-label')).toBe(
      'Controls',
    );
  });
});

describe('the projector', () => {
  it('opens with classroom mode, without the rail, and Escape goes back', async () => {
    mount('#/pipeline');
    act(() => {
      fireEvent.click(screen.getByLabelText('Classroom mode'));
    });
    await waitFor(() => expect(window.location.hash).toBe('#/projector'));
    expect(screen.queryByRole('navigation', { name: 'Views' })).toBeNull();
    expect(document.documentElement.dataset.classroom).toBe('true');
    // The code is one line of text, group by group.
    const code = screen.getByTestId('class-code');
    expect(code.textContent).toBe(CODE);
    expect(code.querySelectorAll('.code-group')).toHaveLength(5);
    expect(screen.getByRole('timer')).toBeTruthy();
    pressOn(document.body, 'Escape');
    await waitFor(() => expect(window.location.hash).toBe('#/pipeline'));
    expect(screen.getByRole('navigation', { name: 'Views' })).toBeTruthy();
  });
});
