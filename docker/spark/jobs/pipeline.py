"""The streaming medallion pipeline: one Spark application, three chained streaming queries
over Delta tables, each resuming from its checkpoint with nothing lost or doubled.

The tables are lake/delta/{bronze,silver,quarantine,gold}.

- bronze: every line of every committed generator batch, once (text source, one generator
  batch folder per file), with its batch's interval from batch_meta.json;
- silver: streaming from bronze; the valid events once per event_id, the rest to quarantine
  with the rule that rejected it (the generator's defect names);
- gold: streaming from silver; per company and true interval (the one holding the event's
  timestamp: a late arrival counts in its own interval), events by type, deliveries and
  active drivers, counted as soon as a row reaches silver and final once the watermark has
  passed its interval (a later row of that interval is dropped and counted, not merged). The
  watermark allows for the generator's max lateness + 1 s, or --watermark-delay seconds.

Every write is a Delta commit tagged with its query and micro-batch id (userMetadata), so a
micro-batch replayed after a crash (kill -9 of the driver included) is skipped by the tables
that already hold it. Progress, per-rule counts and per-batch freshness
go to lake/_pipeline/metrics.jsonl for the app (GET /api/pipeline).

  spark-submit pipeline.py --data /data [--trigger-seconds 1] [--once] [--watermark-delay S]

It stops cleanly (queries stopped between micro-batches) when lake/_pipeline/stop appears:
how the app's Stop pipeline reaches it wherever it runs (a child process, a container).
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import lake_of, parser, session, shuffle_partitions  # noqa: E402
from pipeline_lock import hold_pipeline_lock  # noqa: E402
from streaming.bronze_stream import start_bronze  # noqa: E402
from streaming.delta_io import APP_ID, Stopped, await_table, tables_of  # noqa: E402
from streaming.gold_stream import start_gold  # noqa: E402
from streaming.metrics import Metrics, ProgressListener  # noqa: E402
from streaming.silver_stream import start_silver  # noqa: E402


def start(
    spark,
    data: str,
    lake: str,
    trigger_seconds: float,
    max_files: int | None,
    once: bool,
    dedup_hours: float = 24.0,
    should_stop=lambda: False,
    watermark_delay: float | None = None,
):
    """Starts the three queries; returns them (bronze, silver, gold) and the metrics writer.
    Raises Stopped when `should_stop` says so while a query waits for its upstream table."""
    metrics = Metrics(lake)
    # Kept on the metrics writer, so main can remove it before the session ends.
    metrics.listener = ProgressListener(metrics).listener
    spark.streams.addListener(metrics.listener)
    paths = tables_of(lake)
    checkpoints = os.path.join(lake, "_checkpoints", "pipeline")
    trigger = {"availableNow": True} if once else {"processingTime": f"{trigger_seconds} seconds"}

    bronze_q = start_bronze(spark, data, paths, checkpoints, trigger, max_files, metrics)
    # Silver streams from bronze: it starts once bronze exists (after bronze has drained, --once).
    await_table(spark, paths["bronze"], bronze_q, once, should_stop)
    silver_q = start_silver(spark, data, paths, checkpoints, trigger, dedup_hours, metrics)
    try:
        await_table(spark, paths["silver"], silver_q, once, should_stop)
    except Stopped:
        bronze_q.stop()
        raise
    gold_q = start_gold(spark, data, paths, checkpoints, trigger, metrics, watermark_delay)
    return bronze_q, silver_q, gold_q, metrics


def stop_between_micro_batches(query, patience: float = 60.0) -> None:
    """Stops `query` when no micro-batch is running (stop() interrupts one in flight: harmless
    for the tables, but it fills the log with errors a learner should not have to read)."""
    deadline = time.time() + patience
    while query.isActive and query.status["isTriggerActive"] and time.time() < deadline:
        time.sleep(0.1)
    query.stop()


def pipeline_session(master: str | None = None):
    """A session with Delta Lake (common.session)."""
    return session(
        APP_ID,
        master,
        delta=True,
        # One shuffle partition (and one state store for gold): a live micro-batch holds a few
        # hundred rows, and each extra partition is an extra task per step and store commit per
        # trigger. On emulated-5s with 2 cores: gold freshness p50 14.4 s with 4, 7.3 s with 1.
        partitions=shuffle_partitions("1"),
        config={
            "spark.sql.streaming.numRecentProgressUpdates": "1000",
            # Delta's default of 50 partitions for reading its log costs seconds per micro-batch on a laptop.
            "spark.databricks.delta.snapshotPartitions": os.environ.get("SPARK_EXPERIMENTS_DELTA_SNAPSHOT_PARTITIONS", "2"),
        },
    )


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
    p.add_argument(
        "--watermark-delay",
        type=float,
        default=None,
        help="seconds gold's watermark trails the newest interval (default: the generator's max_lateness_seconds + 1)",
    )
    args = p.parse_args(argv)
    hold_pipeline_lock(lake_of(args), args.run_id)
    spark = pipeline_session(args.master)
    lake = lake_of(args)
    stop_requested = StopRequest(lake, args.run_id)
    try:
        *streams, metrics = start(
            spark,
            args.data,
            lake,
            args.trigger_seconds,
            args.max_files_per_trigger,
            args.once,
            should_stop=stop_requested,
            watermark_delay=args.watermark_delay,
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
