lines = (
    spark.readStream.option("maxFilesPerTrigger", 2)  # at most 2 batch files per micro-batch
    .text(EVENTS)
    .select(
        F.regexp_extract("_metadata.file_path", r"events/([0-9TZ]+)/events\.jsonl", 1).alias("batch_id"),
        F.col("value").alias("raw"),
    )
)
# availableNow: everything there now, in micro-batches of 2 files, then stop. The checkpoint
# remembers the files read: run this cell again after Release more data, and only the new
# files are read.
query = lines.writeStream.format("delta").option("checkpointLocation", CHECKPOINT).trigger(availableNow=True).start(TABLE)
query.awaitTermination()
print([p["numInputRows"] for p in query.recentProgress], "rows per micro-batch")
