// The dashboard's views, listed once: the renderer's navigation rail and the desktop app's
// menu both read this list, so the menu mirrors the rail. Each view has its own address, a
// hash route (`/#/pipeline`), which works the same in the desktop window and in a browser;
// the view's place in the list is its shortcut (Alt+1 … Alt+9; Cmd+1 … on a Mac's menu).

export const VIEWS = [
  { id: 'overview', label: 'Overview' },
  { id: 'pipeline', label: 'Pipeline' },
  { id: 'spark', label: 'Spark' },
  { id: 'exercises', label: 'Exercises' },
  { id: 'class', label: 'Class' },
  { id: 'logs', label: 'Logs' },
  { id: 'api', label: 'API' },
  { id: 'setup', label: 'Setup' },
  { id: 'projector', label: 'Projector' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export const DEFAULT_VIEW: ViewId = 'overview';

/** The hash of a view's address: `#/pipeline`. */
export function viewHash(id: ViewId): string {
  return `#/${id}`;
}

/** The view a hash names (`#/pipeline`, `#pipeline`, `#/pipeline/`); anything else: Overview. */
export function viewFromHash(hash: string): ViewId {
  const name = hash.replace(/^#\/?/, '').replace(/\/$/, '').toLowerCase();
  return VIEWS.find((v) => v.id === name)?.id ?? DEFAULT_VIEW;
}

/** A view's full address under the dashboard's origin (`http://127.0.0.1:18000/#/spark`). */
export function viewAddress(origin: string, id: ViewId): string {
  return `${origin.replace(/\/+$/, '')}/${viewHash(id)}`;
}
