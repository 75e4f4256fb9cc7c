# include: _rules.py
off_interval = (
    rows.filter(F.col("reason") == "boundary_violation")
    .groupBy("batch_id", F.col("e.company_id").alias("company_id"))
    .agg(
        F.count(F.when(F.col("ts") < F.col("interval_start"), 1)).alias("before"),
        F.count(F.when(F.col("ts") >= F.col("interval_end"), 1)).alias("after"),
    )
)
off_interval.write.mode("overwrite").parquet(TABLE)
