// The navigation rail: one link per view. A single tab stop (the current view's link); the
// arrow keys, Home and End move between the links (roving focus), Enter or a click opens one.
import { type KeyboardEvent, useRef, useState } from 'react';
import { VIEWS, type ViewId, viewHash } from '../../../shared/views.ts';
import { shortcutOf } from './shortcuts.ts';

const MOVES: Record<string, (at: number, last: number) => number> = {
  ArrowDown: (at, last) => (at === last ? 0 : at + 1),
  ArrowRight: (at, last) => (at === last ? 0 : at + 1),
  ArrowUp: (at, last) => (at === 0 ? last : at - 1),
  ArrowLeft: (at, last) => (at === 0 ? last : at - 1),
  Home: () => 0,
  End: (_, last) => last,
};

export function Rail({ view }: { view: ViewId }) {
  const links = useRef<Array<HTMLAnchorElement | null>>([]);
  const current = VIEWS.findIndex((v) => v.id === view);
  // The link that takes the tab stop: the one last reached with the arrows, else the view's.
  const [stop, setStop] = useState<number | null>(null);
  const tabStop = stop ?? current;
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const move = MOVES[e.key];
    if (!move || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const next = move(tabStop, VIEWS.length - 1);
    setStop(next);
    links.current[next]?.focus();
  };
  return (
    <nav aria-label="Views" className="rail" onKeyDown={onKeyDown}>
      <p className="brand">Spark Experiments</p>
      <ul>
        {VIEWS.map((v, i) => (
          <li key={v.id}>
            <a
              ref={(el) => {
                links.current[i] = el;
              }}
              href={viewHash(v.id)}
              aria-current={v.id === view ? 'page' : undefined}
              aria-keyshortcuts={shortcutOf(v.id)}
              tabIndex={i === tabStop ? 0 : -1}
              // Leaving the rail gives the tab stop back to the view shown.
              onBlur={() => setStop(null)}
              onFocus={() => setStop(i)}
            >
              <span>{v.label}</span>
              <span className="key" aria-hidden="true">
                {i + 1}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
