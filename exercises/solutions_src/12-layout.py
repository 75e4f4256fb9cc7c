# include: _valid.py
from delta.tables import DeltaTable

# A few hundred thousand rows a batch: a handful of shuffle partitions is plenty (the default is
# 200). Adaptive execution (AQE) would merge small shuffle partitions at run time; off here, to
# see the plan as written and the files it makes.
spark.conf.set("spark.sql.shuffle.partitions", 8)
spark.conf.set("spark.sql.adaptive.enabled", False)
events = valid_events(batch_lines(spark.read.text(EVENTS)))
count_of = lambda kind: F.count(F.when(F.col("event_type") == kind, 1))  # noqa: E731
gold = (
    events.groupBy("company_id", F.window("timestamp", "15 minutes").start.alias("interval_start"))
    .agg(
        F.count("*").alias("events"),
        count_of("start driving").alias("start_driving"),
        count_of("stopped driving").alias("stopped_driving"),
        count_of("delivered").alias("delivered"),
        F.countDistinct("driver_id").alias("active_drivers"),
    )
    .withColumn("date", F.to_date("interval_start"))
)
# The plan: the batches' metas (a few rows) are broadcast to the events (BroadcastHashJoin, no
# shuffle of the big side); the aggregation shuffles once (Exchange hashpartitioning, 8 partitions).
gold.explain()

# Written as it comes: each of the 8 shuffle partitions writes a file into every date folder.
gold.write.format("delta").mode("overwrite").option("overwriteSchema", True).partitionBy("date").save(TABLE)
table = DeltaTable.forPath(spark, TABLE)
print("files before compacting:", table.detail().first()["numFiles"])
# Compacting: OPTIMIZE rewrites each date's small files into one (the old ones stay in the log's
# history until VACUUM). Without Delta: gold.repartition("date").write.partitionBy("date")...
table.optimize().executeCompaction()
print("files after compacting:", table.detail().first()["numFiles"])
