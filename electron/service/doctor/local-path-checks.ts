// Where the checks of the local path (no Docker) plug in: Python, pyspark and Java, written as
// plain async functions returning the agreed shape (electron/service/python/ has them). The
// doctor runs every function of this list after its own checks, with the same time limit.
import type { PlainCheck } from './run-checks.ts';

export const LOCAL_PATH_CHECKS: PlainCheck[] = [];
