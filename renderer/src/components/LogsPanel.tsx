import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import type { LogEntry } from '../../../shared/api.ts';
import { useApp } from '../store/context.ts';

const SEVERITY = { debug: 0, info: 1, warning: 2, error: 3 } as const;
const ROW_HEIGHT = 28;

export function LogsPanel() {
  const entries = useApp((s) => s.logs.entries);
  const level = useApp((s) => s.logs.level);
  const text = useApp((s) => s.logs.text);
  const hasOlder = useApp((s) => s.logs.hasOlder);
  const loadingOlder = useApp((s) => s.logs.loadingOlder);
  const setFilter = useApp((s) => s.setLogFilter);
  const loadOlder = useApp((s) => s.loadOlderLogs);
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const min = SEVERITY[level];
    // No filter: show the list as it is (no copy of 100,000 entries per update).
    if (!needle && min === 0) return entries;
    return entries.filter(
      (e) =>
        SEVERITY[e.level] >= min &&
        (!needle || e.message.toLowerCase().includes(needle) || e.source.includes(needle)),
    );
  }, [entries, level, text]);
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  return (
    <section aria-label="Logs" className="panel logs">
      <h2>Logs</h2>
      <div className="toolbar">
        <label>
          Level{' '}
          <select
            value={level}
            onChange={(e) => setFilter({ level: e.target.value as typeof level })}
          >
            <option value="debug">all</option>
            <option value="info">info and above</option>
            <option value="warning">warnings and errors</option>
            <option value="error">errors</option>
          </select>
        </label>
        <label>
          Filter{' '}
          <input
            type="search"
            value={text}
            onChange={(e) => setFilter({ text: e.target.value })}
            placeholder="text in message"
          />
        </label>
        <span data-testid="log-count">{shown.length.toLocaleString('en-US')} entries</span>
        <button type="button" onClick={() => void loadOlder()} disabled={!hasOlder || loadingOlder}>
          {loadingOlder ? 'Loading…' : 'Load older'}
        </button>
      </div>
      <div
        ref={scroller}
        className="log-scroll"
        data-testid="log-scroll"
        role="log"
        aria-label="Log entries, newest first"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it
        tabIndex={0}
      >
        <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
          {rows.getVirtualItems().map((row) => {
            const entry = shown[row.index] as LogEntry;
            return (
              <div
                key={entry.cursor}
                className={`log-row level-${entry.level}`}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${row.start}px)`,
                }}
              >
                <time dateTime={entry.ts}>{entry.ts.slice(11, 23)}</time>
                <span className="level">{entry.level}</span>
                <span className="source">{entry.source}</span>
                <span className="message" title={JSON.stringify(entry.context)}>
                  {entry.message}
                </span>
                <button
                  type="button"
                  className="copy"
                  aria-label={`Copy log line ${entry.ts}`}
                  onClick={() => void navigator.clipboard?.writeText(JSON.stringify(entry))}
                >
                  Copy
                </button>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
