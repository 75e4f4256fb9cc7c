// The view shown is the address's hash (`/#/pipeline`), so every view has its own link, the
// browser's Back goes to the previous view, and the desktop app's menu opens a view by
// navigating the window to its address. No router package: one hash, one view.
import { useCallback, useSyncExternalStore } from 'react';
import { type ViewId, viewFromHash, viewHash } from '../../../shared/views.ts';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentView = (): ViewId => viewFromHash(window.location.hash);

/** Shows `id`: a new history entry, unless it is the view already shown. */
export function goToView(id: ViewId): void {
  if (window.location.hash !== viewHash(id)) window.location.hash = viewHash(id);
}

/** The view the address names (unknown or none: Overview), and the way to another. */
export function useView(): [ViewId, (id: ViewId) => void] {
  const view = useSyncExternalStore(subscribe, currentView, currentView);
  return [view, useCallback((id: ViewId) => goToView(id), [])];
}
