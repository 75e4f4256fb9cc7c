"""The streaming medallion pipeline: one Spark application, three chained streaming queries
over Delta tables, each resuming from its checkpoint with nothing lost or doubled.

The tables are lake/delta/{bronze,silver,quarantine,gold}.

- bronze: every line of every committed generator batch, once (text source, one generator
  batch folder per file), with its batch's interval from batch_meta.json;
- silver: streaming from bronze; the valid events once per event_id, the rest to quarantine
  with the rule that rejected it (the generator's defect names);
- gold: streaming from silver; per company and batch interval, events by type, deliveries and
  active drivers, counted as soon as a batch reaches silver and final once the watermark has
  passed its interval (a later row of that interval is dropped and counted, not merged).

Every write is a Delta commit tagged with its query and micro-batch id (userMetadata), so a
micro-batch replayed after a crash (kill -9 of the driver included) is skipped by the tables
that already hold it. Progress, per-rule counts and per-batch freshness
go to lake/_pipeline/metrics.jsonl for the app (GET /api/pipeline).

  spark-submit pipeline.py --data /data [--trigger-seconds 1] [--once]

It stops cleanly (queries stopped between micro-batches) when lake/_pipeline/stop appears:
how the app's Stop pipeline reaches it wherever it runs (a child process, a container).
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bronze import to_bronze  # noqa: E402
from common import EVENT_FIELDS, TIMESTAMP_FORMAT, lake_of, parser, with_reason  # noqa: E402
from pipeline_lock import hold_pipeline_lock  # noqa: E402

RULES = ["missing_field", "null_value", "invalid_enum", "malformed_timestamp", "boundary_violation", "duplicate"]
APP_ID = "spark-experiments-pipeline"


def tables_of(lake: str) -> dict[str, str]:
    """The pipeline's Delta tables: lake/delta/<layer>, beside (not over) the batch jobs'
    Parquet layers in lake/<layer>, so a one-off batch run never overwrites a Delta table and
    the pipeline never reads Parquet files it did not write."""
    return {name: os.path.join(lake, "delta", name) for name in ("bronze", "silver", "quarantine", "gold")}


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


def newest_commit_tag(path: str) -> str | None:
    """The userMetadata of a Delta table's newest commit, read from its log by the driver."""
    log = os.path.join(path, "_delta_log")
    try:
        commits = [n for n in os.listdir(log) if len(n) == 25 and n.endswith(".json") and n[:20].isdigit()]
    except FileNotFoundError:
        return None
    if not commits:
        return None
    with open(os.path.join(log, max(commits)), encoding="utf-8") as f:
        for line in f:
            action = json.loads(line)
            if "commitInfo" in action:
                return action["commitInfo"].get("userMetadata")
    return None


def delta_append(frame, path: str, query: str, batch_id: int, **table_options: str) -> None:
    """Appends a micro-batch's rows exactly once. Each commit is tagged with its query and
    micro-batch (userMetadata). Every table here has one writer, which runs its micro-batches
    one after another, so a micro-batch replayed after a crash finds its own commit, if it got
    that far, as the newest in the log, and skips it. (Delta's txnAppId / txnVersion do the
    same, but cost three Spark jobs per write to look the ids up: 0.96 s instead of 0.32 s for
    a small append on 2 cores.)"""
    tag = f"{APP_ID}-{query}:{batch_id}"
    if newest_commit_tag(path) == tag:
        return
    frame.write.format("delta").mode("append").option("userMetadata", tag).options(**table_options).save(path)


BATCH_OF_FILE = re.compile(r"/events/([0-9]{8}T[0-9]{6}Z)/events\.jsonl$")


def source_files(checkpoint: str, batch_id: int) -> list[str] | None:
    """The files of a micro-batch of the bronze query, from its file source's log in the
    checkpoint (sources/0/<id>, or the .compact file that absorbed it every 10th), read by the
    driver: no Spark job and no second read of the lines. None when the log is not where Spark
    3.5 keeps it, and then the caller asks Spark instead."""
    folder = os.path.join(checkpoint, "sources", "0")
    for name in (str(batch_id), f"{batch_id}.compact"):
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                if f.readline().strip() != "v1":
                    return None
                return [e["path"] for e in map(json.loads, filter(str.strip, f)) if e.get("batchId") == batch_id]
        except FileNotFoundError:
            continue
        except (ValueError, KeyError):
            return None
    return None


def batch_intervals(spark, data: str, batch_ids: list[str]):
    """(batch_id, interval_start, interval_end) of the given batches. Their batch_meta.json
    files are a few hundred bytes: read by the driver, not by a Spark job (with schema
    inference, that was seconds per micro-batch)."""
    from pyspark.sql import functions as F

    rows = []
    for b in batch_ids:
        with open(os.path.join(data, "raw", "events", b, "batch_meta.json"), encoding="utf-8") as f:
            meta = json.load(f)
        rows.append((b, meta["interval_start"], meta["interval_end"]))
    return spark.createDataFrame(rows, "batch_id string, interval_start string, interval_end string").select(
        "batch_id", F.to_timestamp("interval_start").alias("interval_start"), F.to_timestamp("interval_end").alias("interval_end")
    )


