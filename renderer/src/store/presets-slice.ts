// The preset picker: the presets on offer, the one chosen, and the answer to applying it.
import type { ConfigIssueView, PresetSummary, Presets } from '../../../shared/api.ts';
import { type Api, ApiError } from '../api/client.ts';
import type { Slice } from './slice.ts';

export interface PresetsSlice {
  presets: {
    list: PresetSummary[];
    /** Preset files that do not validate: listed so applying one shows why. */
    invalid: Array<{ name: string; issues: ConfigIssueView[] }>;
    selected: string;
    applying: boolean;
    error: { message: string; issues: ConfigIssueView[] } | null;
    notice: string | null;
  };
  selectPreset(name: string): void;
  applyPreset(): Promise<void>;
}

/** Takes the service's preset list; the active preset is preselected until the user picks one. */
export function withPresetList(
  presets: PresetsSlice['presets'],
  answer: Presets,
): PresetsSlice['presets'] {
  return {
    ...presets,
    list: answer.presets,
    invalid: answer.invalid,
    selected: presets.selected || answer.active,
  };
}

export const createPresetsSlice =
  (api: Api): Slice<PresetsSlice> =>
  (set, get) => ({
    presets: { list: [], invalid: [], selected: '', applying: false, error: null, notice: null },

    selectPreset(name) {
      set((s) => ({ presets: { ...s.presets, selected: name, error: null, notice: null } }));
    },

    async applyPreset() {
      const name = get().presets.selected;
      set((s) => ({ presets: { ...s.presets, applying: true, error: null, notice: null } }));
      try {
        const result = await api.applyPreset(name);
        const notice = result.effective_at
          ? `${name} takes effect at ${new Date(result.effective_at).toLocaleTimeString()}`
          : result.message;
        set((s) => ({ presets: { ...s.presets, applying: false, notice } }));
        get().announce(notice);
      } catch (err) {
        // The API's issues are kept so the picker can show every one inline.
        const error =
          err instanceof ApiError
            ? { message: err.message, issues: err.issues }
            : { message: String(err), issues: [] };
        set((s) => ({ presets: { ...s.presets, applying: false, error } }));
        get().announce(`Preset not applied: ${error.message}`);
      }
    },
  });
