# include: _valid.py


DELAYS = [10, 30]  # seconds: the task's two watermarks

# One micro-batch per generator batch, oldest first (the file source takes the oldest files).
events = valid_events(batch_lines(spark.readStream.option("maxFilesPerTrigger", 1).text(EVENTS)))
# One stateful operator (the windowed count), so a micro-batch filters late rows with the watermark
# it meets: with several allowed (the default), Spark 3.5 filters with the previous micro-batch's,
# which lags one batch behind when the files are all there already (a live stream runs a
# micro-batch without data between arrivals, which moves it on).
spark.conf.set("spark.sql.streaming.statefulOperator.allowMultiple", False)


def windows_with(delay: int, mode: str) -> str:
    """Runs the windowed count with this watermark until the data there is used up (availableNow),
    from its checkpoint: a second run after "Release more data" goes on where the first stopped."""
    out = f"{DATA_DIR}/lake/windows/{mode}-{delay}"

    def keep(updates, micro_batch: int) -> None:
        # update mode: the windows this micro-batch changed, with their count so far. Appended,
        # so the last count of a window is its max: a micro-batch written twice changes nothing.
        updates.select(F.col("window.start").alias("window_start"), "count").write.mode("append").parquet(out)

    counts = events.withWatermark("timestamp", f"{delay} seconds").groupBy(F.window("timestamp", "10 seconds")).count()
    writer = counts.writeStream.outputMode(mode).option("checkpointLocation", f"{CHECKPOINT}/{mode}-{delay}")
    query = writer.foreachBatch(keep).trigger(availableNow=True).start()
    query.awaitTermination()
    return out


def counted(folder: str) -> int:
    """Rows in the windows written: each window's last (largest) count."""
    return spark.read.parquet(folder).groupBy("window_start").agg(F.max("count").alias("n")).agg(F.sum("n")).first()[0] or 0


valid = valid_events(batch_lines(spark.read.text(EVENTS))).count()  # the rows the stream counts
dropped = [(delay, valid - counted(windows_with(delay, "update"))) for delay in DELAYS]
# Append mode writes a window once, when the watermark has passed its end: the last windows wait.
appended = counted(windows_with(DELAYS[0], "append"))
print(f"{valid} valid rows; update mode keeps {valid - dropped[0][1]} at {DELAYS[0]} s, append mode has written {appended} so far")
spark.createDataFrame(dropped, "delay_seconds INT, rows_dropped LONG").write.mode("overwrite").parquet(TABLE)
spark.read.parquet(TABLE).show()