def classify(rows):
    """The rows of bronze (with intervals) with their parsed `ts` and `reason` (common.with_reason)."""
    from pyspark.sql import functions as F

    return with_reason(rows.withColumn("ts", F.to_timestamp("timestamp", TIMESTAMP_FORMAT)))


class Stopped(Exception):
    """A stop was requested before every query had started."""


def await_table(spark, path: str, upstream, once: bool, should_stop) -> None:
    """Waits for `upstream`'s first write (a streaming read needs the table to exist)."""
    from delta.tables import DeltaTable

    if once:
        upstream.awaitTermination()
    while not DeltaTable.isDeltaTable(spark, path):
        if not upstream.isActive:
            raise RuntimeError(f"{upstream.name} stopped before writing {path}")
        if should_stop():
            upstream.stop()
            raise Stopped()
        time.sleep(0.5)


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
                outer.write(
                    "progress",
                    query=p.get("name"),
                    micro_batch=p.get("batchId"),
                    rows_in=p.get("numInputRows", 0),
                    input_rate=p.get("inputRowsPerSecond"),
                    processed_rate=p.get("processedRowsPerSecond"),
                    duration_ms=(p.get("durationMs") or {}).get("triggerExecution"),
                    watermark=(p.get("eventTime") or {}).get("watermark"),
                    dropped_by_watermark=sum(o.get("numRowsDroppedByWatermark", 0) for o in p.get("stateOperators") or []),
                    state_rows=sum(o.get("numRowsTotal", 0) for o in p.get("stateOperators") or []),
                )

            def onQueryIdle(self, event):  # noqa: N802
                pass

            def onQueryTerminated(self, event):  # noqa: N802
                outer.write("terminated", query_id=str(event.id), error=event.exception)

        self.listener = Listener()


def start(spark, data: str, lake: str, trigger_seconds: float, max_files: int | None, once: bool, dedup_hours: float = 24.0, should_stop=lambda: False):
    """Starts the three queries; returns them (bronze, silver, gold) and the metrics writer.
    Raises Stopped when `should_stop` says so while a query waits for its upstream table."""
    from delta.tables import DeltaTable
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    metrics = Metrics(lake)
    # Kept on the metrics writer, so main can remove it before the session ends.
    metrics.listener = ProgressListener(metrics).listener
    spark.streams.addListener(metrics.listener)
    paths = tables_of(lake)
    checkpoints = os.path.join(lake, "_checkpoints", "pipeline")
    trigger = {"availableNow": True} if once else {"processingTime": f"{trigger_seconds} seconds"}

    # ---- bronze
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
            # min/max of every text column cost a quarter of its catch-up time.
            delta_append(rows, paths["bronze"], "bronze", batch_id, **{"delta.dataSkippingNumIndexedCols": "0"})
            mark("write_bronze")
            metrics.write("arrived", layer="bronze", batch_ids=ids, micro_batch=batch_id)
        metrics.write("timing", query="bronze", micro_batch=batch_id, phases=mark.spent)

    bronze_q = (
        to_bronze(lines).writeStream.queryName("bronze").foreachBatch(bronze_batch)
        .option("checkpointLocation", os.path.join(checkpoints, "bronze")).trigger(**trigger).start()
    )

    # ---- silver (and quarantine)
    silver_exists = [False]
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="silver-write")

    def silver_batch(frame, batch_id: int) -> None:
        # Copies of an event_id among the valid rows of this micro-batch: the first is kept,
        # the others become duplicates. One frame holds every row with its final reason.
        mark = Phases()
        first = Window.partitionBy("event_id", "valid").orderBy("batch_id", "ingested_at", "raw")
        rows = classify(frame).withColumn("valid", F.col("reason").isNull())
        rows = rows.withColumn(
            "reason", F.when(F.col("valid") & (F.row_number().over(first) > 1), F.lit("duplicate")).otherwise(F.col("reason"))
        ).persist()
        # One job for what the metrics and the lookup need: rows per batch and reason.
        stats = rows.groupBy("batch_id", "reason").agg(F.count("*").alias("n"), F.min("ts").alias("lo")).collect()
        mark("classify")
        if not stats:
            rows.unpersist()
            return
        ids = sorted({r["batch_id"] for r in stats})
        counts: dict[str, int] = {}
        for r in stats:
            counts[r["reason"] or "passed"] = counts.get(r["reason"] or "passed", 0) + r["n"]
        lows = [r["lo"] for r in stats if r["reason"] is None and r["lo"] is not None]
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
        copy_ids = [r["event_id"] for r in candidates.join(seen.select("event_id"), "event_id", "left_semi").select("event_id").distinct().collect()]
        copies = len(copy_ids)
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
        metrics.write("rules", micro_batch=batch_id, batch_ids=ids, counts=counts)
        metrics.write("arrived", layer="silver", batch_ids=ids, micro_batch=batch_id)
        rows.unpersist()
        metrics.write("timing", query="silver", micro_batch=batch_id, phases=mark.spent)

    # Silver streams from bronze: it starts once bronze exists (after bronze has drained, --once).
    await_table(spark, paths["bronze"], bronze_q, once, should_stop)
    silver_q = (
        spark.readStream.format("delta").load(paths["bronze"]).writeStream.queryName("silver").foreachBatch(silver_batch)
        .option("checkpointLocation", os.path.join(checkpoints, "silver")).trigger(**trigger).start()
    )

    # ---- gold
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

    try:
        await_table(spark, paths["silver"], silver_q, once, should_stop)
    except Stopped:
        bronze_q.stop()
        raise
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
    gold_q = (
        gold.writeStream.queryName("gold").outputMode("update").foreachBatch(gold_batch)
        .option("checkpointLocation", os.path.join(checkpoints, "gold")).trigger(**trigger).start()
    )
    return bronze_q, silver_q, gold_q, metrics


