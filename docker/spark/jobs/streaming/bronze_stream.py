"""The pipeline's bronze stream: every line of every committed generator batch, once (text
source, one generator batch folder per file), with its batch's interval and the lateness its
generator allows (max_lateness_seconds, 0 when absent) from batch_meta.json."""

from __future__ import annotations

import json
import os
import re

from bronze import to_bronze
from streaming.delta_io import delta_append
from streaming.metrics import Phases

BATCH_OF_FILE = re.compile(r"/events/([0-9]{8}T[0-9]{6}Z)/events\.jsonl$")


def _source_offset(offsets: str, batch_id: int) -> int:
    """The file source's log offset at the end of a micro-batch: offsets/<id> is "v1", the
    batch's metadata, then the source's offset, {"logOffset": k}."""
    with open(os.path.join(offsets, str(batch_id)), encoding="utf-8") as f:
        lines = f.read().splitlines()
    if len(lines) < 3 or lines[0].strip() != "v1":
        raise ValueError(f"offsets/{batch_id} is not a v1 offset log entry")
    return int(json.loads(lines[2])["logOffset"])


def _log_entries(folder: str, log_id: int) -> list[str] | None:
    """The files the source's log entry <log_id> added (sources/0/<id>, or the .compact file
    that absorbed it every 10th); None when it is not there."""
    for name in (str(log_id), f"{log_id}.compact"):
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                if f.readline().strip() != "v1":
                    return None
                return [e["path"] for e in map(json.loads, filter(str.strip, f)) if e.get("batchId") == log_id]
        except FileNotFoundError:
            continue
    return None


def source_files(checkpoint: str, batch_id: int) -> list[str] | None:
    """The files of a micro-batch of the bronze query, read by the driver from the checkpoint:
    no Spark job and no second read of the lines. None when the checkpoint is not as Spark 3.5
    keeps it, and then the caller asks Spark instead.

    A micro-batch reads the source's log entries after the previous micro-batch's offset up to
    its own (offsets/<id-1>, offsets/<id>), not the entry of its own number: a driver killed
    after the source logged new files but before the micro-batch was planned leaves one entry
    more, and from the restart on, a micro-batch spans two entries and the numbers differ."""
    offsets = os.path.join(checkpoint, "offsets")
    try:
        end = _source_offset(offsets, batch_id)
        start = _source_offset(offsets, batch_id - 1) if batch_id > 0 else -1
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    files: list[str] = []
    folder = os.path.join(checkpoint, "sources", "0")
    for log_id in range(start + 1, end + 1):
        try:
            entries = _log_entries(folder, log_id)
        except (ValueError, KeyError, TypeError):
            return None
        if entries is None:
            return None
        files += entries
    return files


def batch_intervals(spark, data: str, batch_ids: list[str]):
    """(batch_id, interval_start, interval_end, max_lateness_seconds) of the given batches. Their batch_meta.json
    files are a few hundred bytes: read by the driver, not by a Spark job (with schema
    inference, that was seconds per micro-batch)."""
    from pyspark.sql import functions as F

    rows = []
    for b in batch_ids:
        with open(os.path.join(data, "raw", "events", b, "batch_meta.json"), encoding="utf-8") as f:
            meta = json.load(f)
        rows.append((b, meta["interval_start"], meta["interval_end"], int(meta.get("max_lateness_seconds") or 0)))
    return spark.createDataFrame(rows, "batch_id string, interval_start string, interval_end string, max_lateness_seconds int").select(
        "batch_id",
        F.to_timestamp("interval_start").alias("interval_start"),
        F.to_timestamp("interval_end").alias("interval_end"),
        "max_lateness_seconds",
    )


def start_bronze(spark, data: str, paths: dict[str, str], checkpoints: str, trigger: dict, max_files: int | None, metrics):
    """Starts the bronze query: generator batches into the bronze Delta table."""
    from pyspark.sql import functions as F

    source = spark.readStream.format("text")
    if max_files:
        source = source.option("maxFilesPerTrigger", max_files)
    lines = source.load(os.path.join(data, "raw", "events", "*", "events.jsonl")).withColumn("path", F.input_file_name())

    def bronze_batch(frame, batch_id: int) -> None:
        mark = Phases()
        files = source_files(os.path.join(checkpoints, "bronze"), batch_id)
        if files is not None:
            ids = sorted({m.group(1) for f in files if (m := BATCH_OF_FILE.search(f))})
        else:
            ids = sorted(r["batch_id"] for r in frame.select("batch_id").distinct().collect())
        mark("batch_ids")
        if ids:
            rows = frame.join(F.broadcast(batch_intervals(spark, data, ids)), "batch_id", "left")
            # No per-file column statistics in bronze: it is read whole, by silver's stream, and
            # min/max of every text column cost a quarter of its catch-up time. mergeSchema: a
            # bronze table from before max_lateness_seconds gains the column (null in old rows).
            delta_append(rows, paths["bronze"], "bronze", batch_id, **{"delta.dataSkippingNumIndexedCols": "0", "mergeSchema": "true"})
            mark("write_bronze")
            metrics.write("arrived", layer="bronze", batch_ids=ids, micro_batch=batch_id)
        metrics.write("timing", query="bronze", micro_batch=batch_id, phases=mark.spent)

    return (
        to_bronze(lines).writeStream.queryName("bronze").foreachBatch(bronze_batch)
        .option("checkpointLocation", os.path.join(checkpoints, "bronze")).trigger(**trigger).start()
    )
