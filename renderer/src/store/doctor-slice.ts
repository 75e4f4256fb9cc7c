// The setup doctor's report (GET /api/doctor), checked on demand: it runs Docker's CLI, so
// it is not polled.
import type { DoctorReport } from '../../../shared/api.ts';
import type { Api } from '../api/client.ts';
import type { Slice } from './slice.ts';

export interface DoctorSlice {
  doctor: DoctorReport | null;
  doctorChecking: boolean;
  doctorError: string | null;
  checkSetup(): Promise<void>;
}

export const createDoctorSlice =
  (api: Api): Slice<DoctorSlice> =>
  (set) => ({
    doctor: null,
    doctorChecking: false,
    doctorError: null,
    checkSetup: async () => {
      set({ doctorChecking: true });
      try {
        set({ doctor: await api.doctor(), doctorError: null });
      } catch (err) {
        set({ doctorError: (err as Error).message });
      } finally {
        set({ doctorChecking: false });
      }
    },
  });
