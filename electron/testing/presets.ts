// Test helpers: shipped presets as configs and epochs, and whole batches as text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GeneratorConfig, parseConfigObject, parseConfigYaml } from '../../shared/config.ts';
import {
  type DriverBatchMeta,
  DriverFragments,
  generateDriverBatch,
} from '../engine/driver-batch.ts';
import type { Epoch } from '../engine/plan.ts';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

export function presetConfig(name: string): GeneratorConfig {
  const result = parseConfigYaml(
    readFileSync(join(REPO_ROOT, 'presets', `${name}.yaml`), 'utf8'),
    name,
  );
  if (!result.ok) throw new Error(`preset ${name} is invalid`);
  return result.config;
}

export function configFrom(object: Record<string, unknown>): GeneratorConfig {
  const result = parseConfigObject(object, 'test');
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return result.config;
}

export const JAN1 = Date.UTC(2024, 0, 1) / 1000;

export function epochOf(config: GeneratorConfig, startSeconds = JAN1): Epoch {
  return { config, seed: config.seed ?? 1, startSeconds, companyOffset: 0, skipped: [] };
}

export interface BatchText {
  meta: DriverBatchMeta;
  lines: string[];
  quality: Array<{ line: number; event_id: string | null; issue: string; field: string | null }>;
}

const shared = new DriverFragments();

export function batchText(epoch: Epoch, startSeconds: number): BatchText {
  const parts: string[] = [];
  const quality: string[] = [];
  const decoder = new TextDecoder();
  const meta = generateDriverBatch(
    epoch,
    startSeconds,
    { events: (chunk) => parts.push(decoder.decode(chunk)), quality: (line) => quality.push(line) },
    shared,
  );
  const text = parts.join('');
  const lines = text.length === 0 ? [] : text.slice(0, -1).split('\n');
  return { meta, lines, quality: quality.map((q) => JSON.parse(q)) };
}
