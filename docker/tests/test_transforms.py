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


def late_metas(spark, lateness: int):
    return metas(spark).selectExpr("*", f"{lateness} AS max_lateness_seconds")


def test_the_boundary_rule_keeps_late_arrivals_within_the_lateness(spark):
    """THE RULE: for [s, e) and lateness M, ts >= e or ts < s - M is a boundary_violation;
    s - M <= ts < s is a late arrival (valid)."""
    lines = {
        "late by 30 min": event("e1", timestamp="2024-01-01T11:30:00.000Z"),
        "just within": event("e2", timestamp="2024-01-01T11:15:00.000Z"),
        "too early": event("e3", timestamp="2024-01-01T11:14:59.999Z"),
        "at the end": event("e4", timestamp="2024-01-01T12:15:00.000Z"),
    }
    events, quarantine = silver.classify(bronze_of(spark, list(lines.values())), late_metas(spark, 45 * 60))
    assert sorted(r["event_id"] for r in events.collect()) == ["e1", "e2"]
    assert sorted((r["event_id"], r["reason"]) for r in quarantine.collect()) == [("e3", "boundary_violation"), ("e4", "boundary_violation")]
    # Without a lateness (every preset without late_arrivals), the interval alone.
    _, strict = silver.classify(bronze_of(spark, list(lines.values())), metas(spark))
    assert sorted(r["event_id"] for r in strict.collect()) == ["e1", "e2", "e3", "e4"]


def test_events_stamped_while_the_company_was_inactive_are_after_deactivation(spark, tmp_path):
    common = importlib.import_module("common")
    companies = tmp_path / "raw" / "companies.jsonl"
    companies.parent.mkdir(parents=True)
    change = lambda company, change, at, active: json.dumps(  # noqa: E731
        {"company_id": company, "geography": "US", "active": active, "created_at": "2024-01-01T00:00:00.000Z", "change": change, "effective_at": at}
    )
    companies.write_text(
        "\n".join(
            [
                change("c1", "onboarded", "2024-01-01T00:00:00.000Z", True),
                change("c2", "onboarded", "2024-01-01T00:00:00.000Z", True),
                change("c1", "deactivated", "2024-01-01T12:05:00.000Z", False),
                change("c1", "reactivated", "2024-01-01T12:10:00.000Z", True),
                change("c2", "deactivated", "2024-01-01T12:07:00.000Z", False),
                # A defective onboarding record (the companies stream's defects): no change.
                change("c2", None, "2024-01-01T12:08:00.000Z", True),
            ]
        )
        + "\n"
        + '{"company_id": "c3", "change": "deactivated"'  # a torn last line: not read yet
    )
    spans = common.CompanySpans(str(tmp_path))
    assert sorted(spans.spans()) == [("c1", "2024-01-01T12:05:00.000Z", "2024-01-01T12:10:00.000Z"), ("c2", "2024-01-01T12:07:00.000Z", None)]
    lines = {
        "before": event("e1", timestamp="2024-01-01T12:04:59.999Z"),
        "inside": event("e2", timestamp="2024-01-01T12:05:00.000Z"),
        "reactivated": event("e3", timestamp="2024-01-01T12:10:00.000Z"),
        "c2 after": event("e4", company_id="c2", timestamp="2024-01-01T12:14:00.000Z"),
        "c2 invalid first": event("e5", company_id="c2", event_type="flying", timestamp="2024-01-01T12:14:00.000Z"),
    }
    events, quarantine = silver.classify(bronze_of(spark, list(lines.values())), metas(spark), spans.spans())
    assert sorted(r["event_id"] for r in events.collect()) == ["e1", "e3"]
    assert sorted((r["event_id"], r["reason"]) for r in quarantine.collect()) == [
        ("e2", "after_deactivation"),
        ("e4", "after_deactivation"),
        ("e5", "invalid_enum"),  # the rules' order: the first a row breaks
    ]
    # The stream grows: the torn line completed, c3's span is read with it.
    with companies.open("a") as f:
        f.write(', "active": false, "effective_at": "2024-01-01T13:00:00.000Z"}\n')
    assert ("c3", "2024-01-01T13:00:00.000Z", None) in spans.spans()


def test_gold_counts_a_late_arrival_in_its_true_interval(spark):
    lines = [event("e1"), event("e2", timestamp="2024-01-01T11:50:00.000Z", event_type="start driving")]
    events, _ = silver.classify(bronze_of(spark, lines), late_metas(spark, 15 * 60))
    rows = sorted((r["batch_id"], r["interval_start"], r["interval_end"], r["events"], r["start_driving"]) for r in gold.aggregate(events).collect())
    assert rows == [
        ("20240101T114500Z", datetime(2024, 1, 1, 11, 45), datetime(2024, 1, 1, 12, 0), 1, 1),
        (BATCH, datetime(2024, 1, 1, 12, 0), datetime(2024, 1, 1, 12, 15), 1, 0),
    ]
