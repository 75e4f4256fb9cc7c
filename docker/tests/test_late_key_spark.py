"""The answer key of late-data against real Spark: the rows a watermark drops (the key's
watermark_drops.csv) equal what a Structured Streaming windowed aggregation with that watermark
leaves out, one micro-batch per generator batch; and the checker reads students' Spark tables
of arrivals and watermark drops, passing a right one and naming a typical mistake."""

from __future__ import annotations

import csv
import importlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "exercises" / "checker"))
checker = importlib.import_module("check")

STEP = 10  # late-data: a driver batch every 10 seconds


@pytest.fixture(scope="module")
def late_key(npm, tmp_path_factory):
    data = tmp_path_factory.mktemp("late-data")
    made = npm("generate", "--", "--preset", "late-data", "--from", "2024-01-01T00:00:00Z", "--to", "2024-01-01T00:06:00Z", "--data-dir", str(data), timeout=300)
    assert made.returncode == 0, made.stderr
    out = tmp_path_factory.mktemp("late-data-key")
    key = npm("answers", "--", "--data-dir", str(data), "--out", str(out), timeout=300)
    assert key.returncode == 0, key.stderr
    read = lambda name: list(csv.DictReader((out / name).open(newline="")))  # noqa: E731
    return {"dir": out, "events": read("events.csv"), "drops": read("watermark_drops.csv"), "arrivals": read("late_arrivals.csv")}


def streamed_drops(spark, batches: list[list[dict]], delays: list[int], folder: Path) -> dict[int, int]:
    """Valid rows left out of window(timestamp, STEP s) counts by withWatermark(delay), one
    micro-batch per batch: total rows minus the rows in the last update of each window."""
    from pyspark.sql import functions as F

    # Spark's defaults: after a batch, a micro-batch without data moves the watermark on (with
    # spark.sql.streaming.noDataMicroBatches.enabled false, it lags one batch more and drops less).
    queries = {}
    for d in delays:
        source = folder / f"in-{d}"
        source.mkdir()
        queries[d] = (
            spark.readStream.schema("event_id STRING, timestamp TIMESTAMP").json(str(source))
            .withWatermark("timestamp", f"{d} seconds")
            .groupBy(F.window("timestamp", f"{STEP} seconds")).count()
            .writeStream.outputMode("update").format("memory").queryName(f"late_key_{d}").start()
        )
    try:
        for i, rows in enumerate(batches):
            for d, q in queries.items():
                temp = folder / f"in-{d}" / f".{i:05d}.json"
                temp.write_text("".join(json.dumps({"event_id": r["event_id"], "timestamp": r["timestamp"]}) + "\n" for r in rows))
                temp.rename(folder / f"in-{d}" / f"{i:05d}.json")
                q.processAllAvailable()
    finally:
        for q in queries.values():
            q.stop()
    total = sum(len(b) for b in batches)
    kept = {d: spark.sql(f"SELECT window.start AS s, max(count) AS n FROM late_key_{d} GROUP BY window.start").agg(F.sum("n")).first()[0] or 0 for d in delays}
    return {d: total - kept[d] for d in delays}


def test_watermark_drops_are_what_spark_streaming_drops(spark, late_key, tmp_path):
    by_batch = defaultdict(list)
    for e in late_key["events"]:
        by_batch[e["batch_id"]].append(e)
    batches = [by_batch[b] for b in sorted(by_batch)]
    key = {int(float(w["delay_seconds"])): int(w["rows_dropped"]) for w in late_key["drops"]}
    assert sorted(key) == [0, 10, 20, 30, 40]
    assert key[0] > key[10] > 0 and key[30] == 0
    delays = [0, 10]
    assert streamed_drops(spark, batches, delays, tmp_path) == {d: key[d] for d in delays}


def students_silver(spark, late_key):
    return spark.createDataFrame([(e["batch_id"], e["event_id"], e["timestamp"]) for e in late_key["events"]], "batch_id STRING, event_id STRING, ts STRING").selectExpr(
        "batch_id", "event_id", "to_timestamp(ts) AS timestamp", "to_timestamp(batch_id, \"yyyyMMdd'T'HHmmss'Z'\") AS batch_start")


