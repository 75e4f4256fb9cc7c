import { useEffect, useRef } from 'react';
import { useApp } from '../store/context.ts';
import { count, time } from './format.ts';

export function BatchesPanel() {
  const batches = useApp((s) => s.batches);
  const openBatch = useApp((s) => s.openBatch);
  return (
    <section aria-label="Recent batches" className="panel batches">
      <h2>Recent batches</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Batch</th>
              <th scope="col">Interval</th>
              <th scope="col">Events</th>
              <th scope="col">Defects</th>
              <th scope="col">Generated</th>
            </tr>
          </thead>
          <tbody>
            {batches.slice(0, 50).map((b) => (
              <tr key={b.batch_id}>
                <td>
                  <button type="button" className="link" onClick={() => void openBatch(b.batch_id)}>
                    {b.batch_id}
                  </button>
                </td>
                <td>
                  {time(b.interval_start)} – {time(b.interval_end)}
                </td>
                <td>{count(b.event_count)}</td>
                <td>{count(b.corrupted_count)}</td>
                <td>{time(b.generation_time)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {batches.length === 0 ? <p className="empty">No batches yet.</p> : null}
      </div>
      <BatchDialog />
    </section>
  );
}

function BatchDialog() {
  const detail = useApp((s) => s.selectedBatch);
  const close = useApp((s) => s.closeBatch);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (detail && !dialog.open) dialog.showModal?.();
    if (!detail && dialog.open) dialog.close();
  }, [detail]);
  return (
    <dialog ref={ref} aria-label="Batch details" onClose={close} className="dialog wide">
      {detail ? (
        <>
          <h3>Batch {detail.meta.batch_id}</h3>
          <pre className="code">{JSON.stringify(detail.meta, null, 2)}</pre>
          <h4>First lines of events.jsonl</h4>
          <pre className="code lines">{detail.sample.join('\n')}</pre>
          {detail.quality.length > 0 ? (
            <>
              <h4>_quality.jsonl</h4>
              <pre className="code lines">{detail.quality.join('\n')}</pre>
            </>
          ) : null}
          <button type="button" onClick={close}>
            Close
          </button>
        </>
      ) : null}
    </dialog>
  );
}
