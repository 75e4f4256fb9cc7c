// Alt+1 … Alt+9 open the rail's views in order, from anywhere on the page; Alt, not Ctrl,
// because a browser keeps Ctrl+1 … for its tabs. The key's place (`Digit3`), not its
// character, so macOS's Option+3 (which types "£") works too.
import { useEffect } from 'react';
import { VIEWS, type ViewId } from '../../../shared/views.ts';

type Keys = Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code'>;

/** The view an Alt+digit opens, or null for any other key. */
export function viewForShortcut(e: Keys): ViewId | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(e.code)?.[1];
  return digit ? (VIEWS[Number(digit) - 1]?.id ?? null) : null;
}

/** The shortcut of a view, as shown in the rail and read out (aria-keyshortcuts). */
export function shortcutOf(id: ViewId): string {
  return `Alt+${VIEWS.findIndex((v) => v.id === id) + 1}`;
}

export function useViewShortcuts(go: (id: ViewId) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const id = viewForShortcut(e);
      if (!id) return;
      e.preventDefault();
      go(id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);
}