def test_the_checker_reads_arrivals_and_watermark_tables(spark, late_key, tmp_path):
    from pyspark.sql import functions as F

    silver = students_silver(spark, late_key)
    arrivals = (silver.withColumn("interval_start", F.window("timestamp", f"{STEP} seconds").start)
                .withColumn("intervals_late", ((F.unix_timestamp("batch_start") - F.unix_timestamp("interval_start")) / STEP).cast("int"))
                .groupBy("interval_start", "intervals_late").agg(F.count("*").alias("events")))
    arrivals.write.parquet(str(tmp_path / "arrivals"))
    card = checker.check(spark, "x-arrivals", "arrivals", tmp_path / "arrivals", late_key["dir"])
    assert card["passed"], json.dumps(card, indent=1)
    # Counted in the batch that delivered them.
    by_batch = silver.groupBy(F.col("batch_start").alias("interval_start")).agg(F.count("*").alias("events")).withColumn("intervals_late", F.lit(0))
    by_batch.write.parquet(str(tmp_path / "by-batch"))
    card = checker.check(spark, "x-arrivals", "arrivals", tmp_path / "by-batch", late_key["dir"])
    messages = {c["name"]: c["message"] for c in card["checks"] if not c["passed"]}
    assert "counted in the batch that delivered it" in messages["per interval and lateness"]
    assert messages["late rows in all"].startswith("late arrivals are valid data")

    drops = {int(float(w["delay_seconds"])): int(w["rows_dropped"]) for w in late_key["drops"]}
    right = spark.createDataFrame([(d, n) for d, n in drops.items()], "delay_seconds INT, rows_dropped LONG")
    right.write.parquet(str(tmp_path / "drops"))
    card = checker.check(spark, "x-watermark", "watermark", tmp_path / "drops", late_key["dir"])
    assert card["passed"], json.dumps(card, indent=1)
    tight = spark.createDataFrame([("10 seconds", drops[0])], "delay_seconds STRING, rows_dropped LONG")
    tight.write.parquet(str(tmp_path / "tight"))
    card = checker.check(spark, "x-watermark", "watermark", tmp_path / "tight", late_key["dir"])
    messages = {c["name"]: c["message"] for c in card["checks"] if not c["passed"]}
    assert messages["rows dropped per delay"].startswith(f"watermark too tight at 10 s: you dropped {drops[0]} rows, the key drops {drops[10]}")


def test_gold_and_quarantine_name_late_arrivals(spark, late_key, tmp_path):
    from pyspark.sql import functions as F

    key_dir = late_key["dir"]
    events = spark.read.option("header", True).option("escape", '"').csv(str(key_dir / "events.csv"))
    # Gold by the batch that delivered each row, not by the interval of its timestamp.
    by_batch = (events.withColumn("interval_start", F.to_timestamp("batch_id", "yyyyMMdd'T'HHmmss'Z'"))
                .groupBy("company_id", "interval_start")
                .agg(F.count("*").alias("events"), *[F.sum((F.col("event_type") == t).cast("int")).alias(t.replace(" ", "_")) for t in ["start driving", "stopped driving", "delivered"]],
                     F.countDistinct("driver_id").alias("active_drivers")))
    by_batch.write.parquet(str(tmp_path / "gold"))
    card = checker.check(spark, "x-gold", "gold", tmp_path / "gold", key_dir)
    failed = {c["name"]: c["message"] for c in card["checks"] if not c["passed"]}
    assert "late arrivals counted in the batch that delivered them" in failed["events per company and interval"]
    # Late arrivals quarantined as boundary violations.
    defects = spark.read.option("header", True).option("escape", '"').csv(str(key_dir / "defects.csv")).select("batch_id", F.col("issue").alias("reason"), "raw")
    late = (events.filter(F.to_timestamp("timestamp") < F.to_timestamp("batch_id", "yyyyMMdd'T'HHmmss'Z'"))
            .select("batch_id", F.lit("boundary_violation").alias("reason"), "raw"))
    assert late.count() > 0
    defects.unionByName(late).write.parquet(str(tmp_path / "quarantine"))
    card = checker.check(spark, "x-quarantine", "quarantine", tmp_path / "quarantine", key_dir)
    failed = {c["name"]: c["message"] for c in card["checks"] if not c["passed"]}
    assert f"{late.count()} of them are late arrivals" in failed["no valid line quarantined"]
