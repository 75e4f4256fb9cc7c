# include: _valid.py
# include: _companies.py

ZONES = {"US": "America/Chicago", "EU": "Europe/Berlin", "SA": "America/Sao_Paulo", "AUS": "Australia/Sydney"}
zones = spark.createDataFrame(list(ZONES.items()), "region string, time_zone string")

# Valid events of active companies (exercise 10), each with its company's region and zone.
inactive = versions.filter(~F.col("active"))
during = (
    (F.col("e.company_id") == F.col("i.company_id"))
    & (F.col("e.timestamp") >= F.col("i.valid_from"))
    & (F.col("i.valid_to").isNull() | (F.col("e.timestamp") < F.col("i.valid_to")))
)
silver = valid_events(batch_lines(spark.read.text(EVENTS))).dropDuplicates(["event_id"]).alias("e")
silver = silver.join(F.broadcast(inactive.alias("i")), during, "left_anti")
regions = versions.select("company_id", F.col("geography").alias("region")).distinct()
located = silver.join(F.broadcast(regions), "company_id").join(F.broadcast(zones), "region")

# The local date of each event, and how long that local day lasts: midnight to midnight, in UTC.
local = located.withColumn("local_date", F.to_date(F.from_utc_timestamp("timestamp", F.col("time_zone"))))
midnight = F.to_utc_timestamp(F.col("local_date").cast("timestamp"), F.col("time_zone"))
next_midnight = F.to_utc_timestamp(F.date_add("local_date", 1).cast("timestamp"), F.col("time_zone"))
count_of = lambda kind: F.count(F.when(F.col("event_type") == kind, 1))  # noqa: E731
regional = local.groupBy("region", "local_date").agg(
    F.count("*").alias("events"),
    count_of("start driving").alias("start_driving"),
    count_of("stopped driving").alias("stopped_driving"),
    count_of("delivered").alias("delivered"),
    F.countDistinct("driver_id").alias("active_drivers"),
    ((F.unix_timestamp(F.first(next_midnight)) - F.unix_timestamp(F.first(midnight))) / 3600).alias("hours_in_day"),
)
regional.write.mode("overwrite").parquet(TABLE)
regional.orderBy("region", "local_date").show()
