// The class's results: the instructor's grid (GET once, then the changed rows of the stream's
// `class_results` events merged in; a reset fetches it again), Collect results on or off; and
// the student's side, where this app's check summaries go and how the last one went.
import type { ClassResultsEvent, ClassResultsView, ReportingState } from '../../../shared/api.ts';
import { type Api, ApiError } from '../api/client.ts';
import type { Slice } from './slice.ts';

export interface ClassResultsSlice {
  classResults: ClassResultsView | null;
  classResultsError: string | null;
  reporting: ReportingState | null;
  reportingError: string | null;
  loadClassResults(): Promise<void>;
  setCollecting(on: boolean): Promise<void>;
  receiveClassResults(event: ClassResultsEvent): void;
  loadReporting(): Promise<void>;
  startReporting(link: string, name: string): Promise<boolean>;
  stopReporting(): Promise<void>;
}

const message = (err: unknown) =>
  err instanceof ApiError ? err.message : `unexpected error: ${(err as Error).message}`;

/** The grid with the changed rows put in place (new students at the end). */
export function mergeRows(
  view: ClassResultsView,
  event: Pick<ClassResultsEvent, 'changed' | 'collecting'>,
): ClassResultsView {
  const changed = new Map(event.changed.map((row) => [row.id, row]));
  const students = view.students.map((row) => {
    const update = changed.get(row.id);
    if (update) changed.delete(row.id);
    return update ?? row;
  });
  return { ...view, collecting: event.collecting, students: [...students, ...changed.values()] };
}

export const createClassResultsSlice =
  (api: Api): Slice<ClassResultsSlice> =>
  (set, get) => ({
    classResults: null,
    classResultsError: null,
    reporting: null,
    reportingError: null,
    loadClassResults: async () => {
      try {
        set({ classResults: await api.classResults(), classResultsError: null });
      } catch (err) {
        set({ classResultsError: message(err) });
      }
    },
    setCollecting: async (on) => {
      try {
        set({ classResults: await api.collectResults(on), classResultsError: null });
        get().announce(on ? 'Collecting the class’s results' : 'Stopped collecting results');
      } catch (err) {
        set({ classResultsError: message(err) });
        get().announce(message(err));
      }
    },
    receiveClassResults: (event) => {
      const view = get().classResults;
      if (event.reset || !view) {
        void get().loadClassResults();
        return;
      }
      set({ classResults: mergeRows(view, event) });
    },
    loadReporting: async () => {
      try {
        set({ reporting: await api.reporting(), reportingError: null });
      } catch (err) {
        set({ reportingError: message(err) });
      }
    },
    startReporting: async (link, name) => {
      try {
        const reporting = await api.startReporting(link, name);
        set({ reporting, reportingError: null });
        if (reporting.last) get().announce(reporting.last.message);
        return true;
      } catch (err) {
        set({ reportingError: message(err) });
        return false;
      }
    },
    stopReporting: async () => {
      try {
        set({ reporting: await api.stopReporting(), reportingError: null });
      } catch (err) {
        set({ reportingError: message(err) });
      }
    },
  });
