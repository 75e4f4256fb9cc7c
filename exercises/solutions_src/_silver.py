# include: _rules.py
silver = (
    rows.filter(F.col("reason").isNull())
    .select(*[F.col(f"e.{name}").alias(name) for name in FIELDS[:-1]], F.col("ts").alias("timestamp"), "batch_id", "interval_start")
    .dropDuplicates(["event_id"])
)
