// GET /api/pipeline: what the streaming pipeline (pipeline.py) has done, for the Pipeline view.
import { z } from 'zod';

const freshnessSchema = z
  .object({
    batches: z.number().int().describe('batches the percentiles are over'),
    p50_s: z.number().nullable().describe('median seconds from interval close to arrival'),
    p95_s: z.number().nullable(),
  })
  .describe(
    'seconds from a batch interval closing to its rows being in this layer, over the newest 30 batches there',
  );

const layerSchema = z.object({
  rows: z
    .number()
    .int()
    .nullable()
    .describe('rows in the layer (bronze: lines; silver: valid events)'),
  batches: z.number().int(),
  micro_batch: z.number().int().nullable().describe("the query's latest micro-batch id"),
  input_rate: z.number().nullable().describe('rows per second arriving (Spark progress)'),
  processed_rate: z.number().nullable().describe('rows per second processed'),
  duration_ms: z.number().nullable().describe('duration of the latest trigger'),
  watermark: z.string().nullable(),
  dropped_by_watermark: z
    .number()
    .int()
    .describe(
      "Spark's numRowsDroppedByWatermark: what the stateful operator dropped, counted after partial aggregation (one per group and input partition, so at most the rows); `late` counts late rows exactly",
    ),
  freshness: freshnessSchema,
  final: freshnessSchema
    .nullable()
    .describe(
      'gold only: seconds from a batch interval closing to its gold rows being final (the watermark has passed it)',
    ),
});

export const pipelineViewSchema = z.object({
  running: z.boolean().describe('the pipeline reported within the last 30 s and has not stopped'),
  updated_at: z.string().nullable(),
  layers: z.object({ bronze: layerSchema, silver: layerSchema, gold: layerSchema }),
  quarantine: z.object({ rows: z.number().int() }),
  late: z
    .object({
      arrived: z
        .number()
        .int()
        .describe(
          'late arrivals that reached silver: valid rows stamped before their batch interval',
        ),
      kept: z.number().int().describe('of them, counted in gold in their true interval'),
      dropped: z
        .number()
        .int()
        .describe(
          "of them, dropped by gold's watermark (arrived after it had passed their interval)",
        ),
      ledger: z
        .number()
        .int()
        .describe(
          "the generator's ledger (_late.jsonl) for the same batches: the truth for arrived",
        ),
      expected_dropped: z
        .number()
        .int()
        .nullable()
        .describe(
          'the truth for dropped: 0 when the watermark delay exceeds the max lateness; null when a tighter watermark makes it depend on the micro-batches',
        ),
      watermark_delay_s: z
        .number()
        .nullable()
        .describe("seconds gold's watermark trails the newest interval (null before gold started)"),
      max_lateness_s: z
        .number()
        .nullable()
        .describe("the generator's max lateness the watermark allows for (batch_meta.json)"),
    })
    .describe('late arrivals: arrived / kept / dropped by the watermark, next to the ledger'),
  rules: z
    .array(
      z.object({
        rule: z.string(),
        caught: z.number().int().describe('rows the rule sent to quarantine'),
        injected: z.number().int().describe("the generator's ledger for the same batches"),
      }),
    )
    .describe('per defect kind: caught by the pipeline vs injected by the generator'),
  batches: z
    .array(
      z.object({
        batch_id: z.string(),
        events: z
          .number()
          .int()
          .nullable()
          .describe('its valid events (batch_meta.json); with none, it never reaches gold'),
        bronze_s: z.number().nullable(),
        silver_s: z.number().nullable(),
        gold_s: z.number().nullable().describe('first counted in gold'),
        gold_final_s: z.number().nullable().describe('its gold rows final'),
      }),
    )
    .describe('the newest batches and how far each has travelled (seconds after its close)'),
});
export type PipelineView = z.infer<typeof pipelineViewSchema>;
