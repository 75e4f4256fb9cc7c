// Driver-event batches. Production: Poisson(event_rate_per_driver) events per eligible driver,
// one random stream per driver per batch. Emulated: a uniform number of lines in
// [events_per_batch_min, events_per_batch_max] spread over randomly chosen eligible drivers.
// Valid lines are assembled as bytes from cached per-driver fragments (the hot path);
// defective lines go through JSON.stringify (rare).
import type { AnyDefectKind } from '../../shared/defect-kinds.ts';
import type { Region } from '../../shared/world-config.ts';
import { BatchWorld, EVENT_ID_BYTES, WorldMemo } from './batch-world.ts';
import { companyId } from './companies.ts';
import {
  applyDefect,
  type DefectPlan,
  defectPlan,
  drawDefect,
  EVENT_SHAPE,
  emptyIssueCounts,
  type IssueCounts,
} from './defects.ts';
import {
  asciiBytes,
  asciiString,
  batchIdOf,
  isoSeconds,
  TimestampWriter,
  writeUuid,
} from './format.ts';
import {
  arrivingRows,
  type LateCollector,
  LateDraws,
  type LateMeta,
  lateLedgerLine,
} from './late-arrivals.ts';
import { inSpans } from './lifecycle.ts';
import { DEFAULT_CHUNK_BYTES, LineBuffer } from './line-buffer.ts';
import { companiesEligible, type Epoch, epochShape, expectedDriverLines } from './plan.ts';
import { batchSeed, Stream, stream, type Xor128 } from './random.ts';
import { poissonSampler } from './sampling.ts';

export const EVENT_TYPES = ['start driving', 'stopped driving', 'delivered'] as const;
/** Cumulative weights 0.40 / 0.35 / 0.25 as 32-bit thresholds. */
const TYPE_THRESHOLD_0 = 0.4 * 2 ** 32;
const TYPE_THRESHOLD_1 = 0.75 * 2 ** 32;

const PREFIX = asciiBytes('{"event_id":"');
const TYPE_TAILS = EVENT_TYPES.map((t) => asciiBytes(`${t}","timestamp":"`));
const SUFFIX = asciiBytes('"}\n');
const MAX_LINE = 512;
/** Room kept free before each event: a duplicate defect writes two lines. */
const EVENT_MARGIN = 2 * MAX_LINE;

/**
 * Chunk size for a batch of about `lines` lines: 1 MiB for big batches, less for small ones,
 * which otherwise allocate 2 MiB of buffers for a few kilobytes (at a live tick every few
 * seconds, that was most of the service's memory). The bytes written are the same either way.
 */
export function chunkBytesFor(lines: number): number {
  const wanted = Math.max(64 * 1024, 4 * EVENT_MARGIN, lines * 2 * MAX_LINE);
  return Math.min(DEFAULT_CHUNK_BYTES, 2 ** Math.ceil(Math.log2(wanted)));
}

export interface DriverBatchMeta extends Partial<LateMeta> {
  batch_id: string;
  interval_start: string;
  interval_end: string;
  event_count: number;
  seed: number;
  corrupted_count: number;
  record_count: number;
  issues: IssueCounts;
  generation_mode: 'production' | 'emulated';
  companies_eligible: number;
  /** With `regions`: valid rows of the batch by company region. */
  events_by_region?: Record<Region, number>;
}

/** Receives one `_quality.jsonl` line (no newline) per defective line. */
export type QualitySink = (line: string) => void;

/** Receives one `_late.jsonl` line (no newline) per late row written in the batch. */
export type LateSink = (line: string) => void;

export interface BatchOptions {
  late?: LateSink;
  /** Generates a source interval again only to collect its rows arriving in a later batch. */
  collect?: LateCollector;
}

/**
 * Memo of per-driver byte fragments (`","driver_id":...,"event_type":"`), owned by the
 * caller (a worker keeps one across batches). Only caches pure values.
 */
export class DriverFragments {
  private readonly byDriver = new Map<number, Uint8Array>();
  private key = '';
  /** Regions and lifecycle spells per company (batch-world.ts). */
  readonly world = new WorldMemo();

  get(epoch: Epoch, ordinal: number, seq: number): Uint8Array {
    const key = `${epoch.seed}:${epoch.config.drivers_per_company}`;
    if (key !== this.key || this.byDriver.size > 2_000_000) {
      this.byDriver.clear();
      this.key = key;
    }
    const index = driverIndex(epoch, ordinal, seq);
    let frag = this.byDriver.get(index);
    if (!frag) {
      const cid = companyId(epoch.seed, ordinal);
      const seqText = String(seq).padStart(3, '0');
      const truck = String(index + 1).padStart(4, '0');
      frag = asciiBytes(
        `","driver_id":"DRV-${cid}-${seqText}","company_id":"${cid}","truck_id":"TRK-${epoch.seed}-${truck}","event_type":"`,
      );
      this.byDriver.set(index, frag);
    }
    return frag;
  }
}

