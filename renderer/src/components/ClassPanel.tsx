import { type FormEvent, Fragment, useEffect, useRef, useState } from 'react';
import { isReadOnly } from '../store/access.ts';
import { useApp } from '../store/context.ts';
import { ClassReporting } from './ClassReporting.tsx';
import { ClassResults } from './ClassResults.tsx';

/**
 * The class code, large enough for the back row in classroom mode, and "Join a class" for a
 * student's app: the same code makes the same data on every machine in the room.
 */
export function ClassPanel() {
  const health = useApp((s) => s.health);
  const code = health?.class_code ?? null;
  const pending = health?.pending_preset?.class_code ? health.pending_preset : null;
  const [joining, setJoining] = useState(false);
  const readOnly = useApp(isReadOnly);
  return (
    <section aria-label="Class" className="panel class">
      <h2>Class</h2>
      {code ? (
        <p className="class-code" data-testid="class-code">
          <CodeGroups code={code} />
        </p>
      ) : (
        <p className="hint">
          {health ? 'No dataset yet: its class code appears once it starts.' : '—'}
        </p>
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
        {code && code.length < 20
          ? 'A custom config: students need this code and the recipe file (Export recipe).'
          : 'Students: Join a class with this code, or npm run serve -- --join CODE.'}
      </p>
      <div className="buttons">
        <button type="button" onClick={() => setJoining(true)} disabled={readOnly}>
          Join a class
        </button>
        {code ? (
          <a className="button" href="/api/recipe" download="recipe.json">
            Export recipe
          </a>
        ) : null}
      </div>
      <JoinDialog open={joining} onClose={() => setJoining(false)} />
      {/* The class link reads the dashboard, not the class's names, nor this app's reporting. */}
      {readOnly ? null : <ClassReporting />}
      {readOnly ? null : <ClassResults />}
    </section>
  );
}

/** A code wraps between its groups only, never inside one (it is read aloud group by group). */
function CodeGroups({ code }: { code: string }) {
  // Keyed by where each group starts in the code (groups such as 0000 can repeat).
  const groups: Array<{ at: number; text: string }> = [];
  let at = 0;
  for (const text of code.split('-')) {
    groups.push({ at, text });
    at += text.length + 1;
  }
  return groups.map((group) => (
    <Fragment key={group.at}>
      {group.at > 0 ? '-' : ''}
      <span className="class-code-group">{group.text}</span>
    </Fragment>
  ));
}

function JoinDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const join = useApp((s) => s.join);
  const busy = useApp((s) => s.ui.busy);
  const error = useApp((s) => s.ui.actionError);
  const ref = useRef<HTMLDialogElement>(null);
  const [code, setCode] = useState('');
  const [recipe, setRecipe] = useState<{ name: string; data: unknown } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const readRecipe = async (file: File | undefined) => {
    setFileError(null);
    setRecipe(null);
    if (!file) return;
    try {
      setRecipe({ name: file.name, data: JSON.parse(await file.text()) });
    } catch {
      setFileError(`${file.name} is not a recipe.json (it is not JSON)`);
    }
  };
  useEffect(() => {
    const d = ref.current;
    if (open && d && !d.open) d.showModal?.();
    if (!open && d?.open) d.close();
  }, [open]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await join(code, recipe?.data)) onClose();
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
        <label>
          Recipe file (custom configs only){' '}
          <input
            type="file"
            accept=".json,application/json"
            onChange={(e) => void readRecipe(e.target.files?.[0])}
          />
        </label>
        {fileError ? (
          <p role="alert" className="error">
            {fileError}
          </p>
        ) : null}
        {open && error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <div className="buttons">
          <button type="submit" disabled={busy || (code.trim() === '' && !recipe)}>
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
