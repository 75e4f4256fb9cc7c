// The pipeline for the projector: raw → bronze → silver → gold with the quarantine under
// silver, and per rule what the pipeline caught next to what the generator injected. Before
// the pipeline has run, what the generator injected in its newest batches: what there is to
// catch. The Pipeline view has the whole panel (rates, freshness, each batch's travel).
import type { PipelineView } from '../../../shared/pipeline.ts';
import { count } from '../components/format.ts';
import { useApp } from '../store/context.ts';
import { usePipeline } from './use-pipeline.ts';

const LAYERS = ['bronze', 'silver', 'gold'] as const;

export function ProjectorPipeline() {
  const view = usePipeline();
  const ran = view !== null && view.updated_at !== null;
  return (
    <section aria-label="Pipeline" className="panel projector-pipeline">
      <h2>
        Pipeline{' '}
        <span className={`badge ${view?.running ? 'badge-running' : 'badge-paused'}`}>
          {view?.running ? 'streaming' : ran ? 'stopped' : 'not run yet'}
        </span>
      </h2>
      {view && ran ? (
        <>
          <Chain view={view} />
          <CaughtInjected view={view} />
        </>
      ) : (
        <>
          <p className="hint">
            Start Spark, then Run pipeline: each batch flows raw → bronze → silver → gold, and the
            quarantine should catch every defect the generator injects.
          </p>
          <Injected />
        </>
      )}
    </section>
  );
}

/** Defects per kind in the batches the dashboard holds (batch_meta.json's `issues`). */
function Injected() {
  const batches = useApp((s) => s.batches);
  if (batches.length === 0) return null;
  const kinds = new Map<string, number>();
  for (const b of batches)
    for (const [kind, n] of Object.entries(b.issues)) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
  return (
    <table className="caught">
      <caption>
        Injected in the newest {batches.length} batches:{' '}
        <strong>{count([...kinds.values()].reduce((a, b) => a + b, 0))}</strong>
      </caption>
      <thead>
        <tr>
          <th scope="col">defect</th>
          <th scope="col">injected</th>
        </tr>
      </thead>
      <tbody>
        {[...kinds].map(([kind, n]) => (
          <tr key={kind}>
            <th scope="row">{kind.replaceAll('_', ' ')}</th>
            <td>{count(n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Chain({ view }: { view: PipelineView }) {
  const raw = useApp((s) => s.health?.driver_batches);
  return (
    <ol className="chain" aria-label="Layers">
      <li>
        <strong>raw</strong> <span>{count(raw)} batches</span>
      </li>
      {LAYERS.map((name) => {
        const layer = view.layers[name];
        return (
          <li key={name} data-testid={`projector-${name}`}>
            <strong>{name}</strong>{' '}
            <span>
              {count(layer.rows ?? layer.batches)} {layer.rows == null ? 'batches' : 'rows'}
            </span>
            {name === 'silver' ? (
              <span className="quarantine"> ↳ quarantine {count(view.quarantine.rows)}</span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function CaughtInjected({ view }: { view: PipelineView }) {
  const caught = view.rules.reduce((n, r) => n + r.caught, 0);
  const injected = view.rules.reduce((n, r) => n + r.injected, 0);
  return (
    <table className="caught">
      <caption>
        Caught / injected: <strong data-testid="projector-caught">{count(caught)}</strong> /{' '}
        <strong data-testid="projector-injected">{count(injected)}</strong>
      </caption>
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
            <th scope="row">{r.rule.replaceAll('_', ' ')}</th>
            <td>{count(r.caught)}</td>
            <td>{count(r.injected)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
