"""The checker's comparisons with the new truths of issue 19 (exercises/checker/checks_world.py,
checks_arrivals.py), pure Python on a hand-made answer key: a right table passes, and each
typical mistake fails with a message that names it. The key's local days are computed here
with zoneinfo, independently of the generator's Intl."""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO_ROOT / "exercises" / "checker"), str(REPO_ROOT / "docker" / "spark" / "jobs")]

from answer_key import AnswerKey, iso_micros  # noqa: E402
from checks_arrivals import compare_arrivals, compare_watermark, delay_seconds, watermark_drops  # noqa: E402
from checks_world import compare_dimension, compare_inactive, compare_regional  # noqa: E402
from scorecard import Scorecard  # noqa: E402

ZONES = {"US": "America/Chicago", "EU": "Europe/Berlin"}
REGION = {"A": "US", "B": "EU", "C": "US"}
TYPES = ["start driving", "stopped driving", "delivered"]

# Company A leaves at 12:00 on 10 March and comes back at 06:00 on 11 March; C leaves for good.
DIMENSION = [
    ("A", True, "2024-03-09T00:00:00.000Z", "2024-03-10T12:00:00.000Z"),
    ("A", False, "2024-03-10T12:00:00.000Z", "2024-03-11T06:00:00.000Z"),
    ("A", True, "2024-03-11T06:00:00.000Z", None),
    ("B", True, "2024-03-09T00:00:00.000Z", None),
    ("C", True, "2024-03-09T00:00:00.000Z", "2024-03-10T18:00:00.000Z"),
    ("C", False, "2024-03-10T18:00:00.000Z", None),
]


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: ("" if r.get(c) is None else str(r[c]).lower() if isinstance(r[c], bool) else r[c]) for c in columns})


