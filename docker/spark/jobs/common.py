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
# A driver batch's id is its interval's start: 20240101T001500Z.
BATCH_ID_FORMAT = "yyyyMMdd'T'HHmmss'Z'"


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
    time_zone: str | None = "UTC",
):
    """The one Spark session builder. `master` None: from spark-submit, else local[*].
    `partitions` None: SPARK_EXPERIMENTS_SHUFFLE_PARTITIONS, else 8. `local`: LOCAL_CONFIG. `delta`: Delta Lake's extension and catalog, with delta-spark's jars
    (baked into the stack's image; elsewhere fetched once from Maven Central into the ivy
    cache). `time_zone`: spark.sql.session.timeZone, UTC as the data; None leaves the JVM's
    zone (the machine's), as exercise 2 wants. `parser_policy`: spark.sql.legacy.timeParserPolicy; CORRECTED makes a malformed
    timestamp null, never an exception or a lenient guess; None keeps Spark's default, as a
    user's own session has. `config`: further settings, applied last."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    settings = {**BASE_CONFIG, "spark.sql.shuffle.partitions": partitions or shuffle_partitions("8")}
    if time_zone is None:
        del settings["spark.sql.session.timeZone"]
    else:
        settings["spark.sql.session.timeZone"] = time_zone
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
    """`rows` (bronze columns, a parsed `ts`, interval_start / interval_end, optionally the
    batch's `max_lateness_seconds` and `company_inactive` from with_inactive) with `reason`: the first
    rule each breaks, in the generator's defect names, or null for a valid row. The batch
    silver job and the streaming pipeline share these rules.

    The boundary rule (docs/pipeline.md): for a batch [s, e) whose generator may deliver events
    up to M = max_lateness_seconds late (0 when absent), a timestamp >= e or < s - M is a
    boundary_violation; s - M <= timestamp < s is a late arrival, valid."""
    from pyspark.sql import functions as F

    if "max_lateness_seconds" not in rows.columns:
        rows = rows.withColumn("max_lateness_seconds", F.lit(0))
    if "company_inactive" not in rows.columns:
        rows = rows.withColumn("company_inactive", F.lit(False))
    keys = F.map_keys(F.from_json("raw", "map<string,string>"))
    missing = F.lit(False)
    nulls = F.lit(False)
    for name in EVENT_FIELDS:
        missing = missing | ~F.array_contains(keys, name)
        nulls = nulls | F.col(name).isNull()
    earliest = F.expr("timestampadd(SECOND, -coalesce(max_lateness_seconds, 0), interval_start)")
    breaks = {
        "corrupt_record": F.col("_corrupt_record").isNotNull(),
        "missing_field": missing,
        "null_value": nulls,
        "invalid_enum": ~F.col("event_type").isin(*EVENT_TYPES),
        "malformed_timestamp": F.col("ts").isNull(),
        "boundary_violation": (F.col("ts") < earliest) | (F.col("ts") >= F.col("interval_end")),
        # with_inactive's `company_inactive` (stamped while the company was inactive); without
        # it (set false above) no row breaks the rule, as for every preset without `lifecycle`.
        "after_deactivation": F.coalesce(F.col("company_inactive"), F.lit(False)),
    }
    # In the shared order; duplicate (last) needs the other rows, so the callers apply it.
    order = [rule for rule in QUARANTINE_RULES if rule != "duplicate"]
    if sorted(order) != sorted(breaks):
        raise RuntimeError(f"defect_kinds.json lists the rules {order}; this file checks {sorted(breaks)}")
    reason = None
    for rule in order:
        reason = F.when(breaks[rule], rule) if reason is None else reason.when(breaks[rule], rule)
    return rows.withColumn("reason", reason)


def with_inactive(spark, rows, spans: list[tuple[str, str, str | None]]):
    """`rows` (with a parsed `ts`) with `company_inactive`: its company was inactive at `ts`, inside
    one of `spans` (CompanySpans: company_id, from, to or None, ISO instants). The spans are
    disjoint per company, so a row meets one at most."""
    from pyspark.sql import functions as F

    if not spans:
        return rows.withColumn("company_inactive", F.lit(False))
    lookup = spark.createDataFrame(spans, "_span_company string, _span_from string, _span_to string").select(
        "_span_company",
        F.to_timestamp("_span_from", TIMESTAMP_FORMAT).alias("_span_from"),
        F.to_timestamp("_span_to", TIMESTAMP_FORMAT).alias("_span_to"),
    )
    inside = (
        (F.col("company_id") == F.col("_span_company"))
        & (F.col("ts") >= F.col("_span_from"))
        & (F.col("_span_to").isNull() | (F.col("ts") < F.col("_span_to")))
    )
    return (
        rows.join(F.broadcast(lookup), inside, "left")
        .withColumn("company_inactive", F.col("_span_company").isNotNull())
        .drop("_span_company", "_span_from", "_span_to")
    )


class CompanySpans:
    """Each company's inactive spans, from the change records of the companies stream
    (raw/companies.jsonl lines whose "change" is "deactivated" or "reactivated", with the
    instant it takes effect): a company is inactive from a deactivation's effective_at until
    the next reactivation's. Onboarding records (and the companies stream's defects, which
    only onboarding records carry) change nothing. The file is read incrementally (whole lines
    appended since the last call; from the start again if it shrank), so calling this every
    micro-batch is cheap. Without lifecycle there are no change records and no spans."""

    CHANGES = {"deactivated": False, "reactivated": True}

    def __init__(self, data: str):
        self.path = os.path.join(data, "raw", "companies.jsonl")
        self.offset = 0
        self.changes: dict[str, list[tuple[str, bool]]] = {}

    def _read(self) -> None:
        try:
            size = os.path.getsize(self.path)
        except FileNotFoundError:
            return
        if size < self.offset:
            self.offset, self.changes = 0, {}
        if size == self.offset:
            return
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            chunk = f.read(size - self.offset)
        whole = chunk[: chunk.rfind(b"\n") + 1]
        self.offset += len(whole)
        for line in whole.splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict) or record.get("change") not in self.CHANGES:
                continue
            company, at = record.get("company_id"), record.get("effective_at")
            if isinstance(company, str) and isinstance(at, str):
                self.changes.setdefault(company, []).append((at, self.CHANGES[record["change"]]))

    def spans(self) -> list[tuple[str, str, str | None]]:
        self._read()
        spans: list[tuple[str, str, str | None]] = []
        for company, changes in self.changes.items():
            since = None
            # ISO instants in one format (milliseconds, Z) sort as text.
            for at, active in sorted(changes):
                if not active and since is None:
                    since = at
                elif active and since is not None:
                    spans.append((company, since, at))
                    since = None
            if since is not None:
                spans.append((company, since, None))
        return spans


def by_true_interval(silver):
    """Silver rows with interval_start, interval_end and batch_id of their TRUE interval (the
    one holding the timestamp, floor(timestamp / step) * step on the UTC grid, step = their
    batch's interval length) and `late`: the row arrived in a later batch than its interval's.
    An on-time row's true interval is its batch's, so without late arrivals nothing moves."""
    from pyspark.sql import functions as F

    step = F.expr("unix_seconds(interval_end) - unix_seconds(interval_start)")
    start = F.expr("timestamp_seconds(div(unix_seconds(timestamp), unix_seconds(interval_end) - unix_seconds(interval_start)) * (unix_seconds(interval_end) - unix_seconds(interval_start)))")
    return (
        silver.withColumn("late", F.col("timestamp") < F.col("interval_start"))
        .withColumn("_step", step)
        .withColumn("interval_start", start)
        .withColumn("interval_end", F.expr("timestampadd(SECOND, _step, interval_start)"))
        .withColumn("batch_id", F.date_format("interval_start", BATCH_ID_FORMAT))
        .drop("_step")
    )
