// The answer key of a driver batch, computed by generating it again: which lines are valid
// events, which are defective and why, and the gold aggregates per company. The generator
// decides every defect itself, so this is the truth exercises and pipelines are checked
// against, without Spark.
import type { AnyDefectKind } from '../../shared/defect-kinds.ts';
import { type DriverBatchMeta, DriverFragments, driverBatchChunks } from './driver-batch.ts';
import type { Epoch } from './plan.ts';

export interface ValidEvent {
  batch_id: string;
  /** 1-based line number in the batch's events.jsonl. */
  line: number;
  event_id: string;
  driver_id: string;
  company_id: string;
  truck_id: string;
  event_type: string;
  timestamp: string;
  /** The line exactly as written. */
  raw: string;
}

export interface DefectiveLine {
  batch_id: string;
  line: number;
  issue: AnyDefectKind;
  /** The field the defect touched (null for `duplicate`). */
  field: string | null;
  event_id: string | null;
  raw: string;
}

/** One gold row: a company's valid events in one batch interval. */
export interface GoldRow {
  company_id: string;
  batch_id: string;
  interval_start: string;
  interval_end: string;
  events: number;
  start_driving: number;
  stopped_driving: number;
  delivered: number;
  active_drivers: number;
}

export interface BatchAnswer {
  meta: DriverBatchMeta;
  events: ValidEvent[];
  defects: DefectiveLine[];
  gold: GoldRow[];
}

interface QualityEntry {
  line: number;
  event_id: string | null;
  issue: AnyDefectKind;
  field: string | null;
}

const TYPE_COLUMN: Record<string, 'start_driving' | 'stopped_driving' | 'delivered'> = {
  'start driving': 'start_driving',
  'stopped driving': 'stopped_driving',
  delivered: 'delivered',
};

export function batchAnswer(
  epoch: Epoch,
  startSeconds: number,
  fragments = new DriverFragments(),
): BatchAnswer {
  const quality: QualityEntry[] = [];
  const decoder = new TextDecoder();
  const parts: string[] = [];
  const chunks = driverBatchChunks(
    epoch,
    startSeconds,
    (line) => quality.push(JSON.parse(line) as QualityEntry),
    fragments,
  );
  let meta: DriverBatchMeta;
  for (;;) {
    const step = chunks.next();
    if (step.done) {
      meta = step.value;
      break;
    }
    // Each chunk is only valid until the next is requested: decode it now.
    parts.push(decoder.decode(step.value));
  }
  const lines = parts.join('').split('\n');
  lines.pop(); // the text ends with a newline
  const batchId = meta.batch_id;
  const defectAt = new Map(quality.map((q) => [q.line, q]));
  const events: ValidEvent[] = [];
  const defects: DefectiveLine[] = [];
  const byCompany = new Map<string, { row: GoldRow; drivers: Set<string> }>();
  lines.forEach((raw, i) => {
    const line = i + 1;
    const defect = defectAt.get(line);
    if (defect) {
      defects.push({
        batch_id: batchId,
        line,
        issue: defect.issue,
        field: defect.field,
        event_id: defect.event_id,
        raw,
      });
      return;
    }
    const r = JSON.parse(raw) as Omit<ValidEvent, 'batch_id' | 'line' | 'raw'>;
    events.push({ batch_id: batchId, line, ...r, raw });
    let gold = byCompany.get(r.company_id);
    if (!gold) {
      gold = {
        row: {
          company_id: r.company_id,
          batch_id: batchId,
          interval_start: meta.interval_start,
          interval_end: meta.interval_end,
          events: 0,
          start_driving: 0,
          stopped_driving: 0,
          delivered: 0,
          active_drivers: 0,
        },
        drivers: new Set(),
      };
      byCompany.set(r.company_id, gold);
    }
    gold.row.events++;
    const column = TYPE_COLUMN[r.event_type];
    if (column) gold.row[column]++;
    gold.drivers.add(r.driver_id);
  });
  const gold = [...byCompany.values()]
    .map(({ row, drivers }) => ({ ...row, active_drivers: drivers.size }))
    .sort((a, b) => (a.company_id < b.company_id ? -1 : a.company_id > b.company_id ? 1 : 0));
  return { meta, events, defects, gold };
}
