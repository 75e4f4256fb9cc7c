// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchMeta } from '../../../shared/api.ts';
import { EventsChart } from './EventsChart.tsx';

afterEach(cleanup);

function meta(i: number, extra: Partial<BatchMeta> = {}): BatchMeta {
  const start = Date.UTC(2024, 0, 1, 0, i * 15);
  return {
    batch_id: `b${String(i).padStart(3, '0')}`,
    interval_start: new Date(start).toISOString(),
    interval_end: new Date(start + 900_000).toISOString(),
    event_count: 100 + i,
    seed: 1,
    generation_time: new Date(start + 900_000).toISOString(),
    corrupted_count: i % 3,
    record_count: 100 + i + (i % 3),
    issues: {},
    generation_mode: 'production',
    companies_eligible: 10,
    ...extra,
  };
}

/** Newest first, as the store holds them. */
const newestFirst = (list: BatchMeta[]) => [...list].reverse();

describe('EventsChart', () => {
  it('without late arrivals or lifecycle: only events and defects, no extra legend', () => {
    render(<EventsChart batches={newestFirst([0, 1, 2].map((i) => meta(i)))} />);
    const chart = screen.getByTestId('events-chart');
    expect(chart.getAttribute('aria-label')).toBe(
      'Events per batch over the last 3 batches: 303 events, 3 defective',
    );
    expect(screen.queryByTestId('changes-chart')).toBeNull();
    expect(screen.queryByTestId('chart-legend')).toBeNull();
    expect(chart.querySelectorAll('.bar-late')).toHaveLength(0);
  });

  it('shows late arrivals per batch and their total', () => {
    const list = [
      meta(0, { late_count: 0 }),
      meta(1, { late_count: 7 }),
      meta(2, { late_count: 12 }),
    ];
    render(<EventsChart batches={newestFirst(list)} />);
    const chart = screen.getByTestId('events-chart');
    expect(chart.getAttribute('aria-label')).toContain('303 events, 19 of them late arrivals');
    expect(screen.getByTestId('chart-legend').textContent).toContain('19 late arrivals');
    // One late segment per batch with late rows, in time order, scaled like the events.
    const late = chart.querySelectorAll('.bar-late');
    expect(late).toHaveLength(2);
    const valid = chart.querySelectorAll('.bar-valid');
    const ratio = (i: number) =>
      Number(late[i]?.getAttribute('height')) / Number(valid[i + 1]?.getAttribute('height'));
    expect(ratio(0)).toBeCloseTo(7 / 101, 5);
    expect(ratio(1)).toBeCloseTo(12 / 102, 5);
    const titles = Array.from(chart.querySelectorAll('title')).map((t) => t.textContent);
    expect(titles[1]).toBe('b001: 101 events, 7 late, 1 defective');
  });

  it('shows deactivations and reactivations in a strip, with their totals', () => {
    const list = [
      meta(0, { deactivated_count: 0, reactivated_count: 0 }),
      meta(1, { deactivated_count: 2, reactivated_count: 0 }),
      meta(2, { deactivated_count: 1, reactivated_count: 1 }),
    ];
    render(<EventsChart batches={newestFirst(list)} />);
    const strip = screen.getByTestId('changes-chart');
    expect(strip.getAttribute('aria-label')).toBe(
      'Company changes over the same batches: 3 deactivated, 1 reactivated',
    );
    expect(screen.getByTestId('events-chart').getAttribute('aria-label')).toContain(
      'companies 3 deactivated, 1 reactivated',
    );
    const legend = screen.getByTestId('chart-legend').textContent;
    expect(legend).toContain('3 deactivated');
    expect(legend).toContain('1 reactivated');
    expect(legend).not.toContain('late');
    // Batches with no change draw nothing; the highest count fills the strip.
    const off = Array.from(strip.querySelectorAll('.bar-deactivated')).map((r) =>
      Number(r.getAttribute('height')),
    );
    expect(off).toEqual([20, 10]);
    const on = Array.from(strip.querySelectorAll('.bar-reactivated')).map((r) =>
      Number(r.getAttribute('height')),
    );
    expect(on).toEqual([0, 10]);
  });

  it('charts only the newest 40 batches', () => {
    const list = Array.from({ length: 45 }, (_, i) => meta(i, { late_count: 1 }));
    render(<EventsChart batches={newestFirst(list)} />);
    const chart = screen.getByTestId('events-chart');
    expect(chart.querySelectorAll('.bar-valid')).toHaveLength(40);
    expect(chart.getAttribute('aria-label')).toContain('last 40 batches');
    expect(screen.getByTestId('chart-legend').textContent).toContain('40 late arrivals');
    expect(chart.querySelector('title')?.textContent).toMatch(/^b005:/);
  });
});
