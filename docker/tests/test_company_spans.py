"""common.CompanySpans without Spark: change records are announced ahead (a company batch appends
the changes of the next company interval, so a record's effective_at may lie after its batch and
after "now"), and a live reader that reads the stream before each driver batch knows the span
of every event that batch holds."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

JOBS = Path(__file__).resolve().parents[1] / "spark" / "jobs"
sys.path.insert(0, str(JOBS))
common = importlib.import_module("common")


def record(company: str, change: str, at: str, active: bool) -> str:
    return json.dumps(
        {"company_id": company, "geography": "EU", "active": active, "created_at": "2024-01-01T00:10:03.112Z", "change": change, "effective_at": at}
    )


def inactive(spans, company: str, at: str) -> bool:
    """with_inactive's rule: from <= timestamp < to (to None: open)."""
    return any(c == company and start <= at and (end is None or at < end) for c, start, end in spans)


def test_an_announced_deactivation_starts_at_its_effective_at_not_when_it_is_read(tmp_path):
    path = tmp_path / "raw" / "companies.jsonl"
    path.parent.mkdir(parents=True)
    reader = common.CompanySpans(str(tmp_path))
    # The company batch [11:00, 12:00), committed at 12:00, announces 12:00-13:00's changes.
    path.write_text(
        record("A", "onboarded", "2024-01-01T00:10:03.112Z", True) + "\n"
        + record("A", "deactivated", "2024-01-01T12:20:00.000Z", False) + "\n"
        + record("B", "onboarded", "2024-01-01T00:10:03.112Z", True) + "\n"
        + record("B", "deactivated", "2024-01-01T12:40:00.000Z", False) + "\n"
    )
    spans = reader.spans()
    assert sorted(spans) == [("A", "2024-01-01T12:20:00.000Z", None), ("B", "2024-01-01T12:40:00.000Z", None)]
    # The driver batch [12:00, 12:15): A is still active; [12:15, 12:30): inactive from 12:20.
    assert not inactive(spans, "A", "2024-01-01T12:10:00.000Z")
    assert not inactive(spans, "A", "2024-01-01T12:19:59.999Z")
    assert inactive(spans, "A", "2024-01-01T12:20:00.000Z")
    assert not inactive(spans, "B", "2024-01-01T12:39:59.999Z")
    assert inactive(spans, "B", "2024-01-01T12:40:00.000Z")


def test_an_announced_reactivation_closes_the_span_before_the_events_after_it_arrive(tmp_path):
    path = tmp_path / "raw" / "companies.jsonl"
    path.parent.mkdir(parents=True)
    reader = common.CompanySpans(str(tmp_path))
    path.write_text(record("A", "deactivated", "2024-01-01T12:20:00.000Z", False) + "\n")
    assert inactive(reader.spans(), "A", "2024-01-01T13:05:00.000Z")
    # The batch [12:00, 13:00), committed at 13:00, announces the comeback at 13:07 and a
    # second deactivation at 13:50, both after "now"; the reader sees them before 13:00-13:15.
    with path.open("a") as f:
        f.write(record("A", "reactivated", "2024-01-01T13:07:00.000Z", True) + "\n")
        f.write(record("A", "deactivated", "2024-01-01T13:50:00.000Z", False) + "\n")
    spans = reader.spans()
    assert sorted(spans) == [("A", "2024-01-01T12:20:00.000Z", "2024-01-01T13:07:00.000Z"), ("A", "2024-01-01T13:50:00.000Z", None)]
    assert inactive(spans, "A", "2024-01-01T13:06:59.999Z")
    assert not inactive(spans, "A", "2024-01-01T13:07:00.000Z")
    assert not inactive(spans, "A", "2024-01-01T13:49:59.999Z")
    assert inactive(spans, "A", "2024-01-01T13:50:00.000Z")


def test_the_order_of_the_records_in_the_file_does_not_matter(tmp_path):
    path = tmp_path / "raw" / "companies.jsonl"
    path.parent.mkdir(parents=True)
    lines = [
        record("A", "deactivated", "2024-01-01T12:20:00.000Z", False),
        record("A", "reactivated", "2024-01-01T13:07:00.000Z", True),
        record("A", "deactivated", "2024-01-01T13:50:00.000Z", False),
    ]
    path.write_text("\n".join(reversed(lines)) + "\n")
    assert sorted(common.CompanySpans(str(tmp_path)).spans()) == [
        ("A", "2024-01-01T12:20:00.000Z", "2024-01-01T13:07:00.000Z"),
        ("A", "2024-01-01T13:50:00.000Z", None),
    ]