def batch_of(ts: str, step_s: int = 900) -> str:
    us = iso_micros(ts)
    start = us // (step_s * 1_000_000) * step_s
    return datetime.fromtimestamp(start, tz=timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def local_day(zone: str, ts: str) -> tuple[str, float]:
    """(local date, hours that day lasts) by zoneinfo."""
    z = ZoneInfo(zone)
    local = datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone(z)
    midnight = datetime(local.year, local.month, local.day, tzinfo=z)
    following = midnight.date() + timedelta(days=1)
    nxt = datetime(following.year, following.month, following.day, tzinfo=z)
    hours = (nxt.astimezone(timezone.utc) - midnight.astimezone(timezone.utc)).total_seconds() / 3600
    return local.date().isoformat(), hours


@pytest.fixture()
def key(tmp_path: Path) -> AnswerKey:
    """A key of valid events around Chicago's 2024 spring-forward night (10 March lasts 23 h)."""
    events = []
    n = 0
    start = datetime(2024, 3, 9, 20, tzinfo=timezone.utc)
    for i in range(0, 60 * 40, 37):  # a row every 37 minutes for 40 hours
        for company in "ABC":
            t = start + timedelta(minutes=i + "ABC".index(company) * 5)
            ts = t.isoformat(timespec="milliseconds").replace("+00:00", "Z")
            us = iso_micros(ts)
            inactive = any(c == company and not active and iso_micros(f) <= us < (iso_micros(e) if e else 1 << 62) for c, active, f, e in DIMENSION)
            if inactive:
                continue
            n += 1
            events.append({"batch_id": batch_of(ts), "line": n, "event_id": f"e{n}", "driver_id": f"{company}-{n % 3}", "company_id": company,
                           "truck_id": "t", "event_type": TYPES[n % 3], "timestamp": ts, "raw": json.dumps({"event_id": f"e{n}", "company_id": company, "timestamp": ts})})
    defects = []
    for j, (company, ts) in enumerate([("A", "2024-03-10T13:05:00.000Z"), ("C", "2024-03-10T19:00:00.000Z"), ("C", "2024-03-11T01:00:00.000Z")]):
        defects.append({"batch_id": batch_of(ts), "line": 1000 + j, "issue": "after_deactivation", "field": "timestamp", "event_id": f"x{j}",
                        "raw": json.dumps({"event_id": f"x{j}", "company_id": company, "timestamp": ts})})
    regional = defaultdict(lambda: {"events": 0, "start_driving": 0, "stopped_driving": 0, "delivered": 0, "drivers": set()})
    for e in events:
        region = REGION[e["company_id"]]
        date, hours = local_day(ZONES[region], e["timestamp"])
        row = regional[(region, date)]
        row.update(region=region, time_zone=ZONES[region], local_date=date, hours_in_day=f"{hours:g}")
        row["events"] += 1
        row[{"start driving": "start_driving", "stopped driving": "stopped_driving", "delivered": "delivered"}[e["event_type"]]] += 1
        row["drivers"].add(e["driver_id"])
    for row in regional.values():
        row["active_drivers"] = len(row.pop("drivers"))
    write_csv(tmp_path / "events.csv", list(events[0]), events)
    write_csv(tmp_path / "defects.csv", list(defects[0]), defects)
    write_csv(tmp_path / "gold.csv", ["company_id", "batch_id", "interval_start", "interval_end"], [])
    write_csv(tmp_path / "company_dimension.csv", ["company_id", "geography", "active", "valid_from", "valid_to", "is_current"],
              [{"company_id": c, "geography": REGION[c], "active": a, "valid_from": f, "valid_to": e, "is_current": e is None} for c, a, f, e in DIMENSION])
    write_csv(tmp_path / "regional_gold.csv", ["region", "time_zone", "local_date", "hours_in_day", "events", "start_driving", "stopped_driving", "delivered", "active_drivers"],
              sorted(regional.values(), key=lambda r: (r["region"], r["local_date"])))
    # Late arrivals: batch 00:00 [00:01:40, 00:13:20]; 00:15 [00:16:40, 00:08:20 late by 1];
    # 00:30 [00:03:20 late by 2, 00:16:00 late by 1]. At delay 0 only 00:03:20's window (end
    # 00:15) is behind the watermark (00:16:40).
    write_csv(tmp_path / "late_arrivals.csv", ["true_batch_id", "intervals_late", "events"], [
        {"true_batch_id": "20240101T000000Z", "intervals_late": 0, "events": 2},
        {"true_batch_id": "20240101T000000Z", "intervals_late": 1, "events": 1},
        {"true_batch_id": "20240101T000000Z", "intervals_late": 2, "events": 1},
        {"true_batch_id": "20240101T001500Z", "intervals_late": 0, "events": 1},
        {"true_batch_id": "20240101T001500Z", "intervals_late": 1, "events": 1},
    ])
    write_csv(tmp_path / "watermark_drops.csv", ["delay_seconds", "rows_dropped"],
              [{"delay_seconds": 0, "rows_dropped": 1}, {"delay_seconds": 900, "rows_dropped": 0}, {"delay_seconds": 1800, "rows_dropped": 0}])
    summary = {"defects": {"after_deactivation": len(defects)}, "late_arrivals": {"max_lateness_seconds": 1800}, "watermark": {"interval_seconds": 900}}
    (tmp_path / "summary.json").write_text(json.dumps(summary))
    return AnswerKey(tmp_path)


def card() -> Scorecard:
    return Scorecard("test", Path("table"), "parquet")


def failed(c: Scorecard) -> dict[str, str]:
    return {x["name"]: x["message"] for x in c.checks if not x["passed"]}


def dimension_rows(key: AnswerKey) -> list[dict]:
    return [{"company_id": d["company_id"], "active": d["active"] == "true", "from_us": iso_micros(d["valid_from"]),
             "to_us": iso_micros(d["valid_to"]) if d["valid_to"] else None, "is_current": d["is_current"] == "true", "geography": d["geography"]}
            for d in key.company_dimension]


def test_the_dimension_passes_as_the_key_has_it(key):
    c = card()
    compare_dimension(dimension_rows(key), key, c)
    assert c.checks and not failed(c)
    # A far-future valid_to is an open end too.
    rows = [dict(r, to_us=iso_micros("9999-12-31T00:00:00Z") if r["to_us"] is None else r["to_us"]) for r in dimension_rows(key)]
    c = card()
    compare_dimension(rows, key, c)
    assert not failed(c)


def test_a_dimension_that_ignores_reactivation_says_so(key):
    rows = [r for r in dimension_rows(key) if not (r["company_id"] == "A" and r["active"] and r["from_us"] == iso_micros("2024-03-11T06:00:00.000Z"))]
    for r in rows:
        if r["company_id"] == "A" and not r["active"]:
            r.update(to_us=None, is_current=True)
    c = card()
    compare_dimension(rows, key, c)
    assert failed(c)["one row per company version"].startswith("reactivation ignored: 1 companies come back")


def test_one_row_per_company_and_inclusive_valid_to_are_named(key):
    rows = dimension_rows(key)
    latest = {}
    for r in rows:
        latest[r["company_id"]] = r
    c = card()
    compare_dimension(list(latest.values()), key, c)
    assert failed(c)["one row per company version"].startswith("one row per company: an SCD2 dimension keeps every version")
    c = card()
    compare_dimension([dict(r, to_us=r["to_us"] - 1000 if r["to_us"] else None) for r in rows], key, c)
    assert "valid_to is exclusive" in failed(c)["valid_to: the next version's valid_from"]


def test_events_of_inactive_companies(key):
    truth = [d["event_id"] for d in key.defects]
    c = card()
    compare_inactive(truth, key, c)
    assert not failed(c)
    after_comeback = next(e["event_id"] for e in key.events if e["company_id"] == "A" and e["timestamp"] >= "2024-03-11T06")
    before_leaving = next(e["event_id"] for e in key.events if e["company_id"] == "C" and "2024-03-10T15" <= e["timestamp"] < "2024-03-10T18")
    c = card()
    compare_inactive(truth[1:] + [after_comeback, before_leaving], key, c)
    messages = failed(c)
    assert messages["every event of an inactive company"].startswith("missed 1 events")
    assert "reactivation ignored" in messages["no event of an active company"]
    assert "before the deactivation took effect" in messages["no event of an active company"]


def regional_rows(key: AnswerKey) -> list[dict]:
    return [{"region": g["region"], "local_date": g["local_date"], "hours_in_day": float(g["hours_in_day"]),
             **{m: int(g[m]) for m in ["events", "start_driving", "stopped_driving", "delivered", "active_drivers"]}} for g in key.regional_gold]


def test_regional_gold_by_local_day(key):
    assert {(g["local_date"], g["hours_in_day"]) for g in key.regional_gold if g["region"] == "US"} >= {("2024-03-10", "23")}
    c = card()
    compare_regional(regional_rows(key), key, c)
    assert c.checks and not failed(c)


def test_utc_days_are_named(key):
    from checks_world import utc_day_gold

    rows = [{"region": r, "local_date": d, **v} for (r, d), v in utc_day_gold(key).items()]
    c = card()
    compare_regional(rows, key, c)
    messages = failed(c)
    assert messages["days are local days, not UTC days"].startswith("the UTC day used instead of the local one")


def test_a_23_hour_day_miscounted_is_named(key):
    rows = regional_rows(key)
    for r in rows:
        r["hours_in_day"] = 24.0
    c = card()
    compare_regional(rows, key, c)
    assert failed(c)["hours_in_day: 23 or 25 on a daylight-saving change"].startswith("a 23- or 25-hour day miscounted: 2024-03-10 in America/Chicago lasts 23 hours")
    # Counting 24 hours from the first local midnight: the 23-hour day takes an hour of the next.
    rows = regional_rows(key)
    for r in rows:
        if r["region"] == "US" and r["local_date"] == "2024-03-10":
            r["events"] += 2
    c = card()
    compare_regional(rows, key, c)
    assert "a 23- or 25-hour day miscounted" in failed(c)["events per region and local day"]


def test_arrivals_per_interval(key):
    right = [(a["true_batch_id"], int(a["intervals_late"]), int(a["events"])) for a in key.late_arrivals]
    c = card()
    compare_arrivals(right, key, c)
    assert c.checks and not failed(c)
    # Late rows thrown away as boundary violations.
    c = card()
    compare_arrivals([r for r in right if r[1] == 0], key, c)
    assert failed(c)["late rows in all"].startswith("late arrivals are valid data")
    # Off by one.
    c = card()
    compare_arrivals([(b, l + 1, n) for b, l, n in right], key, c)
    assert "intervals_late is off by one" in failed(c)["per interval and lateness"]


def test_watermark_drops(key):
    c = card()
    compare_watermark([(0, 1), ("15 minutes", 0)], key, c)
    assert c.checks and not failed(c)
    c = card()
    compare_watermark([(900, 1)], key, c)
    assert failed(c)["rows dropped per delay"].startswith("watermark too tight at 900 s: you dropped 1 rows, the key drops 0 (1 is what a delay of 0 s drops)")
    c = card()
    compare_watermark([(600, 0)], key, c)
    assert failed(c)["delays the key lists"].startswith("one row per watermark delay")
    assert [x["examples"] for x in c.checks if x["name"] == "delays the key lists"] == [["600 is not a delay the key lists"]]
    assert delay_seconds("1 hour") == 3600 and delay_seconds(90) == 90 and delay_seconds("soon") is None


def test_the_watermark_model_on_events(tmp_path):
    """The model in Python (used to name the mistake) on the worked example of the key fixture."""
    rows = [("20240101T000000Z", "2024-01-01T00:01:40.000Z"), ("20240101T000000Z", "2024-01-01T00:13:20.000Z"),
            ("20240101T001500Z", "2024-01-01T00:16:40.000Z"), ("20240101T001500Z", "2024-01-01T00:08:20.000Z"),
            ("20240101T003000Z", "2024-01-01T00:03:20.000Z"), ("20240101T003000Z", "2024-01-01T00:16:00.000Z")]
    write_csv(tmp_path / "events.csv", ["batch_id", "line", "event_id", "timestamp", "raw"],
              [{"batch_id": b, "line": i, "event_id": f"e{i}", "timestamp": ts, "raw": ""} for i, (b, ts) in enumerate(rows)])
    for name in ("defects.csv", "gold.csv"):
        write_csv(tmp_path / name, ["batch_id"], [])
    (tmp_path / "summary.json").write_text(json.dumps({"defects": {}, "watermark": {"interval_seconds": 900}}))
    key = AnswerKey(tmp_path)
    assert [watermark_drops(key, d) for d in (0, 100, 100.001, 900)] == [1, 1, 0, 0]
    # By the rows' own timestamps, 00:08:20 (behind 00:13:20) and 00:16:00 would go too.
    assert watermark_drops(key, 0, "timestamp") == 3
    c = card()
    (tmp_path / "watermark_drops.csv").write_text("delay_seconds,rows_dropped\n0,1\n900,0\n")
    compare_watermark([(0, 3)], AnswerKey(tmp_path), c)
    assert "only once its WINDOW has closed" in failed(c)["rows dropped per delay"]


def test_the_checkers_exercises_may_name_are_the_checkers_check_py_has():
    import re

    from checks import CHECKS

    source = (REPO_ROOT / "shared" / "exercises.ts").read_text(encoding="utf-8")
    listed = re.search(r"export const CHECKERS = \[(.*?)\] as const", source, re.S)
    assert listed, "shared/exercises.ts lists CHECKERS"
    assert re.findall(r"'([a-z_]+)'", listed.group(1)) == list(CHECKS)


def test_an_event_written_twice_is_named(key):
    truth = [d["event_id"] for d in key.defects]
    c = card()
    compare_inactive(truth + truth[:2], key, c)
    assert list(failed(c)) == ["each event once"]
    assert failed(c)["each event once"].startswith("2 events written more than once: a stream restarted without its checkpoint")


def test_a_fixed_utc_offset_is_named(key):
    from checks_world import MEASURES, fixed_offset_gold

    # An event in the last hour of 10 March in Chicago's standard time, 00:30 on 11 March in its
    # daylight time: a fixed UTC-6 puts it on the 10th.
    key.events.append({"batch_id": batch_of("2024-03-11T05:30:00.000Z"), "line": 9999, "event_id": "late-night", "driver_id": "C-9",
                       "company_id": "C", "truck_id": "t", "event_type": "delivered", "timestamp": "2024-03-11T05:30:00.000Z", "raw": ""})
    night = next(g for g in key.regional_gold if (g["region"], g["local_date"]) == ("US", "2024-03-11"))
    night.update(events=str(int(night["events"]) + 1), delivered=str(int(night["delivered"]) + 1), active_drivers=str(int(night["active_drivers"]) + 1))
    rows = [{"region": r, "local_date": d, **v} for (r, d), v in fixed_offset_gold(key).items()]
    c = card()
    compare_regional(regional_rows(key), key, c)
    assert not failed(c)
    c = card()
    compare_regional(rows, key, c)
    messages = failed(c)
    assert "days are local days, not UTC days" not in messages
    assert "a fixed UTC offset used: America/Chicago's offset changes with daylight saving" in messages["events per region and local day"]
    assert set(messages) <= {"one row per region and local day"} | {f"{m} per region and local day" for m in MEASURES}


def test_drops_counted_from_append_mode_are_named(tmp_path):
    """Append mode has not written the windows still open when the data ends: counting its output
    gives those rows as dropped too."""
    from checks_arrivals import still_open

    rows = [("20240101T000000Z", "2024-01-01T00:01:40.000Z"), ("20240101T001500Z", "2024-01-01T00:16:40.000Z"),
            ("20240101T001500Z", "2024-01-01T00:08:20.000Z"), ("20240101T003000Z", "2024-01-01T00:31:00.000Z")]
    write_csv(tmp_path / "events.csv", ["batch_id", "line", "event_id", "timestamp", "raw"],
              [{"batch_id": b, "line": i, "event_id": f"e{i}", "timestamp": ts, "raw": ""} for i, (b, ts) in enumerate(rows)])
    for name in ("defects.csv", "gold.csv"):
        write_csv(tmp_path / name, ["batch_id"], [])
    (tmp_path / "summary.json").write_text(json.dumps({"defects": {}, "watermark": {"interval_seconds": 900}}))
    (tmp_path / "watermark_drops.csv").write_text("delay_seconds,rows_dropped\n0,0\n")
    key = AnswerKey(tmp_path)
    # Delay 0: nothing dropped (00:08:20's window ends 00:15, the watermark before it is 00:01:40).
    # The last watermark is 00:31:00 (after a micro-batch without data) or 00:16:40 (before it):
    # the window of 00:31:00 is open either way, and that of 00:16:40 too at 00:16:40.
    assert watermark_drops(key, 0) == 0 and still_open(key, 0) == {1, 2}
    for have in (1, 2):
        c = card()
        compare_watermark([(0, have)], key, c)
        assert "counted from APPEND mode's output" in failed(c)["rows dropped per delay"]
