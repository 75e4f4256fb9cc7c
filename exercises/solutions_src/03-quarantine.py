import json

from pyspark.testing import assertDataFrameEqual


def quarantine(lines, metas):
    """The rejected lines (batch_id, reason, raw) of `lines` (batch_id, raw), each with the first
    rule it breaks; `metas` (batch_id, interval_start, interval_end) gives each batch's interval."""
    schema = StructType([StructField(name, StringType()) for name in FIELDS])
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
    return rows.withColumn("reason", reason).filter(F.col("reason").isNotNull()).select("batch_id", "reason", "raw")


# Labelled lines: one per rule, a valid one (never quarantined), and the edges of the rules.
BATCH = "20240101T000000Z"
GOOD = {"event_id": "e1", "driver_id": "d1", "company_id": "c1", "truck_id": "t1", "event_type": "delivered", "timestamp": "2024-01-01T00:05:00.000Z"}
LABELLED = [
    (GOOD, None),
    ({k: v for k, v in GOOD.items() if k != "truck_id"}, "missing_field"),
    (GOOD | {"driver_id": None}, "null_value"),
    (GOOD | {"event_type": "flying"}, "invalid_enum"),
    (GOOD | {"timestamp": "2024/01/01 00:05:00"}, "malformed_timestamp"),
    (GOOD | {"timestamp": "2024-01-01T00:20:00.000Z"}, "boundary_violation"),
    (GOOD | {"timestamp": "2024-01-01T00:15:00.000Z"}, "boundary_violation"),  # interval_end is exclusive
    (GOOD | {"timestamp": "2024-01-01T00:00:00.000Z"}, None),  # interval_start is inclusive
    ({k: v for k, v in GOOD.items() if k != "truck_id"} | {"event_type": "flying"}, "missing_field"),  # the first rule wins
    (GOOD | {"driver_id": None, "timestamp": "not-a-timestamp"}, "null_value"),
]


def test_each_line_gets_the_first_reason_that_applies(spark):
    lines = spark.createDataFrame([(BATCH, json.dumps(record)) for record, _ in LABELLED], "batch_id string, raw string")
    metas = spark.createDataFrame([(BATCH, "2024-01-01T00:00:00Z", "2024-01-01T00:15:00Z")], "batch_id string, interval_start string, interval_end string")
    metas = metas.select("batch_id", F.to_timestamp("interval_start").alias("interval_start"), F.to_timestamp("interval_end").alias("interval_end"))
    expected = spark.createDataFrame([(BATCH, reason, json.dumps(record)) for record, reason in LABELLED if reason], "batch_id string, reason string, raw string")
    assertDataFrameEqual(quarantine(lines, metas), expected)


def test_batch_meta_interval_start_has_no_fraction(spark):
    # What Spark reads from batch_meta.json: the events' pattern (with .SSS) would give null.
    meta = spark.createDataFrame([("2024-01-01T00:15:00Z",)], "interval_start string")
    assert meta.select(F.to_timestamp("interval_start").isNotNull().alias("ok")).first().ok


run_tests(globals())

# Then the data.
# include: _lines.py
metas = spark.read.option("multiLine", True).json(METAS).select(
    "batch_id", F.to_timestamp("interval_start").alias("interval_start"), F.to_timestamp("interval_end").alias("interval_end")
)
quarantine(lines, metas).write.mode("overwrite").parquet(TABLE)
