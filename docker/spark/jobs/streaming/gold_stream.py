"""The pipeline's gold stream: from silver, per company and batch interval, events by type,
deliveries and active drivers, counted as soon as a batch reaches silver and final once the
watermark has passed its interval (a later row of that interval is dropped and counted, not
merged)."""

from __future__ import annotations

import os

from streaming.delta_io import delta_append
from streaming.metrics import Phases


def start_gold(spark, paths: dict[str, str], checkpoints: str, trigger: dict, metrics):
    """Starts the gold query over the silver table (which must exist)."""
    from pyspark.sql import functions as F

    count_of = lambda kind: F.sum(F.when(F.col("event_type") == kind, 1).otherwise(0))  # noqa: E731

    gold_keys = ["company_id", "interval_start", "interval_end", "batch_id"]
    # What gold holds so far: each batch's interval_start (for finality; read from the table on
    # a restart), and the batches already reported final.
    written: dict[str, object] = {}
    final: set[str] = set()

    def gold_batch(frame, batch_id: int) -> None:
        """Update mode: the groups this micro-batch changed, with their whole aggregate. Rows of
        batches new to gold are appended; a group gold already holds (its batch's rows split
        across micro-batches, or a replay after a crash) is merged, so values are replaced,
        never added twice."""
        from delta.tables import DeltaTable

        mark = Phases()
        frame = frame.persist()
        seen = {r["batch_id"]: r["interval_start"] for r in frame.select("batch_id", "interval_start").distinct().collect()}
        mark("batch_ids")
        if not seen:
            frame.unpersist()
            return
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
        first = sorted(b for b in seen if b not in written)
        written.update(seen)
        if first:
            metrics.write("arrived", layer="gold", batch_ids=first, micro_batch=batch_id)
        # From the next micro-batch on, the watermark (1 s behind the newest interval_start)
        # drops rows of every older interval: their gold rows are final.
        newest = max(written.values())
        now_final = sorted(b for b, start in written.items() if start < newest and b not in final)
        if now_final:
            final.update(now_final)
            metrics.write("arrived", layer="gold_final", batch_ids=now_final, micro_batch=batch_id)
        metrics.write("timing", query="gold", micro_batch=batch_id, phases=mark.spent)

    # Gold counts a batch's rows as soon as they reach silver (update mode), and a row is final
    # once a later interval has reached silver: the watermark trails the newest interval_start
    # by 1 s (intervals are whole seconds, at least 1), and a row of an older interval arriving
    # after that is dropped and counted (dropped_by_watermark), never merged.
    gold = (
        spark.readStream.format("delta").load(paths["silver"])
        .withWatermark("interval_start", "1 second")
        .groupBy("company_id", "interval_start", "interval_end", "batch_id")
        .agg(
            F.count("*").alias("events"),
            count_of("start driving").alias("start_driving"),
            count_of("stopped driving").alias("stopped_driving"),
            count_of("delivered").alias("delivered"),
            # collect_set, not countDistinct: distinct aggregates do not stream.
            F.size(F.collect_set("driver_id")).alias("active_drivers"),
        )
    )
    return (
        gold.writeStream.queryName("gold").outputMode("update").foreachBatch(gold_batch)
        .option("checkpointLocation", os.path.join(checkpoints, "gold")).trigger(**trigger).start()
    )
