// The look (theme and classroom mode, kept across restarts), the screen-reader announcement,
// and the busy and error state that every action shares.
import { ApiError } from '../api/client.ts';
import type { SetState, Slice } from './slice.ts';

export type Theme = 'system' | 'light' | 'dark';

export interface UiSlice {
  ui: {
    theme: Theme;
    classroom: boolean;
    announcement: string;
    actionError: string | null;
    busy: boolean;
  };
  setTheme(theme: Theme): void;
  setClassroom(on: boolean): void;
  announce(text: string): void;
}

const SAVED_UI = 'spark-experiments-ui';

function readUi(): { theme: Theme; classroom: boolean } {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(SAVED_UI) ?? '{}');
    return {
      theme: ['light', 'dark', 'system'].includes(saved.theme) ? saved.theme : 'system',
      classroom: saved.classroom === true,
    };
  } catch {
    return { theme: 'system', classroom: false };
  }
}

export const createUiSlice: Slice<UiSlice> = (set, get) => {
  const saveUi = () => {
    const { theme, classroom } = get().ui;
    globalThis.localStorage?.setItem(SAVED_UI, JSON.stringify({ theme, classroom }));
  };
  return {
    ui: { ...readUi(), announcement: '', actionError: null, busy: false },
    setTheme(theme) {
      set((s) => ({ ui: { ...s.ui, theme } }));
      saveUi();
    },
    setClassroom(on) {
      set((s) => ({ ui: { ...s.ui, classroom: on } }));
      saveUi();
    },
    announce(text) {
      set((s) => ({ ui: { ...s.ui, announcement: text } }));
    },
  };
};

/** Shows a failed action with the API's code, so users can search for it, and says it aloud. */
export function actionFailed(set: SetState, err: unknown): void {
  const message = err instanceof ApiError ? `${err.code}: ${err.message}` : String(err);
  set((s) => ({ ui: { ...s.ui, actionError: message, busy: false, announcement: message } }));
}

/** Runs an action with the buttons disabled meanwhile; a failure is shown, not thrown. */
export async function withBusy(set: SetState, work: () => Promise<void>): Promise<void> {
  set((s) => ({ ui: { ...s.ui, busy: true, actionError: null } }));
  try {
    await work();
    set((s) => ({ ui: { ...s.ui, busy: false } }));
  } catch (err) {
    actionFailed(set, err);
  }
}
