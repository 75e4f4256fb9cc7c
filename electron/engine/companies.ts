// Company onboarding batches: the initial fleet just before the epoch start, then
// `companies_per_onboarding` (emulated: `companies_per_batch`) per onboarding interval.
// With `regions`, a company's geography is its region; with `lifecycle`, every record says
// which version of the company it is (change, effective_at) and each company batch appends
// the changes of the next company interval, announced ahead (companyChanges).
import type { DefectKind } from '../../shared/config.ts';
import { REGIONS } from '../../shared/world-config.ts';
import { type EpochWorld, WorldMemo } from './batch-world.ts';
import {
  applyDefect,
  COMPANY_SHAPE,
  defectPlan,
  drawDefect,
  emptyIssueCounts,
  type RecordFields,
  type RecordShape,
} from './defects.ts';
import { asciiString, isoMillis, writeUuid } from './format.ts';
import { announcedWindow, onboardingStartOf } from './lifecycle.ts';
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
  /** Lifecycle change records appended after the onboarding records (announced ahead). */
  changes: number;
  /** Their effective_at instants (ms) by kind, in the order appended (the dashboard's tally). */
  changeTimes: { deactivated: number[]; reactivated: number[] };
}

/** With `lifecycle`, a company record also names its change (defects may touch those keys). */
const COMPANY_LIFECYCLE_SHAPE: RecordShape = {
  ...COMPANY_SHAPE,
  fields: [...COMPANY_SHAPE.fields, 'change', 'effective_at'],
};

/** Per-company values the company batches of this thread have drawn (pure). */
const COMPANY_WORLD = new WorldMemo();

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

/** The company's created_at (ms): its stream's draw after its id, in its onboarding window. */
export function companyCreatedMs(epoch: Epoch, local: number, shape = epochShape(epoch)): number {
  const onboarded = onboardingStartOf(epoch, shape, local);
  const key: CompanyBatchKey =
    onboarded === null ? { kind: 'initial' } : { kind: 'onboarding', startSeconds: onboarded };
  const [from, to] = companyBatchWindow(epoch, key);
  const rng = stream(epoch.seed, Stream.company, 0, epoch.companyOffset + local);
  companyIdFrom(rng);
  return from * 1000 + rng.below((to - from) * 1000);
}

/**
 * The lifecycle changes the company batch `key` announces, as records: those effective in the
 * next company interval (the initial fleet's batch: the first one), so a live reader has them
 * before any event they govern; sorted by effective_at then ordinal. Its own companies are
 * among them (a company's first change can fall in the interval after its onboarding).
 * Nothing is lost over skipped batches: the intervals they would announce have no changes.
 */
export function companyChanges(
  epoch: Epoch,
  key: CompanyBatchKey,
  world: EpochWorld,
  shape = epochShape(epoch),
): RecordFields[] {
  const lifecycle = world.lifecycle;
  if (!lifecycle) return [];
  const [from, to] = announcedWindow(shape, key.kind === 'initial' ? null : key.startSeconds);
  const found: Array<[number, number, number]> = [];
  const candidates =
    key.kind === 'initial'
      ? shape.initialFleet
      : onboardingOrdinalBase(epoch, key.startSeconds, shape) + shape.companiesPerOnboarding;
  for (let local = 0; local < candidates; local++) {
    for (const [ms, index] of lifecycle.of(local).changesIn(from * 1000, to * 1000))
      found.push([ms, local, index]);
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return found.map(([ms, local, index]) => ({
    company_id: companyId(epoch.seed, epoch.companyOffset + local),
    geography: REGIONS[world.region(local)] as string,
    active: index % 2 === 1,
    created_at: isoMillis(companyCreatedMs(epoch, local, shape)),
    change: index % 2 === 1 ? 'reactivated' : 'deactivated',
    effective_at: isoMillis(ms),
  }));
}

/** Generates one onboarding batch of company records. */
export function generateCompanyBatch(
  epoch: Epoch,
  key: CompanyBatchKey,
  memo = COMPANY_WORLD,
): CompanyBatchResult {
  const shape = epochShape(epoch);
  const world = memo.of(epoch, shape);
  const lifecycle = epoch.config.lifecycle !== undefined;
  const recordShape = lifecycle ? COMPANY_LIFECYCLE_SHAPE : COMPANY_SHAPE;
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
      geography: world ? (REGIONS[world.region(base + i)] as string) : 'US',
      active: true,
      created_at: isoMillis(createdMs),
    };
    if (lifecycle) {
      record.change = 'onboarded';
      record.effective_at = record.created_at as string;
    }
    const qrng = defects && stream(epoch.seed, Stream.companyQuality, 0, ordinal);
    const kind = qrng && defects ? drawDefect(qrng, defects) : undefined;
    if (!kind || !qrng) {
      out.push(JSON.stringify(record));
      lines++;
      continue;
    }
    const applied = applyDefect(qrng, kind, record, recordShape, windowMs);
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
  const changes = world ? companyChanges(epoch, key, world, shape) : [];
  const changeTimes: CompanyBatchResult['changeTimes'] = { deactivated: [], reactivated: [] };
  for (const change of changes) {
    out.push(JSON.stringify(change));
    changeTimes[change.change === 'reactivated' ? 'reactivated' : 'deactivated'].push(
      Date.parse(change.effective_at as string),
    );
  }
  lines += changes.length;
  return {
    text: out.map((l) => `${l}\n`).join(''),
    companies: count,
    lines,
    issues,
    quality,
    window,
    changes: changes.length,
    changeTimes,
  };
}
