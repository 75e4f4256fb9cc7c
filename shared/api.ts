// The HTTP API contract (docs/api.md): request and response schemas. The server validates with
// these, the OpenAPI document (contract/document.ts) is generated from
// them and the UI's types are inferred from them, so the three cannot drift apart.
// One module per resource under api/; this index keeps one import path for every user.
export * from './api/backfill.ts';
export * from './api/batches.ts';
export * from './api/class.ts';
export * from './api/class-results.ts';
export { errorSchema } from './api/common.ts';
export * from './api/config.ts';
export * from './api/doctor.ts';
export * from './api/health.ts';
export * from './api/logs.ts';
export * from './api/notebook.ts';
export * from './api/spark.ts';
