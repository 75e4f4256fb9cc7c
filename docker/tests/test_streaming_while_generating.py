"""Bronze streaming over a data folder that `serve` keeps writing to (emulated-5s): every
committed batch is ingested exactly once and no partial file is ever read."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

JOBS = Path(__file__).resolve().parents[1] / "spark" / "jobs"
sys.path.insert(0, str(JOBS))
import bronze  # noqa: E402


def test_every_committed_batch_is_ingested_exactly_once(spark, repo_root, tmp_path):
    data = tmp_path / "data"
    lake = tmp_path / "lake"
    serve = subprocess.Popen(
        # The CLI itself (not through npm, which would not report the graceful exit code).
        [shutil.which("node") or "node", "--import", "tsx", "electron/cli/main.ts", "serve", "--preset", "emulated-5s", "--port", "0", "--data-dir", str(data)],
        cwd=repo_root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        line = serve.stdout.readline() if serve.stdout else ""
        assert re.search(r"listening on http://127\.0\.0\.1:\d+", line), line
        # Streaming with one generator batch per micro-batch while new batches keep arriving.
        query = bronze.build_query(spark, str(data), str(lake), once=False, max_files=1, trigger_seconds=1.0)
        time.sleep(22)
        assert query.exception() is None
        query.stop()
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)
    assert serve.returncode == 0
    # Pick up whatever was committed after the query stopped, from the same checkpoint.
    bronze.run(spark, str(data), str(lake), once=True)

    metas = {m["batch_id"]: m for m in (json.loads(p.read_text()) for p in (data / "raw" / "events").glob("*/batch_meta.json"))}
    assert len(metas) >= 4, "serve committed too few batches to test streaming"
    rows = spark.read.parquet(str(lake / "bronze"))
    per_batch = {r["batch_id"]: r["count"] for r in rows.groupBy("batch_id").count().collect()}
    assert per_batch == {batch_id: meta["record_count"] for batch_id, meta in metas.items()}
    # Temp folders and quality files never reached the reader.
    assert rows.filter("batch_id = '' OR raw LIKE '{\"line\":%'").count() == 0
