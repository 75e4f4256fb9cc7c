"""The answer key of the `world` preset against real Spark, through the checker: students'
tables computed with Spark (regional gold by local day with Spark's own time zones, the events
of inactive companies from the raw lines and the dimension's spans, the SCD2 dimension) pass
their checks, and the typical mistakes fail with messages that name them: the UTC day used
instead of the local one, a 23- or 25-hour day miscounted, reactivation ignored."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "exercises" / "checker"))
checker = importlib.import_module("check")

ZONES = {"US": "America/Chicago", "EU": "Europe/Berlin", "SA": "America/Sao_Paulo", "AUS": "Australia/Sydney"}


@pytest.fixture(scope="module")
def world(npm, tmp_path_factory):
    data = tmp_path_factory.mktemp("world")
    made = npm("generate", "--", "--preset", "world", "--from", "2024-03-10T04:00:00Z", "--to", "2024-03-11T06:00:00Z", "--data-dir", str(data), timeout=300)
    assert made.returncode == 0, made.stderr
    out = tmp_path_factory.mktemp("world-key")
    key = npm("answers", "--", "--data-dir", str(data), "--out", str(out), timeout=300)
    assert key.returncode == 0, key.stderr
    return {"data": data, "key": out}


def scorecard(spark, frame, checker_name: str, world, path: Path) -> dict:
    frame.write.mode("overwrite").parquet(str(path))
    return checker.check(spark, f"x-{checker_name}", checker_name, path, world["key"])


def messages(card: dict) -> dict[str, str]:
    return {c["name"]: c["message"] for c in card["checks"] if not c["passed"]}


def dimension(spark, world):
    return spark.read.option("header", True).csv(str(world["key"] / "company_dimension.csv")).selectExpr(
        "company_id", "geography", "active = 'true' AS active", "to_timestamp(valid_from) AS valid_from",
        "to_timestamp(valid_to) AS valid_to", "is_current = 'true' AS is_current")


def silver(spark, world):
    return spark.read.option("header", True).option("multiLine", True).option("escape", '"').csv(str(world["key"] / "events.csv")).selectExpr(
        "event_id", "driver_id", "company_id", "event_type", "to_timestamp(timestamp) AS timestamp")


def test_regional_gold_by_local_day_with_spark(spark, world, tmp_path):
    from pyspark.sql import functions as F

    zones = spark.createDataFrame(list(ZONES.items()), "region STRING, time_zone STRING")
    regions = dimension(spark, world).select("company_id", F.col("geography").alias("region")).distinct()
    rows = silver(spark, world).join(regions, "company_id").join(zones, "region")
    local = rows.withColumn("local_date", F.to_date(F.from_utc_timestamp("timestamp", F.col("time_zone"))))
    day = F.to_utc_timestamp(F.col("local_date").cast("timestamp"), F.col("time_zone"))
    following = F.to_utc_timestamp(F.date_add("local_date", 1).cast("timestamp"), F.col("time_zone"))
    measures = [F.count("*").alias("events"), F.sum((F.col("event_type") == "delivered").cast("int")).alias("delivered"),
                F.countDistinct("driver_id").alias("active_drivers")]
    gold = (local.withColumn("hours_in_day", (F.unix_timestamp(following) - F.unix_timestamp(day)) / 3600)
            .groupBy("region", "local_date", "hours_in_day").agg(*measures))
    card = scorecard(spark, gold, "regional", world, tmp_path / "regional")
    assert card["passed"], json.dumps(messages(card), indent=1)
    assert gold.filter("region = 'US' AND local_date = '2024-03-10'").first()["hours_in_day"] == 23
    # The UTC date instead of the local one.
    utc = rows.withColumn("local_date", F.to_date("timestamp")).groupBy("region", "local_date").agg(*measures)
    card = scorecard(spark, utc, "regional", world, tmp_path / "utc")
    assert messages(card)["days are local days, not UTC days"].startswith("the UTC day used instead of the local one")
    # Every day taken for 24 hours.
    flat = gold.withColumn("hours_in_day", F.lit(24.0))
    card = scorecard(spark, flat, "regional", world, tmp_path / "flat")
    assert messages(card)["hours_in_day: 23 or 25 on a daylight-saving change"].startswith(
        "a 23- or 25-hour day miscounted: 2024-03-10 in America/Chicago lasts 23 hours")


def inactive_events(spark, world, dim):
    """Events of the raw lines that are well-formed, inside their batch's interval and stamped
    in an inactive version of their company."""
    from pyspark.sql import functions as F

    lines = (spark.read.text(str(world["data"] / "raw" / "events" / "*" / "events.jsonl"))
             .withColumn("batch_id", F.regexp_extract(F.input_file_name(), r"events/([0-9TZ]+)/events", 1))
             .select("batch_id", F.from_json("value", "event_id STRING, company_id STRING, timestamp STRING").alias("r")))
    events = (lines.select("batch_id", "r.event_id", "r.company_id", F.to_timestamp("r.timestamp", "yyyy-MM-dd'T'HH:mm:ss.SSSX").alias("ts"))
              .withColumn("start", F.to_timestamp("batch_id", "yyyyMMdd'T'HHmmss'Z'"))
              .filter("event_id IS NOT NULL AND company_id IS NOT NULL AND ts >= start AND ts < start + INTERVAL 15 MINUTES"))
    off = dim.filter("NOT active").select("company_id", "valid_from", "valid_to")
    return events.join(off, "company_id").filter("ts >= valid_from AND (valid_to IS NULL OR ts < valid_to)").select("event_id", "batch_id", "company_id")


def test_events_of_inactive_companies_with_spark(spark, world, tmp_path):
    from pyspark.sql import functions as F

    dim = dimension(spark, world)
    found = inactive_events(spark, world, dim)
    card = scorecard(spark, found, "inactive", world, tmp_path / "inactive")
    assert card["passed"], json.dumps(messages(card), indent=1)
    assert found.count() > 10
    # Inactive for good from the first deactivation: the reactivations ignored.
    first_off = dim.filter("NOT active").groupBy("company_id").agg(F.min("valid_from").alias("valid_from"))
    forever = first_off.withColumn("active", F.lit(False)).withColumn("valid_to", F.lit(None).cast("timestamp"))
    card = scorecard(spark, inactive_events(spark, world, forever), "inactive", world, tmp_path / "forever")
    assert "reactivation ignored" in messages(card)["no event of an active company"]


def test_the_dimension_with_spark(spark, world, tmp_path):
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    dim = dimension(spark, world)
    card = scorecard(spark, dim, "dimension", world, tmp_path / "dimension")
    assert card["passed"], json.dumps(messages(card), indent=1)
    # Reactivations ignored: only the onboarding and deactivation records, chained again.
    first = dim.groupBy("company_id").agg(F.min("valid_from").alias("first"))
    kept = dim.join(first, "company_id").filter("valid_from = first OR NOT active").drop("first")
    by_company = Window.partitionBy("company_id").orderBy("valid_from")
    wrong = kept.withColumn("valid_to", F.lead("valid_from").over(by_company)).withColumn("is_current", F.col("valid_to").isNull())
    card = scorecard(spark, wrong, "dimension", world, tmp_path / "no-comeback")
    assert messages(card)["one row per company version"].startswith("reactivation ignored:")
