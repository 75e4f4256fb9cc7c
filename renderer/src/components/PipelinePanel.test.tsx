// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PipelineView } from '../../../shared/pipeline.ts';
import type { Api } from '../api/client.ts';
import { StoreContext } from '../store/context.ts';
import { createStore } from '../store/store.ts';
import { PipelinePanel } from './PipelinePanel.tsx';

afterEach(cleanup);

const layer = (rows: number | null, p50: number | null) => ({
  rows,
  batches: 3,
  micro_batch: 7,
  input_rate: 10,
  processed_rate: 1234.4,
  duration_ms: 900,
  watermark: null,
  dropped_by_watermark: 0,
  freshness: { batches: 3, p50_s: p50, p95_s: p50 },
  final: null,
});

const VIEW: PipelineView = {
  running: true,
  updated_at: '2026-11-26T16:00:00Z',
  layers: {
    bronze: layer(5210, 2.5),
    silver: layer(4400, 6.25),
    gold: {
      ...layer(null, 11),
      dropped_by_watermark: 2,
      final: { batches: 2, p50_s: 16.5, p95_s: 18 },
    },
  },
  quarantine: { rows: 810 },
  late: {
    arrived: 40,
    kept: 37,
    dropped: 3,
    ledger: 41,
    expected_dropped: 0,
    watermark_delay_s: 2701,
    max_lateness_s: 2700,
  },
  rules: [
    { rule: 'null_value', caught: 300, injected: 300 },
    { rule: 'boundary_violation', caught: 30, injected: 36 },
  ],
  batches: [
    {
      batch_id: '20261126T160005Z',
      events: 6,
      bronze_s: 1.5,
      silver_s: 4,
      gold_s: 9,
      gold_final_s: null,
    },
    {
      batch_id: '20261126T160000Z',
      events: 0,
      bronze_s: 1,
      silver_s: 3,
      gold_s: null,
      gold_final_s: null,
    },
  ],
};

async function mount(view: PipelineView | Error) {
  const api = {
    pipeline: async () => {
      if (view instanceof Error) throw view;
      return view;
    },
  };
  const store = createStore(api as unknown as Api);
  await act(async () => {
    render(
      <StoreContext.Provider value={store}>
        <PipelinePanel />
      </StoreContext.Provider>,
    );
  });
  return store;
}

describe('PipelinePanel', () => {
  it('draws the layers with rows, rate and freshness, the quarantine off silver', async () => {
    await mount(VIEW);
    expect(screen.getByTestId('pipeline-state').textContent).toBe('streaming');
    const bronze = screen.getByTestId('node-bronze').textContent;
    expect(bronze).toContain('5,210 rows');
    expect(bronze).toContain('1,234 rows/s');
    expect(bronze).toContain('fresh 2.5 s');
    expect(screen.getByTestId('node-quarantine').textContent).toContain('quarantine 810');
    const gold = screen.getByTestId('node-gold').textContent;
    expect(gold).toContain('2 dropped by the watermark');
    expect(gold).toContain('fresh 11.0 s');
    expect(gold).toContain('final 16.5 s');
    expect(screen.getByTestId('node-silver').textContent).not.toContain('final');
  });

  it('marks a rule that missed defects, and how far each batch has travelled', async () => {
    await mount(VIEW);
    const row = screen.getByRole('row', { name: /boundary_violation/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['30', '36 (6 missed)']);
    expect(row.className).toBe('missed');
    expect(screen.getByRole('row', { name: /null_value/ }).className).toBe('');
    const batch = screen.getByRole('row', { name: /20261126T160005Z/ });
    expect(
      within(batch)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['1.5 s', '4.0 s', '9.0 s', '…']);
    // No valid events: nothing to wait for in gold.
    const empty = screen.getByRole('row', { name: /20261126T160000Z/ });
    expect(
      within(empty)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['1.0 s', '3.0 s', 'none', 'none']);
  });

  it('shows late arrivals: arrived / kept / dropped by the watermark next to the ledger', async () => {
    await mount(VIEW);
    const table = screen.getByRole('table', { name: /Late arrivals/ });
    expect(table.querySelector('caption')?.textContent).toContain('watermark 2,701 s');
    const cells = (name: RegExp) =>
      within(within(table).getByRole('row', { name }))
        .getAllByRole('cell')
        .map((c) => c.textContent);
    const { arrived, kept, dropped, ledger, expected_dropped } = VIEW.late;
    expect(cells(/^arrived/)).toEqual([String(arrived), String(ledger)]);
    // The truth for kept: every late row of the ledger, as none should be dropped.
    expect(cells(/^kept/)).toEqual([String(kept), String(ledger - (expected_dropped ?? 0))]);
    expect(cells(/^dropped by the watermark/)).toEqual([String(dropped), String(expected_dropped)]);
    expect(within(table).getByRole('row', { name: /^dropped/ }).className).toBe('missed');
    cleanup();
    // A tighter watermark than the lateness: what it drops depends on the micro-batches.
    await mount({ ...VIEW, late: { ...VIEW.late, expected_dropped: null, watermark_delay_s: 0 } });
    const tight = screen.getByRole('table', { name: /Late arrivals/ });
    expect(within(tight).getByRole('row', { name: /^dropped/ }).className).toBe('');
    expect(within(tight).getByRole('row', { name: /^kept/ }).textContent).toContain('—');
  });

  it('has no late table for data without late arrivals', async () => {
    const none = { arrived: 0, kept: 0, dropped: 0, ledger: 0, expected_dropped: 0 };
    await mount({
      ...VIEW,
      late: { ...VIEW.late, ...none, watermark_delay_s: 1, max_lateness_s: 0 },
    });
    expect(screen.getByRole('table', { name: /Rules/ })).toBeTruthy();
    expect(screen.queryByRole('table', { name: /Late arrivals/ })).toBeNull();
  });

  it('says how to start the pipeline before it ever ran, and shows an unreachable service', async () => {
    await mount({ ...VIEW, running: false, updated_at: null, batches: [] });
    expect(screen.getByTestId('pipeline-state').textContent).toBe('not run yet');
    expect(screen.getByText(/pipeline\.py --data DATA_FOLDER/)).toBeTruthy();
    cleanup();
    await mount(new Error('the generator service is not reachable'));
    expect(screen.getByRole('alert').textContent).toContain('not reachable');
  });
});
