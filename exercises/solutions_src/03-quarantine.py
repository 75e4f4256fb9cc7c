# include: _rules.py
rows.filter(F.col("reason").isNotNull()).select("batch_id", "reason", "raw").write.mode("overwrite").parquet(TABLE)
