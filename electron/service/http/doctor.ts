// GET /api/doctor: the setup doctor's checks (doctor/doctor.ts), run afresh on every request.
import type { DoctorReport } from '../../../shared/api.ts';
import { routes } from '../../../shared/contract/index.ts';
import { declaredRoutes } from './declared.ts';

export function doctorRoutes(doctor: () => Promise<DoctorReport>) {
  return declaredRoutes().openapi(routes.doctor, async (c) => c.json(await doctor(), 200));
}
