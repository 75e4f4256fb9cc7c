# include: _given_rules.py


def silver_rows(lines):
    """Exercise 5's silver rows of `lines`: the valid ones, typed (not de-duplicated)."""
    return with_reason(lines).filter(F.col("reason").isNull()).select(
        *[F.col(f"e.{name}").alias(name) for name in FIELDS[:-1]], F.col("ts").alias("timestamp"), "batch_id"
    )
