import { type FormEvent, useEffect, useRef, useState } from 'react';
import { DISPLAY_NAME_MAX, displayNameProblem } from '../../../shared/display-name.ts';
import { useApp } from '../store/context.ts';

/**
 * A student's app: Report my checks sends each check's summary (exercise, checks passed of
 * total, when, a display name; never code or data) to the instructor whose class link is
 * pasted here. How the last report went is shown; a failure never stops anything.
 */
export function ClassReporting() {
  const reporting = useApp((s) => s.reporting);
  const load = useApp((s) => s.loadReporting);
  const stop = useApp((s) => s.stopReporting);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    void load();
  }, [load]);
  const last = reporting?.last;
  return (
    <div className="class-reporting">
      {reporting?.on ? (
        <p className="hint" data-testid="reporting-state">
          Reporting my checks to {reporting.instructor} as <strong>{reporting.name}</strong>.
        </p>
      ) : null}
      {last ? (
        <p
          className={last.ok ? 'notice' : 'error'}
          role={last.ok ? 'status' : 'alert'}
          data-testid="reporting-last"
        >
          {last.message}
        </p>
      ) : null}
      <div className="buttons">
        <button type="button" onClick={() => setOpen(true)}>
          {reporting?.on ? 'Change reporting' : 'Report my checks'}
        </button>
        {reporting?.on ? (
          <button type="button" onClick={() => void stop()}>
            Stop reporting
          </button>
        ) : null}
      </div>
      <ReportingDialog open={open} onClose={() => setOpen(false)} name={reporting?.name ?? ''} />
    </div>
  );
}

function ReportingDialog({
  open,
  onClose,
  name: savedName,
}: {
  open: boolean;
  onClose: () => void;
  name: string;
}) {
  const start = useApp((s) => s.startReporting);
  const error = useApp((s) => s.reportingError);
  const ref = useRef<HTMLDialogElement>(null);
  const [link, setLink] = useState('');
  const [name, setName] = useState(savedName);
  const [sending, setSending] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (open && d && !d.open) d.showModal?.();
    if (!open && d?.open) d.close();
  }, [open]);
  useEffect(() => setName(savedName), [savedName]);
  const nameProblem = name.trim() === '' ? undefined : displayNameProblem(name);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSending(true);
    const ok = await start(link, name);
    setSending(false);
    if (ok) onClose();
  };
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="reporting-title" className="dialog">
      <form onSubmit={(e) => void submit(e)}>
        <h3 id="reporting-title">Report my checks</h3>
        <p>
          After each Check my answer, this app sends the instructor a summary: the exercise, how
          many checks passed, when, and your name. Never your code or your data.
        </p>
        <label>
          Class link (the instructor shows it){' '}
          <input
            value={link}
            onChange={(e) => setLink(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder="http://192.168.1.5:18000/?token=…"
            className="path"
          />
        </label>
        <label>
          Your name{' '}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={DISPLAY_NAME_MAX * 2}
            autoComplete="nickname"
            aria-invalid={nameProblem !== undefined}
          />
        </label>
        {nameProblem ? <p className="error">{nameProblem}</p> : null}
        {open && error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <div className="buttons">
          <button
            type="submit"
            disabled={
              sending || link.trim() === '' || name.trim() === '' || nameProblem !== undefined
            }
          >
            Report my checks
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
