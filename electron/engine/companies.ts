// Company onboarding batches: the initial fleet just before the epoch start, then
// `companies_per_onboarding` (emulated: `companies_per_batch`) per onboarding interval.
import type { DefectKind } from '../../shared/config.ts';
import {
  applyDefect,
  COMPANY_SHAPE,
  defectPlan,
  drawDefect,
  emptyIssueCounts,
  type RecordFields,
} from './defects.ts';
import { asciiString, isoMillis, writeUuid } from './format.ts';
import {
  type Epoch,
  epochShape,
  INITIAL_FLEET_WINDOW_SECONDS,
  onboardingOrdinalBase,
} from './plan.ts';
import { Stream, stream, type Xor128 } from './random.ts';

export type CompanyBatchKey = { kind: 'initial' } | { kind: 'onboarding'; startSeconds: number };

export interface QualityEntry {
  /** 1-based line number within the batch's output. */
  line: number;
  id: string | null;
  issue: DefectKind;
  field: string | null;
}

export interface CompanyBatchResult {
  /** The batch's lines, each ending in a newline (small: at most a few thousand companies). */
  text: string;
  companies: number;
  lines: number;
  issues: Record<DefectKind, number>;
  quality: QualityEntry[];
  /** [start, end) of the created_at window, seconds. */
  window: [number, number];
}

const uuidScratch = new Uint8Array(36);

/** The company's id: the first four draws of its own stream (global ordinal). */
export function companyId(seed: number, ordinal: number): string {
  return companyIdFrom(stream(seed, Stream.company, 0, ordinal));
}

function companyIdFrom(rng: Xor128): string {
  writeUuid(uuidScratch, 0, rng);
  return asciiString(uuidScratch, 0, 36);
}

export function companyBatchWindow(epoch: Epoch, key: CompanyBatchKey): [number, number] {
  if (key.kind === 'initial') {
    return [epoch.startSeconds - INITIAL_FLEET_WINDOW_SECONDS, epoch.startSeconds];
  }
  return [key.startSeconds, key.startSeconds + epochShape(epoch).companySeconds];
}

/** Generates one onboarding batch of company records. */
export function generateCompanyBatch(epoch: Epoch, key: CompanyBatchKey): CompanyBatchResult {
  const shape = epochShape(epoch);
  const count = key.kind === 'initial' ? shape.initialFleet : shape.companiesPerOnboarding;
  const base = key.kind === 'initial' ? 0 : onboardingOrdinalBase(epoch, key.startSeconds, shape);
  const window = companyBatchWindow(epoch, key);
  const windowMs: [number, number] = [window[0] * 1000, window[1] * 1000];
  const defects = defectPlan(epoch.config.quality_injection, 'companies');
  const out: string[] = [];
  const issues = emptyIssueCounts();
  const quality: QualityEntry[] = [];
  let lines = 0;
  for (let i = 0; i < count; i++) {
    const ordinal = epoch.companyOffset + base + i;
    const rng = stream(epoch.seed, Stream.company, 0, ordinal);
    const id = companyIdFrom(rng);
    const createdMs = windowMs[0] + rng.below(windowMs[1] - windowMs[0]);
    const record: RecordFields = {
      company_id: id,
      geography: 'US',
      active: true,
      created_at: isoMillis(createdMs),
    };
    const qrng = defects && stream(epoch.seed, Stream.companyQuality, 0, ordinal);
    const kind = qrng && defects ? drawDefect(qrng, defects) : undefined;
    if (!kind || !qrng) {
      out.push(JSON.stringify(record));
      lines++;
      continue;
    }
    const applied = applyDefect(qrng, kind, record, COMPANY_SHAPE, windowMs);
    out.push(...applied.lines);
    issues[kind]++;
    quality.push({
      line: lines + applied.defectiveLine + 1,
      id,
      issue: kind,
      field: applied.field,
    });
    lines += applied.lines.length;
  }
  return {
    text: out.map((l) => `${l}\n`).join(''),
    companies: count,
    lines,
    issues,
    quality,
    window,
  };
}
