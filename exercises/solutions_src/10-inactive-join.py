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
    .option("checkpointLocation", CHECKPOINT)
    .trigger(availableNow=True)
    .start(TABLE)
)
query.awaitTermination()
print(spark.read.format("delta").load(TABLE).count(), "events of inactive companies")

# Event time or processing time? Event time: an event is compared with the spans its company was
# inactive, by its own timestamp, so the answer does not depend on when the query runs. Taking
# the status at processing time (the company's current version) would flag the events a company
# sent a minute before it left (it is inactive now) and miss the strays of one that has come back.
