import { useEffect } from 'react';
import type { PipelineView } from '../../../shared/pipeline.ts';
import { useApp } from '../store/context.ts';
import { PipelineButton } from './PipelineButton.tsx';

// Changes arrive as `pipeline` events on the stream; reading it again now and then notices a
// pipeline that went quiet (killed without a word) and a stream that dropped.
const REFRESH_MS = 10_000;
const LAYERS = ['bronze', 'silver', 'gold'] as const;

const seconds = (s: number | null | undefined) => (s == null ? '—' : `${s.toFixed(1)} s`);
const count = (n: number | null | undefined) => (n == null ? '—' : n.toLocaleString('en-US'));

/**
 * The streaming pipeline as a graph, raw → bronze → silver → gold with the quarantine under
 * silver: rows, rate and freshness per node; per rule, what it caught next to what the
 * generator injected; and how far each recent batch has travelled.
 */
export function PipelinePanel() {
  const view = useApp((s) => s.pipeline);
  const error = useApp((s) => s.pipelineError);
  const load = useApp((s) => s.loadPipeline);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  const ran = view !== null && view.updated_at !== null;
  return (
    <section aria-label="Pipeline" className="panel pipeline">
      <h2>
        Pipeline{' '}
        <span
          className={`badge ${view?.running ? 'badge-running' : 'badge-paused'}`}
          data-testid="pipeline-state"
        >
          {view?.running ? 'streaming' : ran ? 'stopped' : 'not run yet'}
        </span>
      </h2>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <div className="buttons">
        <PipelineButton />
      </div>
      {!ran ? (
        <p className="hint">
          Start Spark, then Run pipeline: bronze, silver and gold stream as Delta tables, and their
          progress shows here. (Without the app:{' '}
          <code>python3 docker/spark/jobs/pipeline.py --data DATA_FOLDER</code>.)
        </p>
      ) : null}
      {view ? <Graph view={view} /> : null}
      {view && ran ? <Rules view={view} /> : null}
      {view && ran && hasLate(view.late) ? <Late late={view.late} /> : null}
      {view && view.batches.length > 0 ? <Travelled view={view} /> : null}
    </section>
  );
}

function Graph({ view }: { view: PipelineView }) {
  return (
    <ol className="pipeline-graph" aria-label="Layers">
      <li className="node">
        <strong>raw</strong>
        <span className="hint">generator batches</span>
      </li>
      {LAYERS.map((name) => {
        const layer = view.layers[name];
        return (
          <li key={name} className="node" data-testid={`node-${name}`}>
            <strong>{name}</strong>
            <span>
              {count(layer.rows ?? layer.batches)} {layer.rows == null ? 'batches' : 'rows'}
            </span>
            <span>
              {layer.processed_rate == null
                ? '—'
                : `${Math.round(layer.processed_rate).toLocaleString('en-US')} rows/s`}
            </span>
            <span title="seconds from a batch interval closing to its rows here (median)">
              fresh {seconds(layer.freshness.p50_s)}
            </span>
            {layer.final ? (
              <span title="seconds from a batch interval closing to its gold rows being final: the watermark has passed it (median)">
                final {seconds(layer.final.p50_s)}
              </span>
            ) : null}
            {name === 'silver' ? (
              <span className="quarantine" data-testid="node-quarantine">
                ↳ quarantine {count(view.quarantine.rows)}
              </span>
            ) : null}
            {layer.dropped_by_watermark > 0 ? (
              <span
                className="hint"
                title="Spark's numRowsDroppedByWatermark: counted after partial aggregation (per group and input partition)"
              >
                {layer.dropped_by_watermark} dropped by the watermark
              </span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function Rules({ view }: { view: PipelineView }) {
  return (
    <table className="rules">
      <caption>Rules: caught by the pipeline / injected by the generator (same batches)</caption>
      <thead>
        <tr>
          <th scope="col">rule</th>
          <th scope="col">caught</th>
          <th scope="col">injected</th>
        </tr>
      </thead>
      <tbody>
        {view.rules.map((r) => (
          <tr key={r.rule} className={r.caught < r.injected ? 'missed' : ''}>
            <th scope="row">{r.rule}</th>
            <td>{count(r.caught)}</td>
            <td>
              {count(r.injected)}
              {r.caught < r.injected ? ` (${r.injected - r.caught} missed)` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type LateView = PipelineView['late'];

/** Late arrivals are worth a table when the data has them or the watermark allows for them. */
const hasLate = (late: LateView) =>
  late.arrived > 0 || late.ledger > 0 || (late.max_lateness_s ?? 0) > 0;

/**
 * Late arrivals: arrived in silver, kept in gold (in their true interval), dropped by gold's
 * watermark, each next to the truth from the generator's ledger (_late.jsonl). Nothing should
 * be dropped while the watermark allows for the generator's max lateness.
 */
function Late({ late }: { late: LateView }) {
  const expectedKept = late.expected_dropped == null ? null : late.ledger - late.expected_dropped;
  const rows: Array<[string, number, number | null]> = [
    ['arrived', late.arrived, late.ledger],
    ['kept', late.kept, expectedKept],
    ['dropped by the watermark', late.dropped, late.expected_dropped],
  ];
  return (
    <table className="rules late">
      <caption>
        Late arrivals: the pipeline / the generator's ledger (watermark{' '}
        {late.watermark_delay_s == null ? '—' : `${count(late.watermark_delay_s)} s`}, lateness up
        to {late.max_lateness_s == null ? '—' : `${count(late.max_lateness_s)} s`})
      </caption>
      <thead>
        <tr>
          <th scope="col">late</th>
          <th scope="col">pipeline</th>
          <th scope="col">truth</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, n, truth]) => (
          <tr key={name} className={truth != null && n !== truth ? 'missed' : ''}>
            <th scope="row">{name}</th>
            <td>{count(n)}</td>
            <td>{count(truth)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Travelled({ view }: { view: PipelineView }) {
  return (
    <table className="travelled">
      <caption>Recent batches: seconds after their interval closed</caption>
      <thead>
        <tr>
          <th scope="col">batch</th>
          {LAYERS.map((l) => (
            <th key={l} scope="col">
              {l}
            </th>
          ))}
          <th scope="col">gold final</th>
        </tr>
      </thead>
      <tbody>
        {view.batches.map((b) => (
          <tr key={b.batch_id}>
            <th scope="row">{b.batch_id}</th>
            {[...LAYERS, 'gold_final' as const].map((l) => {
              const s = b[`${l}_s`];
              // A batch without valid events has no gold rows to wait for.
              if (s == null && b.events === 0 && l.startsWith('gold') && b.silver_s != null)
                return (
                  <td key={l} className="reached" title="no valid events in this batch">
                    none
                  </td>
                );
              return (
                <td key={l} className={s == null ? 'pending' : 'reached'}>
                  {s == null ? '…' : seconds(s)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
