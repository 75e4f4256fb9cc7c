// The data directory layout of the docs/data-folder.md.
import { join, relative, sep } from 'node:path';

export interface DataPaths {
  root: string;
  raw: string;
  events: string;
  companies: string;
  companiesQuality: string;
  manifests: string;
  state: string;
  seedManifest: string;
  batchManifest: string;
  datasetDoc: string;
  logs: string;
  lake: string;
}

export function dataPaths(root: string): DataPaths {
  const raw = join(root, 'raw');
  const manifests = join(root, 'manifests');
  return {
    root,
    raw,
    events: join(raw, 'events'),
    companies: join(raw, 'companies.jsonl'),
    // Leading underscore: Spark readers skip it, like the per-batch _quality.jsonl.
    companiesQuality: join(raw, '_companies_quality.jsonl'),
    manifests,
    state: join(manifests, 'generator_state.json'),
    seedManifest: join(manifests, 'seed_manifest.json'),
    batchManifest: join(manifests, 'batch_manifest.json'),
    datasetDoc: join(manifests, 'dataset.md'),
    logs: join(manifests, 'logs'),
    lake: join(root, 'lake'),
  };
}

export const TEMP_BATCH_PREFIX = '.tmp-';

/** A path inside the data folder as responses show it (`raw/companies.jsonl`), wherever the
 * service was started from. */
export function dataRelative(paths: Pick<DataPaths, 'root'>, path: string): string {
  return relative(paths.root, path).split(sep).join('/') || '.';
}
