"""Gold: per company and true interval (the one holding the event's timestamp: a late arrival
counts in its own interval, not its batch's), events by type, active drivers and deliveries
(the `delivered` events).

  spark-submit gold.py --data /data
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import by_true_interval, lake_of, parser, session  # noqa: E402


def aggregate(silver):
    """The gold rows of a silver frame: one per company and true interval."""
    from pyspark.sql import functions as F

    count_of = lambda kind: F.sum(F.when(F.col("event_type") == kind, 1).otherwise(0))  # noqa: E731
    return by_true_interval(silver).groupBy("company_id", "batch_id", "interval_start", "interval_end").agg(
        F.count("*").alias("events"),
        count_of("start driving").alias("start_driving"),
        count_of("stopped driving").alias("stopped_driving"),
        count_of("delivered").alias("delivered"),
        F.countDistinct("driver_id").alias("active_drivers"),
    )


def run(spark, data: str, lake: str) -> dict:
    from pyspark.sql import functions as F

    aggregate(spark.read.parquet(os.path.join(lake, "silver"))).write.mode("overwrite").parquet(os.path.join(lake, "gold"))
    written = spark.read.parquet(os.path.join(lake, "gold"))
    totals = written.agg(F.count("*").alias("rows"), F.sum("events").alias("events"), F.sum("delivered").alias("deliveries")).first()
    print(f"gold: {totals['rows']} company-intervals, {totals['events']} events, {totals['deliveries']} deliveries into {os.path.join(lake, 'gold')}")
    return {"rows": totals["rows"], "events": totals["events"], "deliveries": totals["deliveries"]}


def main(argv: list[str] | None = None) -> int:
    args = parser("Gold: per company and interval aggregates of the silver events.").parse_args(argv)
    run(session("spark-experiments-gold", args.master), args.data, lake_of(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
