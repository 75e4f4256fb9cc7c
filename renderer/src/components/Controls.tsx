import { useEffect, useRef, useState } from 'react';
import { isReadOnly, READ_ONLY_NOTE } from '../store/access.ts';
import { useApp } from '../store/context.ts';
import { count, every } from './format.ts';

export function Controls() {
  const health = useApp((s) => s.health);
  const busy = useApp((s) => s.ui.busy);
  const actionError = useApp((s) => s.ui.actionError);
  const pause = useApp((s) => s.pause);
  const resume = useApp((s) => s.resume);
  const paused = health?.status === 'paused';
  const [confirming, setConfirming] = useState(false);
  const { pauseRef, resumeRef, follow } = useFocusFollowsAction(paused, busy, health !== null);
  const readOnly = useApp(isReadOnly);
  if (readOnly) {
    return (
      <section aria-label="Controls" className="panel controls">
        <h2>Controls</h2>
        <p className="hint" data-testid="read-only">
          {READ_ONLY_NOTE}
        </p>
      </section>
    );
  }
  return (
    <section aria-label="Controls" className="panel controls">
      <h2>Controls</h2>
      <div className="buttons">
        <button
          ref={pauseRef}
          type="button"
          onClick={() => {
            follow('resume');
            void pause();
          }}
          disabled={busy || !health || paused}
        >
          Pause
        </button>
        <button
          ref={resumeRef}
          type="button"
          onClick={() => {
            follow('pause');
            void resume();
          }}
          disabled={busy || !health || !paused}
        >
          Resume
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => setConfirming(true)}
          disabled={busy || !paused}
          title={paused ? undefined : 'Pause first'}
        >
          Clean data
        </button>
      </div>
      {!paused && health ? <p className="hint">Clean data is available while paused.</p> : null}
      {actionError ? (
        <p role="alert" className="error">
          {actionError}
        </p>
      ) : null}
      <CleanDialog open={confirming} onClose={() => setConfirming(false)} />
      <PresetPicker />
      <Backfill />
    </section>
  );
}

/**
 * Pause and Resume disable themselves while their request runs, which drops keyboard focus to
 * the page; once the request is done, focus goes to the button that undoes it, so Enter, Enter
 * pauses and resumes. Focus the user has put elsewhere meanwhile is left alone.
 */
function useFocusFollowsAction(paused: boolean, busy: boolean, known: boolean) {
  const pauseRef = useRef<HTMLButtonElement>(null);
  const resumeRef = useRef<HTMLButtonElement>(null);
  const target = useRef<'pause' | 'resume' | null>(null);
  const follow = (next: 'pause' | 'resume') => {
    const from = next === 'resume' ? pauseRef.current : resumeRef.current;
    target.current = document.activeElement === from ? next : null;
  };
  useEffect(() => {
    if (busy || !known || target.current === null) return;
    const [wanted, button, other] =
      target.current === 'resume'
        ? [paused, resumeRef.current, pauseRef.current]
        : [!paused, pauseRef.current, resumeRef.current];
    if (!wanted) return;
    target.current = null;
    const active = document.activeElement;
    if (active === null || active === document.body || active === other) button?.focus();
  }, [paused, busy, known]);
  return { pauseRef, resumeRef, follow };
}

function CleanDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const health = useApp((s) => s.health);
  const clean = useApp((s) => s.clean);
  const students = useApp((s) => s.classResults?.students.length ?? 0);
  // The class's results are kept unless this box is ticked, each time the dialog opens.
  const [withResults, setWithResults] = useState(false);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (open && d && !d.open) d.showModal?.();
    if (!open && d?.open) d.close();
    if (open) setWithResults(false);
  }, [open]);
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="clean-title" className="dialog">
      <h3 id="clean-title">Delete all generated data?</h3>
      <p>
        This deletes everything generated in <code>{health?.data_dir}</code>:{' '}
        {count(health?.driver_batches)} driver batches, {count(health?.company_batches)} company
        batches ({count(health?.totals.companies)} companies, {count(health?.totals.events)}{' '}
        events), the manifests and the Spark lake. Logs are kept. Resume starts a fresh dataset.
      </p>
      {students > 0 ? (
        <label>
          <input
            type="checkbox"
            checked={withResults}
            onChange={(e) => setWithResults(e.target.checked)}
          />{' '}
          Also delete the class's results ({students} students); without this they are kept
        </label>
      ) : null}
      {/* Cancel comes first, so the dialog opens with the safe choice focused. */}
      <div className="buttons">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            onClose();
            void clean(withResults);
          }}
        >
          Delete everything
        </button>
      </div>
    </dialog>
  );
}

