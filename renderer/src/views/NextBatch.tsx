// A countdown to the generator's next batch, ticking every half second.
import { useApp } from '../store/context.ts';
import { countdown, nextBatchAt } from './next-batch.ts';
import { useNow } from './use-now.ts';

export function NextBatch() {
  const health = useApp((s) => s.health);
  const newest = useApp((s) => s.batches[0]);
  const now = useNow(500);
  const due = nextBatchAt(health, newest);
  const text =
    due !== null
      ? countdown(due, now)
      : health?.backfill?.running
        ? 'after the backfill'
        : health && health.status !== 'running'
          ? `none while ${health.status}`
          : '—';
  return (
    <p className="next-batch">
      <span className="next-batch-label">Next batch</span>{' '}
      <strong role="timer" data-testid="next-batch">
        {text}
      </strong>
    </p>
  );
}
