# include: _silver.py
silver.drop("interval_start").write.mode("overwrite").parquet(TABLE)
