# include: _lines.py
schema = StructType([StructField(name, StringType()) for name in FIELDS])
metas = spark.read.option("multiLine", True).json(METAS).select(
    "batch_id", F.to_timestamp("interval_start").alias("interval_start"), F.to_timestamp("interval_end").alias("interval_end")
)
rows = (
    lines.withColumn("e", F.from_json("raw", schema))
    .withColumn("keys", F.map_keys(F.from_json("raw", "map<string,string>")))
    .withColumn("ts", F.to_timestamp("e.timestamp", "yyyy-MM-dd'T'HH:mm:ss.SSSX"))
    .join(metas, "batch_id")
)
missing = F.lit(False)
nulls = F.lit(False)
for name in FIELDS:
    missing = missing | ~F.array_contains("keys", name)
    nulls = nulls | F.col(f"e.{name}").isNull()
reason = (
    F.when(missing, "missing_field")
    .when(nulls, "null_value")
    .when(~F.col("e.event_type").isin("start driving", "stopped driving", "delivered"), "invalid_enum")
    .when(F.col("ts").isNull(), "malformed_timestamp")
    .when((F.col("ts") < F.col("interval_start")) | (F.col("ts") >= F.col("interval_end")), "boundary_violation")
)
rows = rows.withColumn("reason", reason)
