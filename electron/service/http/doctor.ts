// GET /api/doctor: the setup doctor's checks (doctor/doctor.ts), run afresh on every request.
// Not for the class's read-only link: each request runs Docker's CLI on the instructor's
// machine, and the answer describes that machine, not the student's.
import type { DoctorReport } from '../../../shared/api.ts';
import { routes } from '../../../shared/contract/index.ts';
import { ServiceError } from '../kernel/errors.ts';
import { accessOf } from './access.ts';
import { declaredRoutes } from './declared.ts';

export function doctorRoutes(doctor: () => Promise<DoctorReport>) {
  return declaredRoutes().openapi(routes.doctor, async (c) => {
    if (accessOf(c) === 'class')
      throw new ServiceError(
        403,
        'read_only_link',
        "the setup check runs on the instructor's machine: on yours, open your own app's Check my setup, or run npm run doctor",
      );
    return c.json(await doctor(), 200);
  });
}
