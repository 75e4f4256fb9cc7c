import { useEffect, useMemo, useState } from 'react';
import type { ClassResultsView, StudentRow } from '../../../shared/api.ts';
import { useApp } from '../store/context.ts';
import {
  cellLabel,
  cellState,
  cellText,
  hintsWords,
  progress,
  resultsCsv,
  type SortKey,
  sortRows,
} from './class-results-format.ts';

/**
 * The instructor's view of the class (LAN mode): Collect results on or off, the link students
 * paste into Report my checks, and the live grid of students × exercises (✓, ✗ n of m, ○),
 * sortable by name or progress, exported as CSV. The rows come from the event stream.
 */
export function ClassResults() {
  const view = useApp((s) => s.classResults);
  const error = useApp((s) => s.classResultsError);
  const load = useApp((s) => s.loadClassResults);
  const setCollecting = useApp((s) => s.setCollecting);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void load();
  }, [load]);
  if (!view) return error ? <p className="hint">{error}</p> : null;
  const toggle = async () => {
    setBusy(true);
    await setCollecting(!view.collecting);
    setBusy(false);
  };
  return (
    <section aria-labelledby="class-results-title" className="class-results">
      <h3 id="class-results-title">Class results</h3>
      <div className="toolbar">
        <button
          type="button"
          aria-pressed={view.collecting}
          disabled={busy || (!view.lan && !view.collecting)}
          onClick={() => void toggle()}
        >
          {view.collecting ? 'Stop collecting' : 'Collect results'}
        </button>
        <span className="hint" data-testid="class-results-count">
          {view.students.length} of at most {view.limits.students} students
        </span>
        {view.students.length > 0 ? <ExportCsv view={view} /> : null}
      </div>
      {!view.lan ? (
        <p className="hint">
          Collect results needs LAN mode, where students reach this app: start it with{' '}
          <code>npm run serve -- --host 0.0.0.0</code>.
        </p>
      ) : view.collecting && view.link ? (
        <p className="hint">
          Students: Report my checks, with this link and a name:{' '}
          <code className="path" data-testid="class-results-link">
            {view.link}
          </code>
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {view.students.length > 0 ? <Grid view={view} /> : null}
    </section>
  );
}

function ExportCsv({ view }: { view: ClassResultsView }) {
  const save = () => {
    const blob = new Blob([resultsCsv(view)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `class-results-${new Date().toISOString().slice(0, 10)}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <button type="button" onClick={save}>
      Export CSV
    </button>
  );
}

function Grid({ view }: { view: ClassResultsView }) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'name',
    descending: false,
  });
  const ids = useMemo(() => view.exercises.map((e) => e.id), [view.exercises]);
  const rows = useMemo(
    () => sortRows(view.students, ids, sort.key, sort.descending),
    [view.students, ids, sort],
  );
  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    // Names go A to Z first, progress most first: the order as a screen reader names it.
    const order = (key === 'progress') !== sort.descending ? 'descending' : 'ascending';
    return (
      <th aria-sort={active ? order : 'none'} scope="col">
        <button
          type="button"
          className="sort"
          onClick={() => setSort({ key, descending: active ? !sort.descending : false })}
        >
          {label}
          {active ? (order === 'ascending' ? ' ▲' : ' ▼') : ''}
        </button>
      </th>
    );
  };
  return (
    <div className="table-wrap class-grid">
      <table>
        <caption className="sr-only">
          Students by exercise: ✓ passed, ✗ checks passed of total, ○ not checked yet, and the hints
          used
        </caption>
        <thead>
          <tr>
            {header('name', 'Name')}
            {header('progress', 'Progress')}
            {view.exercises.map((e) => (
              <th key={e.id} scope="col" title={e.title} aria-label={`${e.id}: ${e.title}`}>
                {e.id.slice(0, 2)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Row key={row.id} row={row} ids={ids} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row({ row, ids }: { row: StudentRow; ids: string[] }) {
  return (
    <tr>
      <th scope="row" title={`last report ${new Date(row.last_seen).toLocaleTimeString()}`}>
        {row.name}
      </th>
      <td>
        {progress(row, ids)} of {ids.length}
      </td>
      {ids.map((id) => {
        const cell = row.cells[id];
        return (
          <td
            key={id}
            className={`result ${cellState(cell)}`}
            aria-label={`${id}: ${cellLabel(cell)}`}
            title={
              cell
                ? [`checked ${new Date(cell.checked_at).toLocaleString()}`, hintsWords(cell)]
                    .filter(Boolean)
                    .join(', ')
                : undefined
            }
          >
            {cellText(cell)}
          </td>
        );
      })}
    </tr>
  );
}
