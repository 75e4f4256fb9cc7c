// The answer key of a driver batch, computed by generating it again: which lines are valid
// events and which are defective and why (gold, counted per true interval across batches, is
// answers/interval-gold.ts). The generator decides every defect itself, so this is the truth
// exercises and pipelines are checked against, without Spark.
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

export interface BatchAnswer {
  meta: DriverBatchMeta;
  events: ValidEvent[];
  defects: DefectiveLine[];
}

interface QualityEntry {
  line: number;
  event_id: string | null;
  issue: AnyDefectKind;
  field: string | null;
}

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
  });
  return { meta, events, defects };
}
