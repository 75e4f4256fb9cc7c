# include: _lines.py
schema = StructType([StructField(name, StringType()) for name in FIELDS])
typed = (
    lines.withColumn("e", F.from_json("raw", schema))
    .select(
        "batch_id",
        F.col("e.event_id").alias("event_id"),
        F.to_timestamp("e.timestamp", "yyyy-MM-dd'T'HH:mm:ss.SSSX").alias("timestamp"),
    )
    .filter(F.col("event_id").isNotNull())
)
typed.write.mode("overwrite").parquet(TABLE)
