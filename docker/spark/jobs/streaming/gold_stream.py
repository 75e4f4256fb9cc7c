"""The pipeline's gold stream: from silver, per company and TRUE interval (the one holding each
event's timestamp, so a late arrival counts in its own interval), events by type, deliveries
and active drivers, counted as soon as a row reaches silver and final once the watermark has
passed its interval. The watermark trails the newest interval by the lateness the generator
allows plus 1 s (or --watermark-delay); a row of an interval it has passed is dropped, not
merged, and with late arrivals the late rows kept and dropped are counted."""

from __future__ import annotations

import json
import os
from datetime import timedelta

from common import by_true_interval
from streaming.delta_io import delta_append
from streaming.metrics import Phases

# How many of the newest batch_meta.json files give the lateness the watermark allows for.
LATENESS_BATCHES = 100


def max_lateness(data: str) -> int:
    """The largest max_lateness_seconds among the newest generator batches (0 when absent)."""
    events = os.path.join(data, "raw", "events")
    try:
        ids = sorted(n for n in os.listdir(events) if not n.startswith("."))
    except FileNotFoundError:
        return 0
    lateness = 0
    for b in ids[-LATENESS_BATCHES:]:
        try:
            with open(os.path.join(events, b, "batch_meta.json"), encoding="utf-8") as f:
                lateness = max(lateness, int(json.load(f).get("max_lateness_seconds") or 0))
        except (OSError, ValueError):
            continue
    return lateness


def query_id(checkpoint: str) -> str | None:
    """The streaming query's id (stable across restarts), from its checkpoint's metadata."""
    try:
        with open(os.path.join(checkpoint, "metadata"), encoding="utf-8") as f:
            return json.load(f).get("id")
    except (OSError, ValueError):
        return None


def start_gold(spark, data: str, paths: dict[str, str], checkpoints: str, trigger: dict, metrics, watermark_delay: float | None = None):
    """Starts the gold query over the silver table (which must exist)."""
    from pyspark.sql import functions as F

    count_of = lambda kind: F.sum(F.when(F.col("event_type") == kind, 1).otherwise(0))  # noqa: E731

    lateness = max_lateness(data)
    delay = float(lateness + 1) if watermark_delay is None else float(watermark_delay)
    # With late arrivals the aggregation also counts each group's late rows (its state differs,
    # hence its own checkpoint: switching rebuilds gold from silver, merged over what is there).
    tracks_late = lateness > 0
    checkpoint = os.path.join(checkpoints, "gold-late" if tracks_late else "gold")
    metrics.write("watermark", query="gold", delay_seconds=delay, max_lateness_seconds=lateness)

    gold_keys = ["company_id", "interval_start", "interval_end", "batch_id"]
    # What gold holds so far: each interval's start (for finality; read from the table on a
    # restart), and the intervals already reported final.
    written: dict[str, object] = {}
    final: set[str] = set()

    def gold_batch(frame, batch_id: int) -> None:
        """Update mode: the groups this micro-batch changed, with their whole aggregate. Rows of
        intervals new to gold are appended; a group gold already holds (its rows split across
        micro-batches, a late arrival, or a replay after a crash) is merged, so values are
        replaced, never added twice."""
        from delta.tables import DeltaTable

        mark = Phases()
        frame = frame.persist()
        seen = {r["batch_id"]: r["interval_start"] for r in frame.select("batch_id", "interval_start").distinct().collect()}
        mark("batch_ids")
        if not seen:
            frame.unpersist()
            return
        late_groups = None
        if tracks_late:
            # Each changed group's late rows so far (absolute, so a replay reports the same).
            late_groups = {f"{r['company_id']} {r['batch_id']}": r["late_events"] for r in frame.filter("late_events > 0").select("company_id", "batch_id", "late_events").collect()}
            frame = frame.drop("late_events")
        if not written and DeltaTable.isDeltaTable(spark, paths["gold"]):
            for r in spark.read.format("delta").load(paths["gold"]).select("batch_id", "interval_start").distinct().collect():
                written[r["batch_id"]] = r["interval_start"]
        if any(b in written for b in seen):
            condition = " AND ".join(f"g.{k} = u.{k}" for k in gold_keys)
            DeltaTable.forPath(spark, paths["gold"]).alias("g").merge(frame.alias("u"), condition).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute()
            mark("merge_gold")
        else:
            delta_append(frame, paths["gold"], "gold", batch_id)
            mark("write_gold")
        frame.unpersist()
        if late_groups is not None:
            metrics.write("gold_late", query_id=query_id(checkpoint), micro_batch=batch_id, groups=late_groups)
        first = sorted(b for b in seen if b not in written)
        written.update(seen)
        if first:
            metrics.write("arrived", layer="gold", batch_ids=first, micro_batch=batch_id)
        # From the next micro-batch on, the watermark (`delay` behind the newest interval_start)
        # drops rows of every interval it has passed: their gold rows are final.
        passed = max(written.values()) - timedelta(seconds=delay)
        now_final = sorted(b for b, start in written.items() if start <= passed and b not in final)
        if now_final:
            final.update(now_final)
            metrics.write("arrived", layer="gold_final", batch_ids=now_final, micro_batch=batch_id)
        metrics.write("timing", query="gold", micro_batch=batch_id, phases=mark.spent)

    # Gold counts a row as soon as it reaches silver (update mode), in its true interval. The
    # event time is that interval's start: the watermark trails the newest by `delay` (the
    # generator's max lateness + 1 s: intervals are whole seconds, at least 1), so a late
    # arrival within the lateness is counted, and a row of an interval the watermark has
    # passed is dropped (numRowsDroppedByWatermark; with late arrivals, the late rows the
    # aggregation took in, `gold_input`, against the late rows gold holds, `gold_late`).
    rows = by_true_interval(spark.readStream.format("delta").load(paths["silver"]))
    measures = [
        F.count("*").alias("events"),
        count_of("start driving").alias("start_driving"),
        count_of("stopped driving").alias("stopped_driving"),
        count_of("delivered").alias("delivered"),
        # collect_set, not countDistinct: distinct aggregates do not stream.
        F.size(F.collect_set("driver_id")).alias("active_drivers"),
    ]
    if tracks_late:
        rows = rows.observe("gold_input", F.count(F.lit(1)).alias("rows"), F.sum(F.col("late").cast("long")).alias("late"))
        measures.append(F.sum(F.col("late").cast("long")).alias("late_events"))
    gold = rows.withWatermark("interval_start", f"{round(delay * 1000)} milliseconds").groupBy(*gold_keys).agg(*measures)
    return (
        gold.writeStream.queryName("gold").outputMode("update").foreachBatch(gold_batch)
        .option("checkpointLocation", checkpoint).trigger(**trigger).start()
    )
