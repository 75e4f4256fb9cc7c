"""Shared pieces of the medallion jobs, the streaming pipeline, the exercise checker and the
Spark tests: paths, the one session builder, the record schema and the defect kinds.

Every job takes its paths as arguments, so the same file runs with ``spark-submit`` inside
the compose stack (data at /data) and locally with pyspark (data wherever the app writes it).
"""

from __future__ import annotations

import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def _defect_kinds() -> dict:
    """defect_kinds.json beside this file: written from shared/defect-kinds.ts, so TypeScript
    and Python name the defects alike."""
    with open(os.path.join(HERE, "defect_kinds.json"), encoding="utf-8") as f:
        return json.load(f)


_KINDS = _defect_kinds()
# The kinds the generator injects (its _quality.jsonl `issue`, batch_meta.json `issues`).
DEFECT_KINDS: list[str] = list(_KINDS["defect_kinds"])
# The company lifecycle's kinds (after_deactivation): only a preset with `lifecycle` has them.
LIFECYCLE_DEFECT_KINDS: list[str] = list(_KINDS["lifecycle_defect_kinds"])
# The quarantine's reasons in the order they are checked: the first a row breaks is its reason.
QUARANTINE_RULES: list[str] = list(_KINDS["quarantine_rules"])

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


# Every session here works in UTC, as the generator writes.
BASE_CONFIG = {"spark.sql.session.timeZone": "UTC"}
# A session on one machine (checker, tests): no UI port to collide with, the driver on loopback.
LOCAL_CONFIG = {
    "spark.ui.enabled": "false",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
}
DELTA_CONFIG = {
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
}


def shuffle_partitions(default: str) -> str:
    """SPARK_EXPERIMENTS_SHUFFLE_PARTITIONS, else the caller's default."""
    return os.environ.get("SPARK_EXPERIMENTS_SHUFFLE_PARTITIONS", default)


def delta_available() -> bool:
    try:
        import delta  # noqa: F401
    except ImportError:
        return False
    return True


def session(
    app_name: str,
    master: str | None = None,
    *,
    partitions: str | None = None,
    local: bool = False,
    delta: bool = False,
    log_level: str = "WARN",
    parser_policy: str | None = "CORRECTED",
    config: dict[str, str] | None = None,
):
    """The one Spark session builder. `master` None: from spark-submit, else local[*].
    `partitions` None: SPARK_EXPERIMENTS_SHUFFLE_PARTITIONS, else 8. `local`: LOCAL_CONFIG. `delta`: Delta Lake's extension and catalog, with delta-spark's jars
    (baked into the stack's image; elsewhere fetched once from Maven Central into the ivy
    cache). `parser_policy`: spark.sql.legacy.timeParserPolicy; CORRECTED makes a malformed
    timestamp null, never an exception or a lenient guess; None keeps Spark's default, as a
    user's own session has. `config`: further settings, applied last."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    settings = {**BASE_CONFIG, "spark.sql.shuffle.partitions": partitions or shuffle_partitions("8")}
    if parser_policy:
        settings["spark.sql.legacy.timeParserPolicy"] = parser_policy
    if local:
        settings.update(LOCAL_CONFIG)
    if delta:
        settings.update(DELTA_CONFIG)
    settings.update(config or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    # Inside the stack the jars are baked into the image (no download); elsewhere delta-spark fetches them.
    if delta and not os.environ.get("SPARK_EXPERIMENTS_DELTA_JARS_BAKED"):
        from delta import configure_spark_with_delta_pip

        builder = configure_spark_with_delta_pip(builder)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(log_level)
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
    breaks = {
        "corrupt_record": F.col("_corrupt_record").isNotNull(),
        "missing_field": missing,
        "null_value": nulls,
        "invalid_enum": ~F.col("event_type").isin(*EVENT_TYPES),
        "malformed_timestamp": F.col("ts").isNull(),
        "boundary_violation": (F.col("ts") < F.col("interval_start")) | (F.col("ts") >= F.col("interval_end")),
        # Needs the company dimension: rows that carry `company_inactive` (true when stamped while
        # their company was inactive) are checked; without it no row breaks the rule, as for
        # every preset without `lifecycle`.
        "after_deactivation": F.col("company_inactive") if "company_inactive" in rows.columns else F.lit(False),
    }
    # In the shared order; duplicate (last) needs the other rows, so the callers apply it.
    order = [rule for rule in QUARANTINE_RULES if rule != "duplicate"]
    if sorted(order) != sorted(breaks):
        raise RuntimeError(f"defect_kinds.json lists the rules {order}; this file checks {sorted(breaks)}")
    reason = None
    for rule in order:
        reason = F.when(breaks[rule], rule) if reason is None else reason.when(breaks[rule], rule)
    return rows.withColumn("reason", reason)
