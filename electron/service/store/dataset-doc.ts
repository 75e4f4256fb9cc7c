// manifests/dataset.md: what this dataset is and how to read it, for a person opening the folder.
import type { GeneratorState } from './state.ts';

export function describeDataset(state: GeneratorState): string {
  const late = state.epochs.some((e) => e.config.late_arrivals !== undefined)
    ? '\n- `raw/events/<batch_id>/_late.jsonl`: one line per late row delivered in this batch, with its true batch (only when late rows arrived).'
    : '';
  const epochs = state.epochs
    .map((e, i) => {
      const emulated = e.config.emulated_mode.enabled;
      return `| ${i} | ${e.start} | ${e.preset} | ${e.seed} | ${emulated ? 'emulated' : 'production'} | ${e.skipped.length} |`;
    })
    .join('\n');
  return `# Spark Experiments dataset

Synthetic fleet data made by Spark Experiments. Every batch is a pure function of the epoch's
config, seed and interval: regenerating with the same preset, seed and range gives
byte-identical files.

Dataset seed: ${state.seed}

## Epochs

| # | start (UTC) | preset | seed | mode | skipped ranges |
|---|---|---|---|---|---|
${epochs}

The full normalized config of each epoch is in \`generator_state.json\`.

## Layout

- \`raw/companies.jsonl\`: company records, one JSON object per line, append-only.
- \`raw/events/<batch_id>/events.jsonl\`: one driver-event batch; \`<batch_id>\` is the interval
  start in UTC (\`YYYYMMDDTHHMMSSZ\`). Folders appear atomically (written elsewhere, then renamed).
- \`raw/events/<batch_id>/batch_meta.json\`: counts, interval, per-batch seed, defect summary.
- \`raw/events/<batch_id>/_quality.jsonl\`: one line per injected defect (only when defects were injected).${late}
- \`raw/_companies_quality.jsonl\`: the same for company records.

## Reading it with Spark

\`\`\`python
events = spark.read.schema(
    "event_id string, driver_id string, company_id string, truck_id string, "
    "event_type string, timestamp timestamp"
).json("raw/events/*/events.jsonl")
\`\`\`

Names starting with \`.\` or \`_\` are ignored by Spark, so temp folders and quality files never
reach a reader of \`raw/events/*/events.jsonl\`.
`;
}
