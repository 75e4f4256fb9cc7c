// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClassResultsView, StudentRow } from '../../../shared/api.ts';
import type { Api } from '../api/client.ts';
import { StoreContext } from '../store/context.ts';
import { createStore } from '../store/store.ts';
import { ClassResults } from './ClassResults.tsx';

afterEach(cleanup);

const at = '2026-01-05T10:00:00.000Z';
const cell = (passed: number, total: number) => ({
  passed,
  total,
  checked_at: at,
  received_at: at,
});
const row = (id: string, name: string, cells: StudentRow['cells']): StudentRow => ({
  id,
  name,
  cells,
  last_seen: at,
});
const view = (over: Partial<ClassResultsView> = {}): ClassResultsView => ({
  collecting: true,
  lan: true,
  link: 'http://192.168.1.5:18000/?token=abcdefghijklmnopqrstuvwx',
  exercises: [
    { id: '01-bronze', title: 'Bronze' },
    { id: '02-timestamps', title: 'Timestamps' },
  ],
  students: [
    row('id-z', 'Zoe', { '01-bronze': cell(3, 3), '02-timestamps': cell(4, 4) }),
    row('id-a', 'Ana', { '01-bronze': cell(1, 3) }),
  ],
  limits: { students: 1000, name_characters: 40 },
  ...over,
});

async function mount(api: Partial<Api>) {
  const store = createStore(api as Api);
  render(
    <StoreContext.Provider value={store}>
      <ClassResults />
    </StoreContext.Provider>,
  );
  await act(async () => undefined);
  return store;
}

const names = () =>
  within(screen.getByRole('table'))
    .getAllByRole('rowheader')
    .map((th) => th.textContent);

describe('ClassResults', () => {
  it('shows each student × exercise as ✓, ✗ n of m or ○, sorted by name, then by progress', async () => {
    await mount({ classResults: async () => view() });
    expect(names()).toEqual(['Ana', 'Zoe']);
    const ana = screen.getByRole('rowheader', { name: 'Ana' }).closest('tr') as HTMLElement;
    expect([...ana.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      '0 of 2',
      '✗ 1 of 3',
      '○',
    ]);
    expect(within(ana).getByLabelText('01-bronze: not yet, 1 of 3 checks')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Progress' }));
    expect(names()).toEqual(['Zoe', 'Ana']);
    expect(screen.getByRole('columnheader', { name: /Progress/ }).getAttribute('aria-sort')).toBe(
      'descending', // most first
    );
    fireEvent.click(screen.getByRole('button', { name: /Name/ }));
    fireEvent.click(screen.getByRole('button', { name: /Name/ }));
    expect(names()).toEqual(['Zoe', 'Ana']); // Z to A
    expect(screen.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
  });

  it('shows the hints a student used in the cell, and says them in its label and title', async () => {
    await mount({
      classResults: async () =>
        view({
          students: [
            row('id-a', 'Ana', {
              '01-bronze': { ...cell(3, 4), hints_used: 2 },
              '02-timestamps': { ...cell(4, 4), hints_used: 0 },
            }),
          ],
        }),
    });
    const ana = screen.getByRole('rowheader', { name: 'Ana' }).closest('tr') as HTMLElement;
    const [bronze, timestamps] = [...ana.querySelectorAll('td.result')] as HTMLElement[];
    expect(bronze?.textContent).toBe('✗ 3 of 4 · 2 hints');
    expect(within(ana).getByLabelText('01-bronze: not yet, 3 of 4 checks, 2 hints used')).toBe(
      bronze,
    );
    expect(bronze?.title).toMatch(/^checked .+, 2 hints used$/);
    expect(timestamps?.textContent).toBe('✓');
    expect(timestamps?.getAttribute('aria-label')).toBe(
      '02-timestamps: passed, all 4 checks, no hints used',
    );
    // A cell from an older student's app says nothing of hints.
    cleanup();
    await mount({ classResults: async () => view() });
    const zoe = screen.getByRole('rowheader', { name: 'Zoe' }).closest('tr') as HTMLElement;
    const first = zoe.querySelector('td.result') as HTMLElement;
    expect(first.getAttribute('aria-label')).toBe('01-bronze: passed, all 3 checks');
    expect(first.title).not.toMatch(/hint/);
  });

  it('merges the rows of a stream event, and fetches again after a reset', async () => {
    let fetched = 0;
    const store = await mount({
      classResults: async () => {
        fetched += 1;
        return view();
      },
    });
    act(() =>
      store.getState().handleEvent({
        type: 'class_results',
        data: {
          collecting: true,
          students: 3,
          reset: false,
          changed: [
            row('id-a', 'Ana', { '01-bronze': cell(3, 3) }),
            row('id-b', 'Bia', { '02-timestamps': cell(0, 4) }),
          ],
        },
      }),
    );
    expect(names()).toEqual(['Ana', 'Bia', 'Zoe']);
    expect(screen.getByTestId('class-results-count').textContent).toMatch(/^3 of at most 1000/);
    const ana = screen.getByRole('rowheader', { name: 'Ana' }).closest('tr') as HTMLElement;
    expect(ana.querySelectorAll('td')[1]?.textContent).toBe('✓');
    await act(async () =>
      store.getState().handleEvent({
        type: 'class_results',
        data: { collecting: true, students: 0, reset: true, changed: [] },
      }),
    );
    expect(fetched).toBe(2);
  });

  it('turns Collect results on and off, and shows the link only while collecting', async () => {
    const asked: boolean[] = [];
    await mount({
      classResults: async () => view({ collecting: false, students: [] }),
      collectResults: async (on: boolean) => {
        asked.push(on);
        return view({ collecting: on });
      },
    });
    expect(screen.queryByTestId('class-results-link')).toBeNull();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Collect results' })));
    expect(asked).toEqual([true]);
    expect(screen.getByTestId('class-results-link').textContent).toMatch(/\?token=/);
    expect(
      screen.getByRole('button', { name: 'Stop collecting' }).getAttribute('aria-pressed'),
    ).toBe('true');
  });

  it('says Collect results needs LAN mode, with the button off', async () => {
    await mount({
      classResults: async () => view({ lan: false, collecting: false, link: null, students: [] }),
    });
    expect(screen.getByText(/needs LAN mode/)).toBeTruthy();
    expect(
      (screen.getByRole('button', { name: 'Collect results' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });

  it('exports the grid as a CSV file, one row per student', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:x';
    });
    URL.revokeObjectURL = vi.fn();
    const click = vi
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    await mount({ classResults: async () => view() });
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(click).toHaveBeenCalledOnce();
    // jsdom's Blob has no text(): read it as a browser's FileReader does.
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0] as Blob);
    });
    expect(text.split('\r\n').slice(0, 3)).toEqual([
      'name,exercises_passed,01-bronze,02-timestamps,last_report,student_id,01-bronze_hints,02-timestamps_hints',
      `Ana,0,1 of 3,,${at},id-a,,`,
      `Zoe,2,passed,passed,${at},id-z,,`,
    ]);
    click.mockRestore();
  });
});
