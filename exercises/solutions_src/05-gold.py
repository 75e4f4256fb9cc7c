# include: _silver.py
count_of = lambda kind: F.count(F.when(F.col("event_type") == kind, 1))
gold = silver.groupBy("company_id", "interval_start").agg(
    F.count("*").alias("events"),
    count_of("start driving").alias("start_driving"),
    count_of("stopped driving").alias("stopped_driving"),
    count_of("delivered").alias("delivered"),
    F.countDistinct("driver_id").alias("active_drivers"),
)
gold.write.mode("overwrite").parquet(TABLE)
