# include: _rules.py
late = (
    rows.filter(F.col("reason") == "boundary_violation")
    .groupBy("batch_id", F.col("e.company_id").alias("company_id"))
    .agg(
        F.count(F.when(F.col("ts") < F.col("interval_start"), 1)).alias("early"),
        F.count(F.when(F.col("ts") >= F.col("interval_end"), 1)).alias("late"),
    )
)
late.write.mode("overwrite").parquet(TABLE)
