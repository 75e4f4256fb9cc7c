"""The streaming pipeline (docker/spark/jobs/pipeline.py) on `late-data` (issue 19), with real
Spark and Delta Lake: events arrive up to three batches late, companies deactivate. After a
drain, silver holds each valid event once, quarantine by rule equals the generator's ledger
(late arrivals are valid, after_deactivation is quarantined), and gold equals the answer key's
gold per company and TRUE interval (a late row counts in the interval of its timestamp);
every late row of the ledger arrived and was kept, none dropped by the watermark. The same
after a kill -9 of the driver mid-stream and a restart. And fed one batch at a time with a
watermark tighter than the lateness, gold drops exactly the rows the answer key's watermark
model says (watermark_drops.csv)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from common import DEFECT_KINDS
from pipeline_run import assert_drained_exactly, delta_rows, drain, kill_9_mid_stream, pipeline, pipeline_view, utc


def generate(npm, tmp_path_factory, name: str, to: str) -> dict:
    """late-data from midnight to `to`, with its answer key (npm run answers)."""
    data = tmp_path_factory.mktemp(name)
    made = npm("generate", "--", "--preset", "late-data", "--from", "2024-01-01T00:00:00Z", "--to", to, "--data-dir", str(data))
    assert made.returncode == 0, made.stderr
    key = tmp_path_factory.mktemp(f"{name}-key")
    answers = npm("answers", "--", "--data-dir", str(data), "--out", str(key))
    assert answers.returncode == 0, answers.stderr
    read = lambda file: list(csv.DictReader((key / file).open(newline="")))  # noqa: E731
    ledger = [json.loads(line) for path in sorted((data / "raw" / "events").glob("*/_late.jsonl")) for line in path.read_text().splitlines()]
    meta = json.loads(next((data / "raw" / "events").glob("*/batch_meta.json")).read_text())
    return {
        "data": data,
        "events": read("events.csv"),
        "defects": read("defects.csv"),
        "gold": read("gold.csv"),
        "late_arrivals": read("late_arrivals.csv"),
        "watermark_drops": read("watermark_drops.csv"),
        "ledger": ledger,
        "max_lateness": meta["max_lateness_seconds"],
        "step": round((utc(meta["interval_end"]) - utc(meta["interval_start"])).total_seconds()),
    }


@pytest.fixture(scope="module")
def late_data(npm, tmp_path_factory):
    return generate(npm, tmp_path_factory, "late-data", "2024-01-01T00:10:00Z")


def metrics_of(lake: Path) -> list[dict]:
    """The pipeline's metrics records (a torn last line, being written, left out)."""
    path = lake / "_pipeline" / "metrics.jsonl"
    records = []
    for line in path.read_text().splitlines() if path.exists() else []:
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


def late_counts(records: list[dict]) -> dict:
    """Late rows arrived in silver, taken in by gold, and held by gold (the newest count of each
    group), each micro-batch counted once (a replay reports it again)."""
    arrived = {r["micro_batch"]: r["late"] for r in records if r["kind"] == "rules"}
    taken = {r["micro_batch"]: r.get("late_in", 0) for r in records if r["kind"] == "progress" and r["query"] == "gold"}
    held: dict[str, int] = {}
    for r in records:
        if r["kind"] == "gold_late":
            held.update(r["groups"])
    return {"arrived": sum(arrived.values()), "taken": sum(taken.values()), "kept": sum(held.values())}


def test_drained_late_data_equals_the_answer_key(spark, late_data):
    lake = late_data["data"] / "lake"  # where the app looks for the pipeline's metrics
    drain(late_data["data"], lake)
    assert_drained_exactly(spark, late_data, lake)
    # The key's arrivals per true interval, the ledger's lines: the same late rows.
    late = sum(int(r["events"]) for r in late_data["late_arrivals"] if int(r["intervals_late"]) > 0)
    assert late == len(late_data["ledger"]) > 0
    assert {int(r["intervals_late"]) for r in late_data["late_arrivals"]} == {0, 1, 2, 3}
    records = metrics_of(lake)
    assert late_counts(records) == {"arrived": late, "taken": late, "kept": late}
    lateness = late_data["max_lateness"]
    [watermark] = [r for r in records if r["kind"] == "watermark"]
    assert (watermark["delay_seconds"], watermark["max_lateness_seconds"], watermark["step_seconds"]) == (lateness + 1, lateness, late_data["step"])
    # The app's view: late rows arrived / kept / dropped next to the ledger; every rule caught
    # what was injected, the lifecycle's after_deactivation included when the data has it.
    view = pipeline_view(late_data["data"])
    assert view["late"] == {
        "arrived": late,
        "kept": late,
        "dropped": 0,
        "ledger": late,
        "expected_dropped": 0,
        "watermark_delay_s": lateness + 1,
        "max_lateness_s": lateness,
    }
    injected = Counter(d["issue"] for d in late_data["defects"])
    assert injected["after_deactivation"] > 0, "no events of inactive companies to quarantine"
    shown = {k: (0, 0) for k in DEFECT_KINDS} | {k: (n, n) for k, n in injected.items()}
    assert {r["rule"]: (r["caught"], r["injected"]) for r in view["rules"]} == shown
    intervals = {g["batch_id"]: utc(g["interval_end"]) for g in late_data["gold"]}
    assert view["layers"]["gold"]["batches"] == len(intervals)
    # Final once the watermark (the newest timestamp - the delay) has passed the interval's end.
    newest = max(utc(e["timestamp"]) for e in late_data["events"])
    passed = newest - timedelta(seconds=lateness + 1)
    final = {b for r in records if r["kind"] == "arrived" and r["layer"] == "gold_final" for b in r["batch_ids"]}
    assert final == {b for b, end in intervals.items() if end <= passed}


