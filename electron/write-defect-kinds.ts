// Writes docker/spark/jobs/defect_kinds.json from shared/defect-kinds.ts (the Python side's
// copy of the defect kinds and rule names):
//   node --import tsx electron/write-defect-kinds.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFECT_KINDS_FILE, defectKindsJson } from '../shared/defect-kinds.ts';

const target = join(import.meta.dirname, '..', DEFECT_KINDS_FILE);
writeFileSync(target, defectKindsJson());
console.log(`wrote ${DEFECT_KINDS_FILE}`);
