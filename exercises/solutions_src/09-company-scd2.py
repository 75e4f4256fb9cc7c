# include: _companies.py
from delta.tables import DeltaTable

# 1. The dimension as it was before regions existed: each company's first version, no geography.
first = Window.partitionBy("company_id").orderBy("valid_from")
initial = (
    versions.withColumn("n", F.row_number().over(first))
    .filter("n = 1")
    .select("company_id", "active", "valid_from", F.lit(None).cast("timestamp").alias("valid_to"), F.lit(True).alias("is_current"))
)
initial.write.format("delta").mode("overwrite").option("overwriteSchema", True).save(TABLE)


# 2. Every version, with geography: one MERGE on the version's key. New versions are inserted,
# known ones get their valid_to, is_current (and the new column) from the source. Schema
# evolution adds geography to the table; running it twice changes nothing.
def merge_versions() -> None:
    (
        DeltaTable.forPath(spark, TABLE)
        .alias("t")
        .merge(versions.alias("s"), "t.company_id = s.company_id AND t.valid_from = s.valid_from")
        .withSchemaEvolution()
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .execute()
    )


merge_versions()
merge_versions()
dimension = spark.read.format("delta").load(TABLE)
left = dimension.filter(~F.col("active")).select("company_id").distinct()
dimension.join(left, "company_id").orderBy("company_id", "valid_from").show(6, truncate=False)
DeltaTable.forPath(spark, TABLE).history().select("version", "operation").show()
