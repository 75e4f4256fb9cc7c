"""The medallion transforms on small in-memory frames: each rule of bronze, silver and gold,
one line at a time, without files or streams."""

from __future__ import annotations

import importlib
import json
import sys
from datetime import datetime
from pathlib import Path

JOBS = Path(__file__).resolve().parents[1] / "spark" / "jobs"
sys.path.insert(0, str(JOBS))
bronze = importlib.import_module("bronze")
silver = importlib.import_module("silver")
gold = importlib.import_module("gold")

BATCH = "20240101T120000Z"
PATH = f"file:/data/raw/events/{BATCH}/events.jsonl"


def event(event_id: str, **changes) -> str:
    record = {
        "event_id": event_id,
        "driver_id": "DRV-c1-001",
        "company_id": "c1",
        "truck_id": "TRK-42-0001",
        "event_type": "delivered",
        "timestamp": "2024-01-01T12:05:00.000Z",
    }
    for key, value in changes.items():
        if value is ...:
            del record[key]
        else:
            record[key] = value
    return json.dumps(record, separators=(",", ":"))


def bronze_of(spark, lines: list[str]):
    return bronze.to_bronze(spark.createDataFrame([(line, PATH) for line in lines], ["value", "path"]))


def metas(spark):
    return spark.createDataFrame(
        [(BATCH, datetime(2024, 1, 1, 12, 0), datetime(2024, 1, 1, 12, 15))],
        ["batch_id", "interval_start", "interval_end"],
    )


def test_bronze_keeps_each_line_with_its_fields_batch_and_corrupt_text(spark):
    rows = bronze_of(spark, [event("e1"), "not json"]).orderBy("raw").collect()
    assert [r["batch_id"] for r in rows] == [BATCH, BATCH]
    parsed, corrupt = (rows[0], rows[1]) if rows[0]["_corrupt_record"] is None else (rows[1], rows[0])
    assert parsed["event_id"] == "e1" and parsed["event_type"] == "delivered" and parsed["raw"] == event("e1")
    assert corrupt["_corrupt_record"] == "not json" and corrupt["event_id"] is None


def test_silver_rejects_each_defect_by_name_and_keeps_the_first_copy(spark):
    lines = {
        "valid": event("e1"),
        "duplicate": event("e1"),
        "missing_field": event("e2", driver_id=...),
        "null_value": event("e3", truck_id=None),
        "invalid_enum": event("e4", event_type="flying"),
        "malformed_timestamp": event("e5", timestamp="2024-13-01T00:00:00Z"),
        "boundary_violation": event("e6", timestamp="2024-01-01T12:15:00.000Z"),
        "corrupt_record": "{not json",
    }
    events, quarantine = silver.classify(bronze_of(spark, list(lines.values())), metas(spark))
    assert [r["event_id"] for r in events.collect()] == ["e1"]
    reasons = sorted((r["reason"], r["raw"]) for r in quarantine.collect())
    assert reasons == sorted((reason, line) for reason, line in lines.items() if reason != "valid")


def test_gold_counts_events_by_type_and_active_drivers_per_company_and_interval(spark):
    lines = [
        event("e1", event_type="start driving"),
        event("e2", event_type="delivered"),
        event("e3", event_type="delivered", driver_id="DRV-c1-002"),
        event("e4", company_id="c2", driver_id="DRV-c2-001", event_type="stopped driving"),
    ]
    events, _ = silver.classify(bronze_of(spark, lines), metas(spark))
    rows = {r["company_id"]: r.asDict() for r in gold.aggregate(events).collect()}
    assert set(rows) == {"c1", "c2"}
    c1 = rows["c1"]
    assert (c1["events"], c1["start_driving"], c1["stopped_driving"], c1["delivered"], c1["active_drivers"]) == (3, 1, 0, 2, 2)
    assert (rows["c2"]["events"], rows["c2"]["stopped_driving"], rows["c2"]["active_drivers"]) == (1, 1, 1)
    assert "deliveries" not in c1  # one column per count: `delivered` is the deliveries
