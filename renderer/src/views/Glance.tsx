// "Is it working?" in one line, beside the status panel's own (the generator's state and the
// live connection): the newest batch and the next one, Spark and the pipeline, each linking
// to the view that says more.
import { viewHash } from '../../../shared/views.ts';
import { useApp } from '../store/context.ts';
import { NextBatch } from './NextBatch.tsx';
import { useNow } from './use-now.ts';
import { usePipeline } from './use-pipeline.ts';

/** A state word and whether it is good (ok), waiting (warn) or wrong (bad). */
type Tone = 'ok' | 'warn' | 'bad' | 'idle';

function ago(iso: string | undefined, now: number): string {
  if (!iso) return 'none yet';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 90
    ? `${s} s ago`
    : s < 5400
      ? `${Math.round(s / 60)} min ago`
      : `${Math.round(s / 3600)} h ago`;
}

export function Glance() {
  const status = useApp((s) => s.health?.status ?? 'unknown');
  const newest = useApp((s) => s.batches[0]);
  const spark = useApp((s) => s.spark?.state ?? 'unknown');
  const pipeline = usePipeline();
  const now = useNow(1000);
  const pipelineState = pipeline?.running
    ? 'streaming'
    : pipeline?.updated_at
      ? 'stopped'
      : 'not run yet';
  const tone = (good: boolean, bad = false): Tone => (good ? 'ok' : bad ? 'bad' : 'warn');
  // Running, and the newest batch made no longer ago than two of its intervals (and 5 s).
  const fresh =
    status === 'running' &&
    newest !== undefined &&
    now - Date.parse(newest.generation_time) <=
      2 * (Date.parse(newest.interval_end) - Date.parse(newest.interval_start)) + 5000;
  return (
    <section aria-label="At a glance" className="panel glance">
      <ul>
        <Item label="Newest batch" tone={newest ? tone(fresh, status === 'error') : 'idle'}>
          <span title={newest?.batch_id}>{ago(newest?.generation_time, now)}</span>
        </Item>
        <li className="glance-next">
          <NextBatch />
        </li>
        <Item label="Spark" tone={spark === 'running' ? 'ok' : spark === 'error' ? 'bad' : 'idle'}>
          <a href={viewHash('spark')}>{spark}</a>
        </Item>
        <Item label="Pipeline" tone={pipeline?.running ? 'ok' : 'idle'}>
          <a href={viewHash('pipeline')}>{pipelineState}</a>
        </Item>
      </ul>
    </section>
  );
}

function Item({ label, tone, children }: { label: string; tone: Tone; children: React.ReactNode }) {
  return (
    <li className={`tone-${tone}`}>
      <span className="glance-label">{label}</span>{' '}
      <strong>
        <span className="dot" aria-hidden="true" />
        {children}
      </strong>
    </li>
  );
}
