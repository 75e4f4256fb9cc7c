SILVER = "event_id string, driver_id string, company_id string, truck_id string, event_type string, timestamp timestamp, batch_id string"
# The table first, with its schema: Delta then refuses a micro-batch that does not fit it.
DeltaTable.createIfNotExists(spark).location(TABLE).addColumns(spark.createDataFrame([], SILVER).schema).execute()


def upsert(batch, batch_id):
    rows = with_reason(batch).filter(F.col("reason").isNull()).select(
        *[F.col(f"e.{name}").alias(name) for name in FIELDS[:-1]], F.col("ts").alias("timestamp"), "batch_id"
    )
    # The copies inside the micro-batch, then MERGE: an event already in silver (a replayed
    # micro-batch, a copy in an earlier one) is not inserted again.
    (
        DeltaTable.forPath(spark, TABLE).alias("s")
        .merge(rows.dropDuplicates(["event_id"]).alias("n"), "s.event_id = n.event_id")
        .whenNotMatchedInsertAll()
        .execute()
    )


query = stream_lines().writeStream.foreachBatch(upsert).option("checkpointLocation", CHECKPOINT).trigger(availableNow=True).start()
query.awaitTermination()
