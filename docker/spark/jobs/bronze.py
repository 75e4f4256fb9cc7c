"""Bronze: every line of every committed generator batch, as written, in Parquet.

Structured Streaming over raw/events/*/events.jsonl. Each line is kept as text (``raw``) and
parsed with an explicit all-string schema; lines that are not JSON objects keep their text
in ``_corrupt_record``. The file sink with a checkpoint makes ingestion exactly-once, and the
generator's atomic batch folders mean no partial file is ever read.

  spark-submit bronze.py --data /data [--once] [--max-files-per-trigger 1]
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import EVENT_FIELDS, event_string_schema, lake_of, parser, session  # noqa: E402


def to_bronze(lines):
    """The bronze rows of a frame of lines (``value``) and the file each came from (``path``)."""
    from pyspark.sql import functions as F

    # from_json gives a malformed line a record of nulls, not a null: the corrupt-record
    # column of the schema is what tells it apart.
    schema = event_string_schema().add("_corrupt_record", "string")
    parsed = lines.select(
        F.col("value").alias("raw"),
        F.from_json("value", schema, {"mode": "PERMISSIVE", "columnNameOfCorruptRecord": "_corrupt_record"}).alias("record"),
        F.regexp_extract("path", r"/events/([0-9]{8}T[0-9]{6}Z)/events\.jsonl$", 1).alias("batch_id"),
    )
    return parsed.select(
        *[F.col(f"record.{name}").alias(name) for name in EVENT_FIELDS],
        F.col("record._corrupt_record").alias("_corrupt_record"),
        "raw",
        "batch_id",
        F.current_timestamp().alias("ingested_at"),
    )


def build_query(spark, data: str, lake: str, once: bool, max_files: int | None, trigger_seconds: float):
    from pyspark.sql import functions as F

    # Keep every micro-batch's progress (the default keeps the last 100) for the summary.
    spark.conf.set("spark.sql.streaming.numRecentProgressUpdates", "1000000")
    source = spark.readStream.format("text")
    if max_files:
        source = source.option("maxFilesPerTrigger", max_files)
    lines = source.load(os.path.join(data, "raw", "events", "*", "events.jsonl"))
    bronze = to_bronze(lines.withColumn("path", F.input_file_name()))
    writer = (
        bronze.writeStream.format("parquet")
        .option("path", os.path.join(lake, "bronze"))
        .option("checkpointLocation", os.path.join(lake, "_checkpoints", "bronze"))
        .queryName("bronze")
    )
    writer = writer.trigger(availableNow=True) if once else writer.trigger(processingTime=f"{trigger_seconds} seconds")
    return writer.start()


def run(spark, data: str, lake: str, once: bool = True, max_files: int | None = None, trigger_seconds: float = 5.0, duration: float | None = None) -> dict:
    query = build_query(spark, data, lake, once, max_files, trigger_seconds)
    started = time.time()
    if once or duration is None:
        query.awaitTermination()
    else:
        query.awaitTermination(duration)
        query.stop()
    progress = query.recentProgress
    rows = sum(p.get("numInputRows", 0) for p in progress)
    micro_batches = sum(1 for p in progress if p.get("numInputRows", 0) > 0)
    summary = {"rows": rows, "micro_batches": micro_batches, "seconds": round(time.time() - started, 1)}
    print(f"bronze: ingested {rows} lines in {micro_batches} micro-batches into {os.path.join(lake, 'bronze')} ({summary['seconds']} s)")
    return summary


def main(argv: list[str] | None = None) -> int:
    p = parser("Bronze: ingest the generator's batches into Parquet (exactly once).")
    p.add_argument("--once", action="store_true", help="ingest what is there now, then stop (default: keep streaming)")
    p.add_argument("--max-files-per-trigger", type=int, default=None, help="1 = one generator batch per micro-batch")
    p.add_argument("--trigger-seconds", type=float, default=5.0)
    p.add_argument("--duration", type=float, default=None, help="stop streaming after this many seconds")
    args = p.parse_args(argv)
    spark = session("spark-experiments-bronze", args.master)
    run(spark, args.data, lake_of(args), args.once, args.max_files_per_trigger, args.trigger_seconds, args.duration)
    return 0


if __name__ == "__main__":
    sys.exit(main())
