GOLD = "company_id string, interval_start timestamp, events long, start_driving long, stopped_driving long, delivered long, active_drivers long"
DeltaTable.createIfNotExists(spark).location(TABLE).addColumns(spark.createDataFrame([], GOLD).schema).execute()
count_of = lambda kind: F.count(F.when(F.col("event_type") == kind, 1))  # noqa: E731


def upsert(batch, batch_id):
    gold = (
        silver_rows(batch)
        .dropDuplicates(["event_id"])
        .groupBy("company_id", F.window("timestamp", "15 minutes").start.alias("interval_start"))
        .agg(
            F.count("*").alias("events"),
            count_of("start driving").alias("start_driving"),
            count_of("stopped driving").alias("stopped_driving"),
            count_of("delivered").alias("delivered"),
            F.countDistinct("driver_id").alias("active_drivers"),
        )
    )
    # A window comes whole in one micro-batch here: its row replaces the one there (a replay
    # writes the same values again), or is inserted.
    (
        DeltaTable.forPath(spark, TABLE).alias("t")
        .merge(gold.alias("n"), "t.company_id = n.company_id AND t.interval_start = n.interval_start")
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .execute()
    )


query = stream_lines().writeStream.foreachBatch(upsert).option("checkpointLocation", CHECKPOINT).trigger(availableNow=True).start()
query.awaitTermination()
