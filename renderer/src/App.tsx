import { useEffect, useRef } from 'react';
import { VIEWS, type ViewId } from '../../shared/views.ts';
import { useApp } from './store/context.ts';
import type { Theme } from './store/store.ts';
import { Rail } from './views/Rail.tsx';
import { useView } from './views/route.ts';
import { useViewShortcuts } from './views/shortcuts.ts';
import { VIEW_HINTS, ViewContent } from './views/Views.tsx';

/**
 * The window: the navigation rail, the view's heading with the look's options, and one view.
 * The projector view leaves the rail out, for the room's sake; Escape or Leave goes back.
 */
export function App() {
  const theme = useApp((s) => s.ui.theme);
  const classroom = useApp((s) => s.ui.classroom);
  const announcement = useApp((s) => s.ui.announcement);
  const actionError = useApp((s) => s.ui.actionError);
  const setTheme = useApp((s) => s.setTheme);
  const setClassroom = useApp((s) => s.setClassroom);
  const [view, go] = useView();
  useViewShortcuts(go);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.dataset.classroom = String(classroom);
  }, [theme, classroom]);
  const label = VIEWS.find((v) => v.id === view)?.label ?? '';
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = useRef(view);
  // The view the projector goes back to.
  const before = useRef<ViewId>(view === 'projector' ? 'overview' : view);
  useEffect(() => {
    document.title = `${label} · Spark Experiments`;
    if (view !== 'projector') before.current = view;
    // A view opened from the rail, a shortcut or the menu: focus goes to its heading (not on
    // the first page load, which leaves focus where the browser puts it).
    if (shown.current !== view) {
      shown.current = view;
      heading.current?.focus();
    }
  }, [view, label]);
  const leave = () => go(before.current);
  useEffect(() => {
    if (view !== 'projector') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('dialog[open]')) go(before.current);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view, go]);
  return (
    <div className={`app app-${view}`}>
      {view === 'projector' ? null : <Rail view={view} />}
      <div className="workspace">
        <header className="top">
          <div className="view-title">
            <h1 id="view-heading" ref={heading} tabIndex={-1}>
              {view === 'projector' ? 'Spark Experiments' : label}
            </h1>
            <p className="view-hint">{VIEW_HINTS[view]}</p>
          </div>
          <div className="view-options">
            <label>
              Theme{' '}
              <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
                <option value="system">system</option>
                <option value="light">light</option>
                <option value="dark">dark</option>
              </select>
            </label>
            <label>
              <input
                type="checkbox"
                checked={classroom}
                onChange={(e) => {
                  setClassroom(e.target.checked);
                  // Classroom mode starts on the projector view.
                  if (e.target.checked) go('projector');
                }}
              />{' '}
              Classroom mode
            </label>
            {view === 'projector' ? (
              <button type="button" onClick={leave} aria-keyshortcuts="Escape">
                Leave projector
              </button>
            ) : null}
          </div>
        </header>
        {/* A failed action (Start Spark, Run bronze…) says why in whatever view it came from;
            the Overview's Controls show it themselves. */}
        {actionError && view !== 'overview' ? (
          <p role="alert" className="action-error">
            {actionError}
          </p>
        ) : null}
        <main className={`view view-${view}-main`} aria-labelledby="view-heading">
          <ViewContent view={view} />
        </main>
      </div>
      <div role="status" aria-live="polite" className="sr-only" data-testid="announcer">
        {announcement}
      </div>
    </div>
  );
}
