"""The pipeline's gold stream: from silver, per company and TRUE interval (the window of the
batch step holding each event's timestamp, so a late arrival counts in its own interval),
events by type, deliveries and active drivers, counted as soon as a row reaches silver and
final once the watermark has passed its interval. The watermark trails the newest timestamp
by the lateness the generator allows plus 1 s (or --watermark-delay); a row whose interval it
has passed is dropped, not merged, and the late rows kept and dropped are counted."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta

from common import BATCH_ID_FORMAT
from streaming.delta_io import delta_append
from streaming.metrics import Phases

# How many of the newest batch_meta.json files give the step and the lateness.
NEWEST_BATCHES = 100
# Gold's checkpoint (its aggregation by true interval; "gold" held the one by batch interval:
# a lake from before starts this one from silver's start, merged over the gold rows there).
CHECKPOINT = "gold-true-interval"


def batch_shape(data: str) -> tuple[int | None, int]:
    """(step, max lateness) in seconds from the newest generator batches' batch_meta.json: the
    newest batch's interval length (None before any batch), the largest max_lateness_seconds
    (0 when absent)."""
    events = os.path.join(data, "raw", "events")
    try:
        ids = sorted(n for n in os.listdir(events) if not n.startswith("."))
    except FileNotFoundError:
        return None, 0
    step, lateness = None, 0
    for b in ids[-NEWEST_BATCHES:]:
        try:
            with open(os.path.join(events, b, "batch_meta.json"), encoding="utf-8") as f:
                meta = json.load(f)
        except (OSError, ValueError):
            continue
        lateness = max(lateness, int(meta.get("max_lateness_seconds") or 0))
        start, end = (datetime.fromisoformat(meta[k].replace("Z", "+00:00")) for k in ("interval_start", "interval_end"))
        step = round((end - start).total_seconds())
    return step, lateness


def query_id(checkpoint: str) -> str | None:
    """The streaming query's id (stable across restarts), from its checkpoint's metadata."""
    try:
        with open(os.path.join(checkpoint, "metadata"), encoding="utf-8") as f:
            return json.load(f).get("id")
    except (OSError, ValueError):
        return None


def start_gold(spark, data: str, paths: dict[str, str], checkpoints: str, trigger: dict, metrics, watermark_delay: float | None = None):
    """Starts the gold query over the silver table (which must exist, so a batch does)."""
    from pyspark.sql import functions as F

    count_of = lambda kind: F.sum(F.when(F.col("event_type") == kind, 1).otherwise(0))  # noqa: E731

    step, lateness = batch_shape(data)
    if step is None:
        raise RuntimeError(f"no generator batch in {data}: gold's intervals take their length from one")
    delay = float(lateness + 1) if watermark_delay is None else float(watermark_delay)
    checkpoint = os.path.join(checkpoints, CHECKPOINT)
    metrics.write("watermark", query="gold", delay_seconds=delay, max_lateness_seconds=lateness, step_seconds=step)

    gold_keys = ["company_id", "interval_start", "interval_end", "batch_id"]
    # What gold holds so far: each interval's end (for finality; read from the table on a
    # restart), the newest timestamp counted, and the intervals already reported final.
    written: dict[str, object] = {}
    newest: list[object] = [None]
    final: set[str] = set()

    def gold_batch(frame, batch_id: int) -> None:
        """Update mode: the groups this micro-batch changed, with their whole aggregate. Rows of
        intervals new to gold are appended; a group gold already holds (its rows split across
        micro-batches, a late arrival, or a replay after a crash) is merged, so values are
        replaced, never added twice."""
        from delta.tables import DeltaTable

        mark = Phases()
        frame = frame.persist()
        changed = frame.groupBy("batch_id", "interval_end").agg(F.max("last_at").alias("last_at"), F.sum("late_events").alias("late")).collect()
        mark("batch_ids")
        if not changed:
            frame.unpersist()
            return
        seen = {r["batch_id"]: r["interval_end"] for r in changed}
        # Each changed group's late rows so far (absolute, so a replay reports the same).
        late_groups = {}
        if any(r["late"] for r in changed):
            late_groups = {f"{r['company_id']} {r['batch_id']}": r["late_events"] for r in frame.filter("late_events > 0").select("company_id", "batch_id", "late_events").collect()}
        rows = frame.drop("late_events", "last_at")
        if not written and DeltaTable.isDeltaTable(spark, paths["gold"]):
            for r in spark.read.format("delta").load(paths["gold"]).groupBy("batch_id", "interval_end").agg(F.max("interval_start").alias("start")).collect():
                written[r["batch_id"]] = r["interval_end"]
                # A lower bound of the newest timestamp counted before this run.
                newest[0] = r["start"] if newest[0] is None else max(newest[0], r["start"])
        if any(b in written for b in seen):
            condition = " AND ".join(f"g.{k} = u.{k}" for k in gold_keys)
            DeltaTable.forPath(spark, paths["gold"]).alias("g").merge(rows.alias("u"), condition).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute()
            mark("merge_gold")
        else:
            delta_append(rows, paths["gold"], "gold", batch_id)
            mark("write_gold")
        frame.unpersist()
        if late_groups:
            metrics.write("gold_late", query_id=query_id(checkpoint), micro_batch=batch_id, groups=late_groups)
        first = sorted(b for b in seen if b not in written)
        written.update(seen)
        if first:
            metrics.write("arrived", layer="gold", batch_ids=first, micro_batch=batch_id)
        # From the next micro-batch on, the watermark (`delay` behind the newest timestamp)
        # drops rows of every interval that ends at or before it: their gold rows are final.
        latest = max(r["last_at"] for r in changed)
        newest[0] = latest if newest[0] is None else max(newest[0], latest)
        passed = newest[0] - timedelta(seconds=delay)
        now_final = sorted(b for b, end in written.items() if end <= passed and b not in final)
        if now_final:
            final.update(now_final)
            metrics.write("arrived", layer="gold_final", batch_ids=now_final, micro_batch=batch_id)
        metrics.write("timing", query="gold", micro_batch=batch_id, phases=mark.spent)

    # Gold counts a row as soon as it reaches silver (update mode), in the window of `step`
    # seconds holding its timestamp (the generator's intervals: aligned on the UTC grid). The
    # watermark trails the newest timestamp by `delay` (the generator's max lateness + 1 s),
    # so a late arrival within the lateness is counted; a row whose window ends at or before
    # the watermark is dropped. What gold took in (observed: rows, late rows) against the late
    # rows it holds (gold_late) counts the late rows dropped exactly (Spark's
    # numRowsDroppedByWatermark counts after partial aggregation, per group and partition).
    late = (F.col("timestamp") < F.col("interval_start")).cast("long")  # arrived after its interval
    rows = (
        spark.readStream.format("delta").load(paths["silver"])
        .observe("gold_input", F.count(F.lit(1)).alias("rows"), F.sum(late).alias("late"))
        .withWatermark("timestamp", f"{round(delay * 1000)} milliseconds")
    )
    window = F.window("timestamp", f"{step} seconds")
    gold = rows.groupBy("company_id", window).agg(
        F.count("*").alias("events"),
        count_of("start driving").alias("start_driving"),
        count_of("stopped driving").alias("stopped_driving"),
        count_of("delivered").alias("delivered"),
        # collect_set, not countDistinct: distinct aggregates do not stream.
        F.size(F.collect_set("driver_id")).alias("active_drivers"),
        F.sum(late).alias("late_events"),
        F.max("timestamp").alias("last_at"),
    ).select(
        "company_id",
        F.col("window.start").alias("interval_start"),
        F.col("window.end").alias("interval_end"),
        F.date_format("window.start", BATCH_ID_FORMAT).alias("batch_id"),
        "events",
        "start_driving",
        "stopped_driving",
        "delivered",
        "active_drivers",
        "late_events",
        "last_at",
    )
    return (
        gold.writeStream.queryName("gold").outputMode("update").foreachBatch(gold_batch)
        .option("checkpointLocation", checkpoint).trigger(**trigger).start()
    )
