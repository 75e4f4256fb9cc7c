"""The answer key (`npm run answers`, computed by the generator) against the real-Spark
silver, quarantine and gold of the medallion jobs over the same dataset: equal, row for row."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import datetime, timezone

import pytest


@pytest.fixture(scope="module")
def answers(npm, dataset_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("answers")
    result = npm("answers", "--", "--data-dir", str(dataset_dir), "--out", str(out), timeout=300)
    assert result.returncode == 0, result.stderr
    read = lambda name: list(csv.DictReader((out / name).open(newline="")))  # noqa: E731
    return {"events": read("events.csv"), "defects": read("defects.csv"), "gold": read("gold.csv")}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_silver_is_the_keys_valid_events(spark, lake, answers):
    fields = ["event_id", "driver_id", "company_id", "truck_id", "event_type", "batch_id"]
    silver = {
        (*(r[f] for f in fields), r["timestamp"].replace(tzinfo=timezone.utc))
        for r in spark.read.parquet(str(lake / "silver")).collect()
    }
    key = {(*(e[f] for f in fields), utc(e["timestamp"])) for e in answers["events"]}
    assert len(key) == len(answers["events"])  # one line per valid event
    assert silver == key


def test_quarantine_is_the_keys_defects_by_kind(spark, lake, answers):
    rows = spark.read.parquet(str(lake / "quarantine")).select("batch_id", "reason", "raw").collect()
    got = Counter((r["batch_id"], r["reason"], r["raw"]) for r in rows)
    key = Counter((d["batch_id"], d["issue"], d["raw"]) for d in answers["defects"])
    assert got == key
    assert len({kind for (_, kind, _) in key}) == 6


def test_gold_is_the_keys_gold(spark, lake, answers):
    measures = ["events", "start_driving", "stopped_driving", "delivered", "active_drivers"]
    gold = Counter(
        (r["company_id"], r["batch_id"], r["interval_start"].replace(tzinfo=timezone.utc), *(int(r[m]) for m in measures))
        for r in spark.read.parquet(str(lake / "gold")).collect()
    )
    key = Counter((g["company_id"], g["batch_id"], utc(g["interval_start"]), *(int(g[m]) for m in measures)) for g in answers["gold"])
    assert gold == key
