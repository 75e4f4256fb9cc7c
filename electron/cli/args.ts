// Readers of the commands' arguments: each gives the value or throws a UsageError that names
// the option and the rule.
import { readFileSync } from 'node:fs';
import type { ConfigResult, GeneratorConfig } from '../../shared/config.ts';
import { parseIsoMs } from '../../shared/iso-time.ts';
import { loadConfigFile, loadPreset } from '../service/dataset/presets.ts';
import { defaultWorkerCount } from '../service/production/pool/worker-pool.ts';
import { InputError, UsageError } from './exit-codes.ts';
import { PRESETS_DIR } from './places.ts';

/** Options `generate` and `serve` share: what to generate, where, how. */
export const DATASET_OPTIONS = {
  preset: { type: 'string' },
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
} as const;

/** ISO-8601 instant; a date alone is UTC midnight, a time without a zone is taken as UTC. */
export function parseInstant(option: string, text: string): number {
  const ms = parseIsoMs(text);
  if (ms === undefined) {
    throw new UsageError(
      `${option} (${text}) is not a valid ISO-8601 date/time such as 2024-01-01T00:00:00Z`,
    );
  }
  return ms;
}

export function parseUrl(option: string, text: string): string {
  if (!/^https?:\/\/[^\s/]+$/.test(text.replace(/\/$/, '')))
    throw new UsageError(
      `${option} (${text}) must be an http:// address such as http://spark-master:8080`,
    );
  return text.replace(/\/$/, '');
}

export function parseInteger(option: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${option} (${text}) must be a whole number from ${min} to ${max}`);
  }
  return n;
}

export function parseSeed(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseInteger('--seed', text, 0, 2 ** 32 - 1);
}

export function parseWorkers(text: string | undefined): number {
  return text === undefined ? defaultWorkerCount() : parseInteger('--workers', text, 1, 256);
}

export function configFrom(
  values: { preset?: string | undefined; config?: string | undefined },
  presetsDir = PRESETS_DIR,
): GeneratorConfig {
  if (values.preset && values.config)
    throw new UsageError('give either --preset or --config, not both');
  if (!values.preset && !values.config)
    throw new UsageError('--preset NAME or --config FILE is required');
  const result: ConfigResult = values.preset
    ? loadPreset(values.preset, presetsDir)
    : loadConfigFile(values.config as string);
  if (!result.ok) {
    const source = values.preset ? `preset ${values.preset}` : (values.config as string);
    throw new InputError(
      `${source} is invalid:\n${result.issues.map((i) => `  - ${i.message}`).join('\n')}`,
    );
  }
  return result.config;
}

export function readJsonFile(option: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`${option}: cannot read ${file} (${(err as NodeJS.ErrnoException).code})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(`${option}: ${file} is not JSON`);
  }
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `--help` or `-h` among a command's own arguments (before a `--`). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}
