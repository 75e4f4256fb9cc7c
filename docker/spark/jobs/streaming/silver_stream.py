"""The pipeline's silver stream: from bronze, the valid events once per event_id into silver,
the rest into quarantine with the rule that rejected it (the generator's defect names). Late
arrivals (stamped up to the batch's max_lateness_seconds before its interval) are valid; an
event stamped while its company was inactive (the companies stream's change records, read
again every micro-batch) is quarantined as after_deactivation."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

from common import EVENT_FIELDS, TIMESTAMP_FORMAT, CompanySpans, with_inactive, with_reason
from streaming.delta_io import delta_append
from streaming.metrics import Phases


def classify(spark, rows, spans):
    """The rows of bronze (with intervals) with their parsed `ts` and `reason` (common.with_reason),
    given the companies' inactive spans (common.CompanySpans)."""
    from pyspark.sql import functions as F

    return with_reason(with_inactive(spark, rows.withColumn("ts", F.to_timestamp("timestamp", TIMESTAMP_FORMAT)), spans))


def start_silver(spark, data: str, paths: dict[str, str], checkpoints: str, trigger: dict, dedup_hours: float, metrics):
    """Starts the silver query over the bronze table (which must exist)."""
    from delta.tables import DeltaTable
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    silver_exists = [False]
    companies = CompanySpans(data)
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="silver-write")

    def silver_batch(frame, batch_id: int) -> None:
        # Copies of an event_id among the valid rows of this micro-batch: the first is kept,
        # the others become duplicates. One frame holds every row with its final reason.
        mark = Phases()
        first = Window.partitionBy("event_id", "valid").orderBy("batch_id", "ingested_at", "raw")
        rows = classify(spark, frame, companies.spans()).withColumn("valid", F.col("reason").isNull())
        rows = rows.withColumn(
            "reason", F.when(F.col("valid") & (F.row_number().over(first) > 1), F.lit("duplicate")).otherwise(F.col("reason"))
        ).persist()
        # One job for what the metrics and the lookup need: rows per batch and reason, and the
        # valid rows that arrived after their interval (late arrivals).
        is_late = F.col("ts") < F.col("interval_start")
        stats = rows.groupBy("batch_id", "reason").agg(
            F.count("*").alias("n"), F.min("ts").alias("lo"), F.sum(is_late.cast("long")).alias("late")
        ).collect()
        mark("classify")
        if not stats:
            rows.unpersist()
            return
        ids = sorted({r["batch_id"] for r in stats})
        counts: dict[str, int] = {}
        for r in stats:
            counts[r["reason"] or "passed"] = counts.get(r["reason"] or "passed", 0) + r["n"]
        lows = [r["lo"] for r in stats if r["reason"] is None and r["lo"] is not None]
        late = sum(r["late"] or 0 for r in stats if r["reason"] is None)
        candidates = rows.filter(F.col("reason").isNull()).select(
            *[F.col(n) for n in EVENT_FIELDS[:-1]], F.col("ts").alias("timestamp"), "batch_id", "interval_start", "interval_end", "raw"
        )
        if not silver_exists[0]:
            if not DeltaTable.isDeltaTable(spark, paths["silver"]):
                candidates.drop("raw").limit(0).write.format("delta").mode("append").save(paths["silver"])
            silver_exists[0] = True
        # Copies already in silver from other batches, looked up within the watermark:
        # duplicates are written close together, so only the last `dedup_hours` are searched.
        # This micro-batch's own batches are left out: a replay after a crash finds its rows there.
        seen = spark.read.format("delta").load(paths["silver"]).filter(~F.col("batch_id").isin(ids))
        if lows:
            seen = seen.filter(F.col("timestamp") >= F.lit(min(lows)) - F.expr(f"INTERVAL {int(dedup_hours * 3600)} SECONDS"))
        # The copies' ids come to the driver (usually none), so what is written to silver does not
        # read silver: Delta then takes the write as a blind append, with no check of the files
        # read (that check rebuilt the table's state: seconds per micro-batch).
        found = candidates.join(seen.select("event_id"), "event_id", "left_semi").select("event_id", (F.col("timestamp") < F.col("interval_start")).alias("late"))
        copy_rows = found.collect()
        copy_ids = sorted({r["event_id"] for r in copy_rows})
        copies = len(copy_ids)  # candidates hold one row per event_id
        late -= sum(1 for r in copy_rows if r["late"])
        mark("lookup")
        if copy_ids:
            is_copy = F.col("event_id").isin(copy_ids)
            new = candidates.filter(~is_copy).drop("raw")
            again = candidates.filter(is_copy).select("batch_id", F.lit("duplicate").alias("reason"), "raw", "event_id")
        else:
            new = candidates.drop("raw")
            again = None
        quarantine = rows.filter(F.col("reason").isNotNull()).select("batch_id", "reason", "raw", "event_id")
        if again is not None:
            quarantine = quarantine.unionByName(again)
        # The two commits are independent: side by side, a micro-batch waits for the slower one
        # instead of both (much of a small commit is the driver's bookkeeping, not the cores).
        def timed(frame, table: str) -> float:
            started = time.perf_counter()
            delta_append(frame, paths[table], table, batch_id)
            return round(time.perf_counter() - started, 3)

        writes = [pool.submit(timed, new, "silver"), pool.submit(timed, quarantine, "quarantine")]
        mark.spent["silver_alone"], mark.spent["quarantine_alone"] = (w.result() for w in writes)
        mark("write_silver_and_quarantine")
        if copies:
            counts["duplicate"] = counts.get("duplicate", 0) + copies
            counts["passed"] = counts.get("passed", 0) - copies
        metrics.write("rules", micro_batch=batch_id, batch_ids=ids, counts=counts, late=late)
        metrics.write("arrived", layer="silver", batch_ids=ids, micro_batch=batch_id)
        rows.unpersist()
        metrics.write("timing", query="silver", micro_batch=batch_id, phases=mark.spent)

    return (
        spark.readStream.format("delta").load(paths["bronze"]).writeStream.queryName("silver").foreachBatch(silver_batch)
        .option("checkpointLocation", os.path.join(checkpoints, "silver")).trigger(**trigger).start()
    )
