// Check my setup: the setup doctor's lines (GET /api/doctor), each ok or the problem with its
// fix, and a Re-check button. Run on request only (it runs Docker's CLI on the app's machine),
// and not offered to the class link, whose students have machines of their own.
import type { DoctorCheck } from '../../../shared/api.ts';
import { isReadOnly } from '../store/access.ts';
import { useApp } from '../store/context.ts';

const MARK: Record<DoctorCheck['status'], string> = {
  ok: '✓ ok',
  warn: '! warn',
  problem: '✗ problem',
  skipped: '– skipped',
};

export function DoctorView() {
  const report = useApp((s) => s.doctor);
  const checking = useApp((s) => s.doctorChecking);
  const error = useApp((s) => s.doctorError);
  const checkSetup = useApp((s) => s.checkSetup);
  const readOnly = useApp(isReadOnly);
  if (readOnly) return null;
  const problems = report?.checks.filter((c) => c.status === 'problem').length ?? 0;
  return (
    <section aria-label="Check my setup" className="panel doctor">
      <h2>Check my setup</h2>
      {report ? (
        <p data-testid="doctor-verdict" className={problems ? 'error' : 'notice'}>
          {problems ? `${problems} problem${problems > 1 ? 's' : ''} to fix` : 'No problems found.'}
        </p>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
      {report ? (
        <ul className="doctor-checks">
          {report.checks.map((c) => (
            <li key={c.id} data-testid={`doctor-${c.id}`} className={`doctor-${c.status}`}>
              <span className="doctor-mark">{MARK[c.status]}</span> <strong>{c.title}</strong>:{' '}
              {c.summary}
              {c.fix ? <div className="hint">Fix: {c.fix}</div> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">
          {checking
            ? 'Checking…'
            : 'Node, Docker (CLI, engine, compose, memory), free disk and the Spark ports, one line each.'}
        </p>
      )}
      <div className="buttons">
        <button type="button" onClick={() => void checkSetup()} disabled={checking}>
          {checking ? 'Checking…' : report ? 'Re-check' : 'Check my setup'}
        </button>
      </div>
    </section>
  );
}