function PresetPicker() {
  const list = useApp((s) => s.presets.list);
  const invalid = useApp((s) => s.presets.invalid);
  const selected = useApp((s) => s.presets.selected);
  const applying = useApp((s) => s.presets.applying);
  const error = useApp((s) => s.presets.error);
  const notice = useApp((s) => s.presets.notice);
  const select = useApp((s) => s.selectPreset);
  const apply = useApp((s) => s.applyPreset);
  const preset = list.find((p) => p.name === selected);
  return (
    <div className="preset">
      <h3>Preset</h3>
      <label>
        <span className="sr-only">Preset</span>
        <select aria-label="Preset" value={selected} onChange={(e) => select(e.target.value)}>
          {list.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
          {invalid.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} (invalid)
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void apply()} disabled={applying || !selected}>
        Apply preset
      </button>
      {preset ? (
        <div className="preset-info">
          {/* The Overview shows its first lines (preset-info.css); the title has it all. */}
          <p className="preset-description" title={preset.description}>
            {preset.description}
          </p>
          <p className="numbers-line">
            {preset.generation_mode} · {preset.number_of_companies} companies
            {preset.generation_mode === 'emulated' ? ' per batch' : ''} ×{' '}
            {preset.drivers_per_company} drivers · a batch every{' '}
            {every(preset.driver_interval_seconds)}
            {preset.events_per_batch_range
              ? ` · ${preset.events_per_batch_range[0]}–${preset.events_per_batch_range[1]} lines`
              : ` · ${preset.event_rate_per_driver} events/driver`}
            {preset.error_rate > 0 ? ` · ${Math.round(preset.error_rate * 100)} % defects` : ''}
          </p>
        </div>
      ) : null}
      {error ? (
        <div role="alert" className="error" data-testid="preset-error">
          <p>{error.message}</p>
          {error.issues.length > 0 ? (
            <ul>
              {error.issues.map((i) => (
                <li key={i.path + i.message}>{i.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {notice ? <p className="notice">{notice}</p> : null}
    </div>
  );
}

function Backfill() {
  const backfill = useApp((s) => s.backfill);
  // The service answers whether POST /api/backfill would start now, so the button cannot drift
  // from the service's rule.
  const canStart = useApp((s) => s.health?.can_backfill === true);
  const start = useApp((s) => s.startBackfill);
  const cancel = useApp((s) => s.cancelBackfill);
  const [amount, setAmount] = useState(6);
  const [unit, setUnit] = useState<'hours' | 'days'>('hours');
  return (
    <div className="backfill">
      <h3>Backfill</h3>
      <p className="hint">
        Start the dataset in the past and generate everything up to now at full speed (on a clean,
        paused dataset).
      </p>
      <label>
        Start the dataset{' '}
        <input
          type="number"
          min={1}
          max={10_000}
          value={amount}
          onChange={(e) => setAmount(Number(e.target.value))}
          aria-label="How long ago"
        />
      </label>{' '}
      <select
        aria-label="Unit"
        value={unit}
        onChange={(e) => setUnit(e.target.value as 'hours' | 'days')}
      >
        <option value="hours">hours ago</option>
        <option value="days">days ago</option>
      </select>{' '}
      <button
        type="button"
        onClick={() => void start(amount, unit)}
        disabled={!canStart || backfill?.running === true || !(amount > 0)}
      >
        Start backfill
      </button>
      {backfill ? (
        <div className="progress">
          <progress
            max={Math.max(1, backfill.total)}
            value={backfill.done}
            aria-label="Backfill progress"
          />
          <span>
            {backfill.done}/{backfill.total} batches · {count(backfill.events)} events
            {backfill.running ? '' : backfill.cancelled ? ' · cancelled' : ' · done'}
          </span>
          {backfill.running ? (
            <button type="button" onClick={() => void cancel()}>
              Cancel backfill
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
