"""Silver: valid events only, one row per event_id; everything else quarantined with a reason.

A line is valid when it is a JSON object with all six fields present and not null, a known
event_type, a timestamp in the generator's format that lies inside its batch interval
[interval_start, interval_end) (from batch_meta.json) or, a late arrival, at most the batch's
max_lateness_seconds before it, its company was active then (raw/companies.jsonl's change
records), and it is the first copy of its event_id. The reasons use the generator's defect
names, checked in the order of defect_kinds.json's quarantine_rules: corrupt_record,
missing_field, null_value, invalid_enum, malformed_timestamp, boundary_violation,
after_deactivation, duplicate.

  spark-submit silver.py --data /data
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import TIMESTAMP_FORMAT, CompanySpans, lake_of, parser, session, with_inactive, with_reason  # noqa: E402


def classify(bronze, metas, spans=()):
    """(silver, quarantine) of a bronze frame, given each batch's interval (batch_id,
    interval_start, interval_end as timestamps, and max_lateness_seconds when the generator
    delivers late) and the companies' inactive spans (common.CompanySpans)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    rows = bronze.join(metas, "batch_id", "left").withColumn("ts", F.to_timestamp("timestamp", TIMESTAMP_FORMAT))
    classified = with_reason(with_inactive(bronze.sparkSession, rows, list(spans)))
    # Among otherwise valid rows, the first copy of an event_id is kept; later copies are duplicates.
    first = Window.partitionBy("event_id").orderBy("batch_id", "ingested_at", "raw")
    candidates = classified.filter(F.col("reason").isNull()).withColumn("copy", F.row_number().over(first))
    silver = candidates.filter(F.col("copy") == 1).select(
        "event_id", "driver_id", "company_id", "truck_id", "event_type", F.col("ts").alias("timestamp"), "batch_id", "interval_start", "interval_end"
    )
    duplicates = candidates.filter(F.col("copy") > 1).withColumn("reason", F.lit("duplicate"))
    quarantine = classified.filter(F.col("reason").isNotNull()).unionByName(duplicates.drop("copy")).select("batch_id", "reason", "raw", "event_id")
    return silver, quarantine


def run(spark, data: str, lake: str) -> dict:
    from pyspark.sql import functions as F

    bronze = spark.read.parquet(os.path.join(lake, "bronze"))
    metas = spark.read.option("multiLine", True).json(os.path.join(data, "raw", "events", "*", "batch_meta.json"))
    lateness = F.col("max_lateness_seconds").cast("int") if "max_lateness_seconds" in metas.columns else F.lit(0)
    metas = metas.select(
        "batch_id",
        F.to_timestamp("interval_start").alias("interval_start"),
        F.to_timestamp("interval_end").alias("interval_end"),
        lateness.alias("max_lateness_seconds"),
    )
    silver, quarantine = classify(bronze, metas, CompanySpans(data).spans())
    silver.write.mode("overwrite").partitionBy("batch_id").parquet(os.path.join(lake, "silver"))
    quarantine.write.mode("overwrite").parquet(os.path.join(lake, "quarantine"))
    written = spark.read.parquet(os.path.join(lake, "silver")).count()
    by_reason = {r["reason"]: r["count"] for r in spark.read.parquet(os.path.join(lake, "quarantine")).groupBy("reason").count().collect()}
    print(f"silver: {written} valid events into {os.path.join(lake, 'silver')}; quarantined {sum(by_reason.values())} lines: {dict(sorted(by_reason.items()))}")
    return {"silver": written, "quarantine": by_reason}


def main(argv: list[str] | None = None) -> int:
    args = parser("Silver: validate, de-duplicate and quarantine the bronze events.").parse_args(argv)
    run(session("spark-experiments-silver", args.master), args.data, lake_of(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