def test_kill_9_mid_stream_on_late_data_then_restart(spark, late_data, tmp_path):
    lake = tmp_path / "lake"
    kill_9_mid_stream(spark, late_data["data"], lake, len(late_data["events"]))
    drain(late_data["data"], lake)
    assert_drained_exactly(spark, late_data, lake)
    late = len(late_data["ledger"])
    counts = late_counts(metrics_of(lake))
    # Gold's query started over on the restart only where its checkpoint had not committed:
    # whatever it took in, it kept, and silver took in every late row once.
    assert counts["arrived"] == late
    assert counts["kept"] == late


def test_a_tight_watermark_drops_what_the_answer_key_says(spark, npm, tmp_path_factory, tmp_path):
    """One generator batch per micro-batch, in order, each in gold (and the watermark moved on
    by it) before the next: the answer key's model. With a watermark of 0 s, rows late by two
    intervals or more are older than it; gold drops exactly as many as watermark_drops.csv."""
    source = generate(npm, tmp_path_factory, "late-data-wm", "2024-01-01T00:02:00Z")
    delay = 0
    [expected] = [int(r["rows_dropped"]) for r in source["watermark_drops"] if int(r["delay_seconds"]) == delay]
    assert expected > 0, "too few late rows to test the watermark"
    by_batch: dict[str, list[datetime]] = {}
    for e in source["events"]:
        by_batch.setdefault(e["batch_id"], []).append(utc(e["timestamp"]))
    data, lake = tmp_path / "data", tmp_path / "lake"
    events = data / "raw" / "events"
    events.mkdir(parents=True)
    shutil.copy2(source["data"] / "raw" / "companies.jsonl", data / "raw" / "companies.jsonl")
    ids = sorted(p.name for p in (source["data"] / "raw" / "events").iterdir() if not p.name.startswith("."))
    proc = None
    rows, newest = 0, None
    try:
        for b in ids:
            # Committed as the generator does: written aside, then renamed into place.
            shutil.copytree(source["data"] / "raw" / "events" / b, events / f".tmp-{b}")
            os.rename(events / f".tmp-{b}", events / b)
            if proc is None:
                proc = pipeline(data, lake, "--trigger-seconds", "1", "--watermark-delay", str(delay), start_new_session=True)
            rows += len(by_batch.get(b, []))
            newest = max([*by_batch.get(b, []), *([newest] if newest else [])], default=None)
            wait_for_gold(lake, proc, rows, newest - timedelta(seconds=delay) if newest else None)
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)
    counts = late_counts(metrics_of(lake))
    assert counts["arrived"] == counts["taken"] == len(source["ledger"])
    assert counts["taken"] - counts["kept"] == expected
    # Only late rows were dropped: gold holds every other row of the key.
    held = sum(r["events"] for r in delta_rows(spark, lake / "delta" / "gold"))
    assert held == len(source["events"]) - expected


def wait_for_gold(lake: Path, proc, rows: int, watermark: datetime | None, patience: float = 180) -> None:
    """Until gold has taken in `rows` rows and its watermark is `watermark` (a micro-batch with
    no data moves it on once the rows are in)."""
    want = None if watermark is None else watermark.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    deadline = time.time() + patience
    while time.time() < deadline:
        progress = [r for r in metrics_of(lake) if r["kind"] == "progress" and r["query"] == "gold"]
        taken = sum({r["micro_batch"]: r["rows_in"] for r in progress}.values())
        if taken == rows and (want is None or any(r["watermark"] == want for r in progress)):
            return
        assert taken <= rows, f"gold took in {taken} rows, more than the {rows} sent"
        assert proc.poll() is None, proc.stdout.read()[-4000:] if proc.stdout else ""
        time.sleep(0.5)
    pytest.fail(f"gold did not take in {rows} rows with the watermark at {want} within {patience} s")
