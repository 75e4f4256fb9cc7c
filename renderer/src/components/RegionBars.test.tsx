// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchMeta } from '../../../shared/api.ts';
import { DEFAULT_TIME_ZONES } from '../../../shared/world-config.ts';
import type { Api } from '../api/client.ts';
import { StoreContext } from '../store/context.ts';
import { createStore } from '../store/store.ts';
import { RegionBars } from './RegionBars.tsx';

const offline = new Proxy({}, { get: () => () => Promise.reject(new Error('offline')) }) as Api;

function mount(regions: boolean, batches: Partial<BatchMeta>[]) {
  const store = createStore(offline);
  store.setState({
    health: {
      status: 'running',
      totals: {},
      regions: regions ? { time_zones: DEFAULT_TIME_ZONES } : null,
    } as never,
    batches: batches as BatchMeta[],
  });
  render(
    <StoreContext.Provider value={store}>
      <RegionBars />
    </StoreContext.Provider>,
  );
}

beforeEach(() => {
  vi.useFakeTimers();
  // 2024-07-01 12:30 UTC: 07:30 in Chicago, 14:30 in Berlin, 09:30 in São Paulo, 22:30 in Sydney.
  vi.setSystemTime(Date.UTC(2024, 6, 1, 12, 30));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('RegionBars', () => {
  it("shows each region's events over the recent batches and its local time", () => {
    mount(true, [
      { batch_id: '2', events_by_region: { US: 30, EU: 12, SA: 5, AUS: 0 } },
      { batch_id: '1', events_by_region: { US: 10, EU: 8, SA: 1, AUS: 2 } },
    ]);
    const table = screen.getByRole('table');
    expect(within(table).getByText(/Events by region, last 2 batches/)).toBeTruthy();
    const row = (r: string) => {
      const tr = table.querySelector(`tr[data-region="${r}"]`) as HTMLElement;
      return {
        text: tr.textContent,
        bar: Number((tr.querySelector('.region-bar') as HTMLElement).dataset.share),
      };
    };
    expect(row('US').text).toBe('US 07:30 morning40');
    expect(row('EU').text).toBe('EU 14:30 afternoon20');
    expect(row('SA').text).toBe('SA 09:30 morning6');
    expect(row('AUS').text).toBe('AUS 22:30 night2');
    // Bars in proportion to the largest region's events.
    expect(row('US').bar).toBe(1);
    expect(row('EU').bar).toBe(0.5);
    expect(row('AUS').bar).toBe(0.05);
    expect(row('SA').bar).toBe(0.15);
    expect(screen.getByTitle('Australia (Australia/Sydney)')).toBeTruthy();
  });

  it('shows nothing when the running config has no regions', () => {
    mount(false, [{ batch_id: '1', events_by_region: { US: 1, EU: 1, SA: 1, AUS: 1 } }]);
    expect(screen.queryByTestId('region-bars')).toBeNull();
  });
});
