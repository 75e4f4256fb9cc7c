"""The pipeline's metrics: lake/_pipeline/metrics.jsonl for the app (GET /api/pipeline), the
wall time of each micro-batch's steps, and every query's progress as Spark reports it."""

from __future__ import annotations

import json
import os
import threading
import time


class Metrics:
    """Appends one JSON object per line to lake/_pipeline/metrics.jsonl (whole lines only)."""

    def __init__(self, lake: str):
        folder = os.path.join(lake, "_pipeline")
        os.makedirs(folder, exist_ok=True)
        self.path = os.path.join(folder, "metrics.jsonl")
        self.lock = threading.Lock()
        self.listener = None

    def write(self, kind: str, **fields) -> None:
        line = json.dumps({"kind": kind, "at": time.time(), **fields}, default=str) + "\n"
        with self.lock, open(self.path, "a", encoding="utf-8") as out:
            out.write(line)


class Phases:
    """Wall seconds of the steps of one micro-batch, for the profile (metrics kind "timing")."""

    def __init__(self):
        self.last = time.perf_counter()
        self.spent: dict[str, float] = {}

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.spent[step] = round(now - self.last, 3)
        self.last = now


class ProgressListener:
    """Each query's progress, as Spark reports it after every micro-batch, into the metrics."""

    def __init__(self, metrics: Metrics):
        from pyspark.sql.streaming import StreamingQueryListener

        outer = metrics

        class Listener(StreamingQueryListener):
            def onQueryStarted(self, event):  # noqa: N802 (Spark's names)
                pass

            def onQueryProgress(self, event):  # noqa: N802
                p = json.loads(event.progress.json)
                # gold's observed input: its late rows (none observed in a micro-batch without data).
                late = {"late_in": ((p.get("observedMetrics") or {}).get("gold_input") or {}).get("late") or 0} if p.get("name") == "gold" else {}
                outer.write(
                    "progress",
                    query=p.get("name"),
                    query_id=p.get("id"),
                    micro_batch=p.get("batchId"),
                    rows_in=p.get("numInputRows", 0),
                    input_rate=p.get("inputRowsPerSecond"),
                    processed_rate=p.get("processedRowsPerSecond"),
                    duration_ms=(p.get("durationMs") or {}).get("triggerExecution"),
                    watermark=(p.get("eventTime") or {}).get("watermark"),
                    dropped_by_watermark=sum(o.get("numRowsDroppedByWatermark", 0) for o in p.get("stateOperators") or []),
                    state_rows=sum(o.get("numRowsTotal", 0) for o in p.get("stateOperators") or []),
                    **late,
                )

            def onQueryIdle(self, event):  # noqa: N802
                pass

            def onQueryTerminated(self, event):  # noqa: N802
                outer.write("terminated", query_id=str(event.id), error=event.exception)

        self.listener = Listener()

