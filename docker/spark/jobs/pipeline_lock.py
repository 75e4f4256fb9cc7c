"""One pipeline per lake: an OS lock on lake/_pipeline/lock, held for the pipeline's life.

A second pipeline on the same checkpoints would corrupt them, and an app that quit or crashed
no longer knows its pipeline runs. The lock (fcntl.flock) belongs to the process, so the
kernel frees it when the process ends in any way, SIGKILL included: nothing stale to clean
up. While held, the file names the run (`{"run_id", "pid", "host", "started_at"}`), for the
app that adopts a pipeline it did not start and stops it through lake/_pipeline/stop.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time

# Exit code of a pipeline refused because another one holds the lake.
EXIT_LOCKED = 75
_held: dict[str, int] = {}  # lock path -> its open file, for the rest of the process's life


def lock_path(lake: str) -> str:
    return os.path.join(lake, "_pipeline", "lock")


def read_holder(lake: str) -> dict:
    """What the lock file says about its run (stale once no one holds the lock)."""
    try:
        with open(lock_path(lake), encoding="utf-8") as f:
            return json.loads(f.read() or "{}")
    except (OSError, ValueError):
        return {}


def hold_pipeline_lock(lake: str, run_id: str | None) -> None:
    """Takes the lake's pipeline lock, or exits with EXIT_LOCKED naming the run that holds it."""
    path = lock_path(lake)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # A second run in the same process (a test calling main() again) already holds it.
    fd = _held.get(os.path.realpath(path))
    if fd is None:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            fd = None
    if fd is None:
        holder = read_holder(lake)
        print(
            f"pipeline: refused: another pipeline runs on {lake} (run {holder.get('run_id')}, pid "
            f"{holder.get('pid')}); stop it first (write its run id to {os.path.join(lake, '_pipeline', 'stop')})",
            file=sys.stderr,
            flush=True,
        )
        raise SystemExit(EXIT_LOCKED)
    record = {
        "run_id": run_id,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(record).encode(), 0)
    _held[os.path.realpath(path)] = fd
