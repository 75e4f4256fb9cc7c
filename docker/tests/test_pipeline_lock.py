"""One pipeline per lake (docker/spark/jobs/pipeline_lock.py), with real processes: a second
pipeline.py on the same lake is refused while the first holds the lock, and a SIGKILLed holder
frees it (the kernel drops the lock with the process: nothing stale to clean up)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

JOBS = Path(__file__).resolve().parents[1] / "spark" / "jobs"

HOLDER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from pipeline_lock import hold_pipeline_lock
hold_pipeline_lock(sys.argv[2], sys.argv[3])
print("held", flush=True)
time.sleep(600)
"""


def _hold(lake: Path, run_id: str) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(JOBS), str(lake), run_id],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    line = holder.stdout.readline()
    if line.strip() != "held":
        holder.kill()
        raise AssertionError(f"the holder did not take the lock: {line}{holder.communicate()[1]}")
    return holder


def _second_pipeline(data: Path, run_id: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(JOBS / "pipeline.py"), "--data", str(data), "--run-id", run_id],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_second_pipeline_is_refused_and_a_killed_holder_frees_the_lake(tmp_path: Path):
    data = tmp_path / "data"
    lake = data / "lake"
    first = _hold(lake, "4")
    try:
        holder = json.loads((lake / "_pipeline" / "lock").read_text())
        assert holder["run_id"] == "4"
        assert holder["pid"] == first.pid

        refused = _second_pipeline(data, "5")
        assert refused.returncode == 75, refused.stderr
        assert "another pipeline runs on" in refused.stderr
        assert "(run 4," in refused.stderr
        # The refused run left the holder's record alone.
        assert json.loads((lake / "_pipeline" / "lock").read_text())["run_id"] == "4"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()

    # Killed without a chance to clean up: the next pipeline takes the lake all the same.
    after = _hold(lake, "6")
    try:
        assert json.loads((lake / "_pipeline" / "lock").read_text())["run_id"] == "6"
    finally:
        after.kill()
        after.wait()
