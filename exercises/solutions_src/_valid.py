# The rules of exercises 03 and 07 as one function, so a stream and a batch read share them: a
# line is a valid event when it parses, has every field non-null, a known event_type, a
# timestamp in the generator's format, and that timestamp in [interval_start - M, interval_end)
# of its batch (M: batch_meta.json's max_lateness_seconds, 0 when the dataset has none).
schema = StructType([StructField(name, StringType()) for name in FIELDS])
metas = spark.read.option("multiLine", True).json(METAS)
lateness = F.col("max_lateness_seconds") if "max_lateness_seconds" in metas.columns else F.lit(0)
metas = metas.select(
    "batch_id",
    F.to_timestamp("interval_start").alias("interval_start"),
    F.to_timestamp("interval_end").alias("interval_end"),
    lateness.cast("int").alias("max_lateness_seconds"),
)
# A few rows: collected once, so a stream joins them without reading the files each micro-batch,
# and broadcast to the events (Spark cannot tell how small a collected table is).
metas = spark.createDataFrame(metas.collect(), metas.schema)


def batch_lines(frame):
    """(batch_id, raw) of spark.read.text / spark.readStream.text over EVENTS."""
    return frame.select(
        F.regexp_extract(F.input_file_name(), r"events/([0-9TZ]+)/events\.jsonl", 1).alias("batch_id"),
        F.col("value").alias("raw"),
    )


def valid_events(lines):
    """The valid events of `lines` (batch_id, raw), typed, one row per line (not de-duplicated)."""
    rows = (
        lines.withColumn("e", F.from_json("raw", schema))
        .withColumn("keys", F.map_keys(F.from_json("raw", "map<string,string>")))
        .withColumn("ts", F.to_timestamp("e.timestamp", "yyyy-MM-dd'T'HH:mm:ss.SSSX"))
        .join(F.broadcast(metas), "batch_id")
    )
    ok = F.col("e.event_type").isin("start driving", "stopped driving", "delivered") & F.col("ts").isNotNull()
    for name in FIELDS:
        ok = ok & F.array_contains("keys", name) & F.col(f"e.{name}").isNotNull()
    earliest = F.expr("timestampadd(SECOND, -max_lateness_seconds, interval_start)")
    ok = ok & (F.col("ts") >= earliest) & (F.col("ts") < F.col("interval_end"))
    return rows.filter(F.coalesce(ok, F.lit(False))).select(
        *[F.col(f"e.{name}").alias(name) for name in FIELDS[:-1]], F.col("ts").alias("timestamp"), "batch_id"
    )