/** Stable dataset-wide driver index (the truck number is this + 1). */
export function driverIndex(epoch: Epoch, ordinal: number, seq: number): number {
  return ordinal * epoch.config.drivers_per_company + (seq - 1);
}

interface EventWriter {
  out: LineBuffer;
  ts: TimestampWriter;
  startMs: number;
  spanMs: number;
  issues: IssueCounts;
  quality: QualitySink;
  records: number;
  corrupted: number;
  late: LateDraws | undefined;
  /** Lifecycle: [start, end) ms pairs in which the current driver's company is inactive. */
  inactive: number[] | null;
  world: BatchWorld | undefined;
}

/**
 * Draws one event from `rng` (id, type, timestamp: always the same draws) and writes it,
 * with a defect when the quality stream selects one. Returns the number of lines written.
 */
function writeEvent(
  w: EventWriter,
  rng: Xor128,
  fragment: Uint8Array,
  qrng: Xor128 | undefined,
  plan: DefectPlan | undefined,
  slotsLeft: number,
): number {
  const out = w.out;
  const buf = out.buf;
  const lineStart = out.pos;
  let p = lineStart;
  buf.set(PREFIX, p);
  p = writeUuid(buf, p + PREFIX.length, rng);
  buf.set(fragment, p);
  p += fragment.length;
  const u = rng.nextInt32() >>> 0;
  const tail = TYPE_TAILS[u < TYPE_THRESHOLD_0 ? 0 : u < TYPE_THRESHOLD_1 ? 1 : 2] as Uint8Array;
  buf.set(tail, p);
  p += tail.length;
  const ms = w.startMs + rng.below(w.spanMs);
  p = w.ts.write(buf, p, ms);
  buf.set(SUFFIX, p);
  p += SUFFIX.length;

  let kind = qrng && plan ? drawDefect(qrng, plan) : undefined;
  // A duplicate needs a second line; in an emulated batch with one slot left it stays valid.
  if (kind === 'duplicate' && slotsLeft < 2) kind = undefined;
  if (!kind || !qrng) {
    // Lifecycle: an event stamped while its company is inactive is drawn, then not written.
    if (w.inactive !== null && inSpans(w.inactive, ms)) {
      w.world?.dropped(buf, lineStart, p);
      out.pos = lineStart;
      return 1;
    }
    // A late event (late-arrivals.ts) takes its slot but is written in a later batch.
    if (w.late?.withhold(buf, lineStart, p, w.world?.currentRegion ?? 0)) return 1;
    out.pos = p;
    w.records++;
    return 1;
  }
  // Slow path: rebuild the record as an object, apply the defect, write it back.
  const line = asciiString(buf, lineStart, p - 1);
  const record = JSON.parse(line) as Record<string, string>;
  const applied = applyDefect(
    qrng,
    kind,
    record,
    EVENT_SHAPE,
    [w.startMs, w.startMs + w.spanMs],
    (w.late?.windowSeconds ?? 0) * 1000,
  );
  out.pos = lineStart;
  if (w.inactive !== null && inSpans(w.inactive, ms)) return applied.lines.length;
  for (const text of applied.lines) out.line(text);
  w.issues[kind]++;
  w.corrupted++;
  const lineNo = w.records + applied.defectiveLine + 1;
  w.records += applied.lines.length;
  ledger(w, lineNo, record.event_id ?? null, kind, applied.field);
  return applied.lines.length;
}

function ledger(
  w: EventWriter,
  line: number,
  eventId: string | null,
  issue: AnyDefectKind,
  field: string | null,
): void {
  w.quality(JSON.stringify({ line, event_id: eventId, issue, field }));
}

/** Writes a whole defective line the world drew (after_deactivation) and its ledger line. */
function writeWorldDefect(w: EventWriter, row: Uint8Array, issue: AnyDefectKind): void {
  w.out.bytes(row);
  w.records++;
  w.corrupted++;
  w.issues[issue] = (w.issues[issue] ?? 0) + 1;
  ledger(w, w.records, asciiString(row, ...EVENT_ID_BYTES), issue, 'timestamp');
}

/**
 * Generates the driver batch that starts at `startSeconds`, yielding `events.jsonl` in chunks
 * (each valid until the next is requested) and returning the batch's meta.
 */
