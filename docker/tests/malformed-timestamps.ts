// Prints every malformed timestamp form the generator can produce, for each instant given on
// the command line, as JSON: {"forms": N, "samples": [[form 0 at each instant], ...]}.
// Used by test_generated_data_spark.py so the Spark checks follow the generator's real list.
import { MALFORMED_TIMESTAMP_FORMS, malformedTimestamp } from '../../electron/engine/defects.ts';

const instants = process.argv.slice(2).map((text) => {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${text}`);
  return ms;
});
const samples = Array.from({ length: MALFORMED_TIMESTAMP_FORMS }, (_, form) =>
  instants.map((ms) => malformedTimestamp(form, ms)),
);
process.stdout.write(`${JSON.stringify({ forms: MALFORMED_TIMESTAMP_FORMS, samples })}\n`);