def stop_between_micro_batches(query, patience: float = 60.0) -> None:
    """Stops `query` when no micro-batch is running (stop() interrupts one in flight: harmless
    for the tables, but it fills the log with errors a learner should not have to read)."""
    deadline = time.time() + patience
    while query.isActive and query.status["isTriggerActive"] and time.time() < deadline:
        time.sleep(0.1)
    query.stop()


def session(master: str | None = None):
    """A session with Delta Lake (delta-spark; its jars come from the image, or from Maven
    Central once, into the ivy cache)."""
    from delta import configure_spark_with_delta_pip
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(APP_ID)
    if master:
        builder = builder.master(master)
    builder = (
        builder.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
        # One shuffle partition (and one state store for gold): a live micro-batch holds a few
        # hundred rows, and each extra partition is an extra task per step and store commit per
        # trigger. On emulated-5s with 2 cores: gold freshness p50 14.4 s with 4, 7.3 s with 1.
        .config("spark.sql.shuffle.partitions", os.environ.get("SPARK_EXPERIMENTS_SHUFFLE_PARTITIONS", "1"))
        .config("spark.sql.streaming.numRecentProgressUpdates", "1000")
        # Delta's default of 50 partitions for reading its log costs seconds per micro-batch on a laptop.
        .config("spark.databricks.delta.snapshotPartitions", os.environ.get("SPARK_EXPERIMENTS_DELTA_SNAPSHOT_PARTITIONS", "2"))
    )
    # Inside the stack the jars are baked into the image (no download); elsewhere delta-spark fetches them.
    if not os.environ.get("SPARK_EXPERIMENTS_DELTA_JARS_BAKED"):
        builder = configure_spark_with_delta_pip(builder)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


class StopRequest:
    """lake/_pipeline/stop: empty (`touch` it) stops any pipeline on this lake; holding a run id
    (what the app writes) stops that run only. It is consumed when honoured."""

    def __init__(self, lake: str, run_id: str | None):
        self.path = os.path.join(lake, "_pipeline", "stop")
        self.run_id = run_id

    def __call__(self) -> bool:
        try:
            with open(self.path, encoding="utf-8") as f:
                wanted = f.read().strip()
        except FileNotFoundError:
            return False
        if wanted and wanted != self.run_id:
            return False
        try:
            os.remove(self.path)
        except FileNotFoundError:
            pass
        return True


def main(argv: list[str] | None = None) -> int:
    p = parser("The streaming medallion pipeline: bronze, silver, gold as Delta tables.")
    p.add_argument("--once", action="store_true", help="drain what is there now (bronze, then silver, then gold), then stop")
    p.add_argument("--trigger-seconds", type=float, default=1.0)
    p.add_argument("--max-files-per-trigger", type=int, default=None, help="generator batches per bronze micro-batch (default: all new)")
    p.add_argument("--duration", type=float, default=None, help="stop after this many seconds")
    p.add_argument("--run-id", default=None, help="this run's name for stop requests (the app passes its job id)")
    args = p.parse_args(argv)
    hold_pipeline_lock(lake_of(args), args.run_id)
    spark = session(args.master)
    lake = lake_of(args)
    stop_requested = StopRequest(lake, args.run_id)
    try:
        *streams, metrics = start(
            spark, args.data, lake, args.trigger_seconds, args.max_files_per_trigger, args.once, should_stop=stop_requested
        )
    except Stopped:
        print("pipeline: stopped (before every query had started)", flush=True)
        return 0
    metrics.write("started", once=args.once, trigger_seconds=args.trigger_seconds)
    print(f"pipeline: bronze, silver and gold streaming into {lake}", flush=True)
    deadline = None if args.duration is None else time.time() + args.duration
    try:
        for q in streams:
            if args.once:
                q.awaitTermination()
        while not args.once:
            if any(q.exception() for q in streams):
                raise RuntimeError(str(next(q.exception() for q in streams if q.exception())))
            if deadline and time.time() >= deadline:
                break
            if stop_requested():
                print("pipeline: stop requested", flush=True)
                break
            time.sleep(1)
    finally:
        for q in streams:
            stop_between_micro_batches(q)
        metrics.write("stopped")
        spark.streams.removeListener(metrics.listener)
        spark.stop()
    print("pipeline: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
