lines = spark.read.text(EVENTS).select(
    F.regexp_extract(F.input_file_name(), r"events/([0-9TZ]+)/events\.jsonl", 1).alias("batch_id"),
    F.col("value").alias("raw"),
)
