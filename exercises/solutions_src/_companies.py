# The company dimension (exercise 09): one version per record of raw/companies.jsonl, from its
# effective_at (never the batch it came in) to the same company's next one. A record without a
# company_id or an effective_at says nothing usable; an onboarding record whose active flag is
# missing is active.
from pyspark.sql import Window

records = spark.read.json(f"{DATA_DIR}/raw/companies.jsonl")
by_company = Window.partitionBy("company_id")
versions = (
    records.filter(F.col("company_id").isNotNull() & F.col("effective_at").isNotNull())
    .select(
        "company_id",
        F.max("geography").over(by_company).alias("geography"),
        F.coalesce(F.col("active"), F.col("change") != "deactivated", F.lit(True)).alias("active"),
        F.to_timestamp("effective_at").alias("valid_from"),
    )
    .dropDuplicates(["company_id", "valid_from"])
    .withColumn("valid_to", F.lead("valid_from").over(by_company.orderBy("valid_from")))
    .withColumn("is_current", F.col("valid_to").isNull())
)
