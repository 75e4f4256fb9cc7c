"""The medallion jobs (docker/spark/jobs) on a `quality-injection` dataset, with real Spark."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from common import DEFECT_KINDS


def batch_metas(data: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((data / "raw" / "events").glob("*/batch_meta.json"))]


def defective_lines(data: Path) -> Counter:
    """(batch_id, issue, raw line) of every line the generator listed as defective."""
    found: Counter = Counter()
    for folder in sorted((data / "raw" / "events").iterdir()):
        quality = folder / "_quality.jsonl"
        if not quality.exists():
            continue
        lines = (folder / "events.jsonl").read_text().split("\n")
        for entry in map(json.loads, quality.read_text().splitlines()):
            found[(folder.name, entry["issue"], lines[entry["line"] - 1])] += 1
    return found


def test_bronze_keeps_every_line_once(spark, dataset_dir, lake):
    metas = batch_metas(dataset_dir)
    rows = spark.read.parquet(str(lake / "bronze"))
    assert rows.count() == sum(m["record_count"] for m in metas)
    per_batch = {r["batch_id"]: r["count"] for r in rows.groupBy("batch_id").count().collect()}
    assert per_batch == {m["batch_id"]: m["record_count"] for m in metas}
    assert rows.filter("_corrupt_record IS NOT NULL").count() == 0  # the generator writes JSON objects only


def test_bronze_ran_one_generator_batch_per_micro_batch(dataset_dir, lake):
    summary = json.loads((lake / "bronze-summary.json").read_text())
    assert summary["micro_batches"] == len(batch_metas(dataset_dir))
    assert summary["rows"] == sum(m["record_count"] for m in batch_metas(dataset_dir))


def test_silver_holds_each_valid_event_once(spark, dataset_dir, lake):
    metas = batch_metas(dataset_dir)
    events = spark.read.parquet(str(lake / "silver"))
    assert events.select("event_id").distinct().count() == sum(m["event_count"] for m in metas)
    assert events.count() == events.select("event_id").distinct().count()
    assert events.filter("timestamp IS NULL OR timestamp < interval_start OR timestamp >= interval_end").count() == 0


def test_quarantine_holds_exactly_the_defective_lines_by_kind(spark, dataset_dir, lake):
    expected = defective_lines(dataset_dir)
    rows = spark.read.parquet(str(lake / "quarantine")).select("batch_id", "reason", "raw").collect()
    got = Counter((r["batch_id"], r["reason"], r["raw"]) for r in rows)
    assert got == expected
    kinds = Counter(kind for (_, kind, _) in expected.elements())
    # Every kind the generator injects (shared/defect-kinds.ts, through common.py).
    assert set(kinds) == set(DEFECT_KINDS)


def test_gold_totals_agree_with_silver(spark, lake):
    from pyspark.sql import functions as F

    events = spark.read.parquet(str(lake / "silver"))
    totals = spark.read.parquet(str(lake / "gold")).agg(
        F.sum("events").alias("events"),
        F.sum("start_driving").alias("start"),
        F.sum("stopped_driving").alias("stopped"),
        F.sum("delivered").alias("delivered"),
    ).first()
    by_type = {r["event_type"]: r["count"] for r in events.groupBy("event_type").count().collect()}
    assert totals["events"] == events.count()
    assert (totals["start"], totals["stopped"], totals["delivered"]) == (by_type["start driving"], by_type["stopped driving"], by_type["delivered"])
    active = events.groupBy("company_id", "batch_id").agg(F.countDistinct("driver_id").alias("n"))
    gold_active = spark.read.parquet(str(lake / "gold")).select("company_id", "batch_id", F.col("active_drivers").alias("n"))
    assert active.exceptAll(gold_active).count() == 0 and gold_active.exceptAll(active).count() == 0
