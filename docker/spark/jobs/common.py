"""Shared pieces of the medallion jobs: paths, the session, and the record schema.

Every job takes its paths as arguments, so the same file runs with ``spark-submit`` inside
the compose stack (data at /data) and locally with pyspark (data wherever the app writes it).
"""

from __future__ import annotations

import argparse
import os

EVENT_FIELDS = ["event_id", "driver_id", "company_id", "truck_id", "event_type", "timestamp"]
EVENT_TYPES = ["start driving", "stopped driving", "delivered"]
# The generator writes UTC with milliseconds and a Z: 2024-01-01T12:12:59.558Z
TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSX"


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--data", default=os.environ.get("SPARK_EXPERIMENTS_DATA", "/data"), help="the generator's data folder (holds raw/)")
    p.add_argument("--lake", default=None, help="where the layers are written (default: <data>/lake)")
    p.add_argument("--master", default=None, help="Spark master URL (default: from spark-submit, else local[*])")
    return p


def lake_of(args: argparse.Namespace) -> str:
    return args.lake or os.path.join(args.data, "lake")


def session(app_name: str, master: str | None = None):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    spark = (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
        .config("spark.sql.shuffle.partitions", os.environ.get("SPARK_EXPERIMENTS_SHUFFLE_PARTITIONS", "8"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    return spark


def event_string_schema():
    """All fields as strings: bronze keeps what was written; silver decides what is valid."""
    from pyspark.sql.types import StringType, StructField, StructType

    return StructType([StructField(name, StringType(), True) for name in EVENT_FIELDS])


def with_reason(rows):
    """`rows` (bronze columns, a parsed `ts`, interval_start / interval_end) with `reason`: the
    first rule each breaks, in the generator's defect names, or null for a valid row. The batch
    silver job and the streaming pipeline share these rules."""
    from pyspark.sql import functions as F

    keys = F.map_keys(F.from_json("raw", "map<string,string>"))
    missing = F.lit(False)
    nulls = F.lit(False)
    for name in EVENT_FIELDS:
        missing = missing | ~F.array_contains(keys, name)
        nulls = nulls | F.col(name).isNull()
    reason = (
        F.when(F.col("_corrupt_record").isNotNull(), "corrupt_record")
        .when(missing, "missing_field")
        .when(nulls, "null_value")
        .when(~F.col("event_type").isin(*EVENT_TYPES), "invalid_enum")
        .when(F.col("ts").isNull(), "malformed_timestamp")
        .when((F.col("ts") < F.col("interval_start")) | (F.col("ts") >= F.col("interval_end")), "boundary_violation")
    )
    return rows.withColumn("reason", reason)
