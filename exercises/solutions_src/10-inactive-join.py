# include: _valid.py
# include: _companies.py

# When was each company inactive? Its inactive versions: [valid_from, valid_to), by event time.
inactive = versions.filter(~F.col("active")).select(
    F.col("company_id").alias("inactive_company"), F.col("valid_from").alias("inactive_from"), F.col("valid_to").alias("inactive_to")
)
inactive = spark.createDataFrame(inactive.collect(), inactive.schema)  # small: the same in every micro-batch

events = valid_events(batch_lines(spark.readStream.text(EVENTS)))
during = (
    (F.col("company_id") == F.col("inactive_company"))
    & (F.col("timestamp") >= F.col("inactive_from"))
    & (F.col("inactive_to").isNull() | (F.col("timestamp") < F.col("inactive_to")))
)
strays = events.join(F.broadcast(inactive), during).select("event_id", "company_id", "timestamp", "batch_id", "inactive_from")
query = (
    strays.writeStream.format("delta")
    .outputMode("append")
    .option("checkpointLocation", f"{DATA_DIR}/checkpoints/inactive")
    .trigger(availableNow=True)
    .start(TABLE)
)
query.awaitTermination()
print(spark.read.format("delta").load(TABLE).count(), "events of inactive companies")
