// Loads a TypeScript worker entry when the app runs from source (npm run generate/serve,
// vitest): registers tsx inside the worker, then imports the entry. Compiled builds load
// their .js entry directly and never use this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
