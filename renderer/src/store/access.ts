// LAN mode's class link is read-only (GET /api/health says `access: "read_only"`): the
// dashboard then shows no controls that the API would refuse.
import type { StoreState } from './store.ts';

export const isReadOnly = (s: Pick<StoreState, 'health'>): boolean =>
  s.health?.access === 'read_only';

export const READ_ONLY_NOTE =
  "Read-only class link: you can watch everything here; the instructor's machine has the controls.";
