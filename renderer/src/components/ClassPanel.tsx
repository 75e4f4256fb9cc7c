import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useApp } from '../store/context.ts';

/**
 * The class code, large enough for the back row in classroom mode, and "Join a class" for a
 * student's app: the same code makes the same data on every machine in the room.
 */
export function ClassPanel() {
  const health = useApp((s) => s.health);
  const code = health?.class_code ?? null;
  const pending = health?.pending_preset?.class_code ? health.pending_preset : null;
  const [joining, setJoining] = useState(false);
  return (
    <section aria-label="Class" className="panel class">
      <h2>Class</h2>
      {code ? (
        <p className="class-code" data-testid="class-code" aria-label="Class code">
          {code}
        </p>
      ) : (
        <p className="hint">{health ? 'No class code: the dataset runs a custom config.' : '—'}</p>
      )}
      {pending ? (
        <p className="class-next">
          From {new Date(pending.at).toLocaleTimeString()} ({pending.preset}):{' '}
          <span className="class-code-next" data-testid="class-code-next">
            {pending.class_code}
          </span>
        </p>
      ) : null}
      <p className="hint">
        Students: Join a class with this code, or npm run serve -- --join CODE.
      </p>
      <div className="buttons">
        <button type="button" onClick={() => setJoining(true)}>
          Join a class
        </button>
      </div>
      <JoinDialog open={joining} onClose={() => setJoining(false)} />
    </section>
  );
}

function JoinDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const join = useApp((s) => s.join);
  const busy = useApp((s) => s.ui.busy);
  const error = useApp((s) => s.ui.actionError);
  const ref = useRef<HTMLDialogElement>(null);
  const [code, setCode] = useState('');
  useEffect(() => {
    const d = ref.current;
    if (open && d && !d.open) d.showModal?.();
    if (!open && d?.open) d.close();
  }, [open]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await join(code)) onClose();
  };
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="join-title" className="dialog">
      <form onSubmit={(e) => void submit(e)}>
        <h3 id="join-title">Join a class</h3>
        <p>
          Type the code on the instructor's screen. This app then makes the class's data, byte for
          byte: it catches up from the class's start, then goes on live. The data folder must be
          empty or cleaned first.
        </p>
        <label>
          Class code{' '}
          <input
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder="XXXX-XXXX-XXXX-XXXX-XXXX"
            className="class-code-input"
          />
        </label>
        {open && error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <div className="buttons">
          <button type="submit" disabled={busy || code.trim() === ''}>
            Join
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
