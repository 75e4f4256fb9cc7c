# include: _lines.py
lines.write.mode("overwrite").parquet(TABLE)
