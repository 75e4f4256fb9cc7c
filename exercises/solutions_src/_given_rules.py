# Given: exercise 3's rules for the lines of a stream (batch_id, raw). with_reason(lines) adds
# e (the parsed fields), ts, interval_start and reason: the first rule a line breaks, or null.
# A batch's interval is [batch_id, batch_id + 15 minutes), as its batch_meta.json says.
from delta.tables import DeltaTable

SCHEMA = StructType([StructField(name, StringType()) for name in FIELDS])


def with_reason(lines):
    keys = F.map_keys(F.from_json("raw", "map<string,string>"))
    rows = (
        lines.withColumn("e", F.from_json("raw", SCHEMA))
        .withColumn("ts", F.to_timestamp("e.timestamp", "yyyy-MM-dd'T'HH:mm:ss.SSSX"))
        .withColumn("interval_start", F.to_timestamp("batch_id", "yyyyMMdd'T'HHmmss'Z'"))
    )
    missing = F.lit(False)
    nulls = F.lit(False)
    for name in FIELDS:
        missing = missing | ~F.array_contains(keys, name)
        nulls = nulls | F.col(f"e.{name}").isNull()
    end = F.col("interval_start") + F.expr("INTERVAL 15 MINUTES")
    reason = (
        F.when(missing, "missing_field")
        .when(nulls, "null_value")
        .when(~F.col("e.event_type").isin("start driving", "stopped driving", "delivered"), "invalid_enum")
        .when(F.col("ts").isNull(), "malformed_timestamp")
        .when((F.col("ts") < F.col("interval_start")) | (F.col("ts") >= end), "boundary_violation")
    )
    return rows.withColumn("reason", reason)


def stream_lines():
    """The raw lines as a stream: (batch_id, raw), at most 2 batch files per micro-batch."""
    return (
        spark.readStream.option("maxFilesPerTrigger", 2)
        .text(EVENTS)
        .select(F.regexp_extract("_metadata.file_path", r"events/([0-9TZ]+)/events\.jsonl", 1).alias("batch_id"), F.col("value").alias("raw"))
    )