export function* driverBatchChunks(
  epoch: Epoch,
  startSeconds: number,
  quality: QualitySink,
  fragments = new DriverFragments(),
  chunkBytes = chunkBytesFor(expectedDriverLines(epoch, startSeconds)),
  options: BatchOptions = {},
): Generator<Uint8Array, DriverBatchMeta, void> {
  const shape = epochShape(epoch);
  const config = epoch.config;
  const eligible = companiesEligible(epoch, startSeconds, shape);
  const plan = defectPlan(config.quality_injection, 'events');
  const out = new LineBuffer(chunkBytes);
  const poisson = poissonSampler(config.event_rate_per_driver);
  const epochWorld = fragments.world.of(epoch, shape);
  const world =
    epochWorld && new BatchWorld(epochWorld, startSeconds, shape.driverSeconds, poisson);
  const w: EventWriter = {
    out,
    ts: new TimestampWriter(),
    startMs: startSeconds * 1000,
    spanMs: shape.driverSeconds * 1000,
    issues: world ? world.issueCounts() : emptyIssueCounts(),
    quality,
    records: 0,
    corrupted: 0,
    late: LateDraws.forBatch(epoch, startSeconds, options.collect, shape),
    inactive: null,
    world,
  };
  const dpc = config.drivers_per_company;
  const emulated = config.emulated_mode;

  if (emulated.enabled) {
    const rng = stream(epoch.seed, Stream.emulatedEvents, startSeconds, 0);
    const qrng = plan && stream(epoch.seed, Stream.emulatedQuality, startSeconds, 0);
    const lines =
      emulated.events_per_batch_min +
      rng.below(emulated.events_per_batch_max - emulated.events_per_batch_min + 1);
    const drivers = eligible * dpc;
    let written = 0;
    while (written < lines) {
      const d = rng.below(drivers);
      const ordinal = epoch.companyOffset + Math.floor(d / dpc);
      const fragment = fragments.get(epoch, ordinal, (d % dpc) + 1);
      if (out.full(EVENT_MARGIN)) yield out.take();
      world?.company(Math.floor(d / dpc), w);
      written += writeEvent(w, rng, fragment, qrng, plan, lines - written);
      world?.done(w);
    }
  } else {
    for (let c = 0; c < eligible; c++) {
      const ordinal = epoch.companyOffset + c;
      // The world (batch-world.ts): this company's rate this hour and inactive spans.
      const sample = world ? world.company(c, w) : poisson;
      for (let seq = 1; sample !== null && seq <= dpc; seq++) {
        const index = driverIndex(epoch, ordinal, seq);
        const rng = stream(epoch.seed, Stream.driver, startSeconds, index);
        const qrng = plan && stream(epoch.seed, Stream.driverQuality, startSeconds, index);
        w.late?.driver(index);
        const fragment = fragments.get(epoch, ordinal, seq);
        const n = sample(rng);
        for (let i = 0; i < n; i++) {
          if (out.full(EVENT_MARGIN)) yield out.take();
          writeEvent(w, rng, fragment, qrng, plan, 2);
        }
      }
      world?.done(w);
    }
  }
  // Lifecycle: the after_deactivation lines follow the interval's own lines (not needed when
  // only collecting another batch's late rows).
  const stray = options.collect ? undefined : world;
  for (const row of stray?.afterDeactivationRows((o, s) => fragments.get(epoch, o, s)) ?? []) {
    if (out.full(MAX_LINE)) yield out.take();
    writeWorldDefect(w, row, 'after_deactivation');
  }
  // Late arrivals (late-arrivals.ts): earlier intervals' rows arriving here, after its own lines.
  const late = options.collect ? undefined : w.late;
  let lateCount = 0;
  const again = (source: number, collect: LateCollector) =>
    driverBatchChunks(epoch, source, () => {}, fragments, undefined, { collect });
  for (const { row, source, region } of late
    ? arrivingRows(epoch, startSeconds, again, shape)
    : []) {
    if (out.full(MAX_LINE)) yield out.take();
    out.bytes(row);
    lateCount++;
    w.records++;
    world?.lateRow(region);
    options.late?.(lateLedgerLine(row, w.records, source, startSeconds, shape.driverSeconds));
  }
  if (out.pos > 0) yield out.take();
  return {
    batch_id: batchIdOf(startSeconds),
    interval_start: isoSeconds(startSeconds),
    interval_end: isoSeconds(startSeconds + shape.driverSeconds),
    event_count: w.records - w.corrupted,
    seed: batchSeed(epoch.seed, startSeconds),
    corrupted_count: w.corrupted,
    record_count: w.records,
    issues: w.issues,
    generation_mode: emulated.enabled ? 'emulated' : 'production',
    companies_eligible: eligible,
    ...(late && {
      late_count: lateCount,
      withheld_count: late.withheld,
      max_lateness_seconds: late.windowSeconds,
    }),
    ...world?.meta(),
  };
}

/** Runs a whole driver batch, handing each chunk to `onChunk` (for tests and small batches). */
export function generateDriverBatch(
  epoch: Epoch,
  startSeconds: number,
  output: { events: (chunk: Uint8Array) => void; quality: QualitySink; late?: LateSink },
  fragments = new DriverFragments(),
): DriverBatchMeta {
  const options = { late: output.late };
  const chunks = driverBatchChunks(
    epoch,
    startSeconds,
    output.quality,
    fragments,
    undefined,
    options,
  );
  for (;;) {
    const step = chunks.next();
    if (step.done) return step.value;
    output.events(step.value);
  }
}
