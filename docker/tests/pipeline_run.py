"""Helpers of the streaming pipeline's real-Spark checks (test_pipeline.py, test_pipeline_late.py):
run pipeline.py, read a Delta table without the Delta extension, ask the app for its view."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest

from delta_log import delta_files

REPO_ROOT = Path(__file__).resolve().parents[2]
PIPELINE = REPO_ROOT / "docker" / "spark" / "jobs" / "pipeline.py"


def pipeline(data: Path, lake: Path, *extra: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(PIPELINE), "--data", str(data), "--lake", str(lake), "--master", "local[2]", *extra],
        env={**os.environ, "TZ": "UTC"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **popen,
    )


def drain(data: Path, lake: Path) -> str:
    proc = pipeline(data, lake, "--once")
    out, _ = proc.communicate(timeout=900)
    assert proc.returncode == 0, out[-4000:]
    return out


def delta_rows(spark, path: Path) -> list:
    """The rows of a Delta table's current version (none when its log adds no file yet)."""
    files = delta_files(path)
    return spark.read.parquet(*files).collect() if files else []


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pipeline_view(data: Path) -> dict:
    """GET /api/pipeline from a paused `serve` on the data folder (the app's own reading)."""
    import urllib.request

    port = free_port()
    exe = shutil.which("npm")
    serve = subprocess.Popen([exe, "run", "-s", "serve", "--", "--paused", "--data-dir", str(data), "--port", str(port)], cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/pipeline", timeout=5) as r:
                    return json.loads(r.read())
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)


def assert_drained_exactly(spark, dataset, lake: Path) -> None:
    silver = delta_rows(spark, lake / "delta" / "silver")
    ids = [r["event_id"] for r in silver]
    assert len(ids) == len(set(ids)), "an event_id is in silver twice"
    assert set(ids) == {e["event_id"] for e in dataset["events"]}
    quarantine = Counter((r["batch_id"], r["reason"], r["raw"]) for r in delta_rows(spark, lake / "delta" / "quarantine"))
    assert quarantine == Counter((d["batch_id"], d["issue"], d["raw"]) for d in dataset["defects"])
    measures = ["events", "start_driving", "stopped_driving", "delivered", "active_drivers"]
    gold = Counter((r["company_id"], r["interval_start"].replace(tzinfo=timezone.utc), *(int(r[m]) for m in measures)) for r in delta_rows(spark, lake / "delta" / "gold"))
    # Every interval is counted, the newest too (final or not, its rows are all there).
    expected = Counter((g["company_id"], utc(g["interval_start"]), *(int(g[m]) for m in measures)) for g in dataset["gold"])
    assert gold == expected


def kill_9_mid_stream(spark, data: Path, lake: Path, events: int, *extra: str) -> None:
    """Streams `data` one generator batch per bronze micro-batch, so the kill lands mid-stream,
    and kills the driver and its JVM (kill -9, no cleanup) once gold has been written twice."""
    proc = pipeline(data, lake, "--max-files-per-trigger", "1", "--trigger-seconds", "1", *extra, start_new_session=True)
    metrics = lake / "_pipeline" / "metrics.jsonl"
    deadline = time.time() + 300
    while time.time() < deadline:
        text = metrics.read_text() if metrics.exists() else ""
        if sum(1 for line in text.splitlines() if '"layer": "gold"' in line) >= 2:
            break
        assert proc.poll() is None, proc.stdout.read()[-4000:] if proc.stdout else ""
        time.sleep(0.5)
    else:
        pytest.fail("the pipeline did not reach gold twice within 300 s")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    silver_then = len(delta_rows(spark, lake / "delta" / "silver"))
    assert 0 < silver_then < events, "the kill did not land mid-stream"
