"""Writes the starter and reference-solution notebooks of the exercises from one source, so
the two never drift apart: same setup, same data path cell, and the solution cell empty in
the starter. Run after changing an exercise; the Spark tests fail when a notebook is stale.

  python3 exercises/make_notebooks.py [--check]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent

# The one line `Prepare data` rewrites with the exercise's data folder.
DATA_LINE = 'DATA_DIR = "data/exercises/{id}"  # Prepare data fills in this exercise\'s folder'

# The session comes from the notebooks' helper (exercises/notebook/spark_experiments.py): on
# the stack's cluster in the app's JupyterLab, local[*] in a Jupyter on the student's machine,
# with the same settings (UTC, CORRECTED parsing, 4 shuffle partitions). Prepare puts the helper
# beside the notebook; the stack mounts it. DATA_DIR is the folder Prepare filled in when it
# is there, else the notebook's own folder (in the stack the data folder is /data).
SETUP = '''from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType
from spark_experiments import check, exercise, session

DATA_DIR = exercise("{id}", "{checker}", DATA_DIR, "{path}")
spark = session("{id}")  # in the app's JupyterLab: the stack's Spark cluster; elsewhere local[*]

EVENTS = f"{{DATA_DIR}}/raw/events/*/events.jsonl"  # one folder per batch
METAS = f"{{DATA_DIR}}/raw/events/*/batch_meta.json"  # each batch's interval_start / interval_end
TABLE = f"{{DATA_DIR}}/{path}"  # what you write, and what is checked
FIELDS = ["event_id", "driver_id", "company_id", "truck_id", "event_type", "timestamp"]
print("reading", EVENTS)
print("writing", TABLE)'''

STARTER_CELL = """# Your solution: build the table, then write it to TABLE, e.g.
#   result.write.mode("overwrite").parquet(TABLE)
"""

# The same scorecard as Check my answer, with this notebook's SparkSession.
DONE = "check()  # is TABLE right? the scorecard of Check my answer"

# Pieces the solutions share.
LINES = '''lines = spark.read.text(EVENTS).select(
    F.regexp_extract(F.input_file_name(), r"events/([0-9TZ]+)/events\\.jsonl", 1).alias("batch_id"),
    F.col("value").alias("raw"),
)'''

RULES = LINES + '''
schema = StructType([StructField(name, StringType()) for name in FIELDS])
metas = spark.read.option("multiLine", True).json(METAS).select(
    "batch_id", F.to_timestamp("interval_start").alias("interval_start"), F.to_timestamp("interval_end").alias("interval_end")
)
rows = (
    lines.withColumn("e", F.from_json("raw", schema))
    .withColumn("keys", F.map_keys(F.from_json("raw", "map<string,string>")))
    .withColumn("ts", F.to_timestamp("e.timestamp", "yyyy-MM-dd'T'HH:mm:ss.SSSX"))
    .join(metas, "batch_id")
)
missing = F.lit(False)
nulls = F.lit(False)
for name in FIELDS:
    missing = missing | ~F.array_contains("keys", name)
    nulls = nulls | F.col(f"e.{name}").isNull()
reason = (
    F.when(missing, "missing_field")
    .when(nulls, "null_value")
    .when(~F.col("e.event_type").isin("start driving", "stopped driving", "delivered"), "invalid_enum")
    .when(F.col("ts").isNull(), "malformed_timestamp")
    .when((F.col("ts") < F.col("interval_start")) | (F.col("ts") >= F.col("interval_end")), "boundary_violation")
)
rows = rows.withColumn("reason", reason)'''

SILVER = RULES + '''
silver = (
    rows.filter(F.col("reason").isNull())
    .select(*[F.col(f"e.{name}").alias(name) for name in FIELDS[:-1]], F.col("ts").alias("timestamp"), "batch_id", "interval_start")
    .dropDuplicates(["event_id"])
)'''

SOLUTIONS = {
    "01-bronze": LINES + '''
lines.write.mode("overwrite").parquet(TABLE)''',
    "02-timestamps": LINES + '''
schema = StructType([StructField(name, StringType()) for name in FIELDS])
typed = (
    lines.withColumn("e", F.from_json("raw", schema))
    .select(
        "batch_id",
        F.col("e.event_id").alias("event_id"),
        F.to_timestamp("e.timestamp", "yyyy-MM-dd'T'HH:mm:ss.SSSX").alias("timestamp"),
    )
    .filter(F.col("event_id").isNotNull())
)
typed.write.mode("overwrite").parquet(TABLE)''',
    "03-quarantine": RULES + '''
rows.filter(F.col("reason").isNotNull()).select("batch_id", "reason", "raw").write.mode("overwrite").parquet(TABLE)''',
    "04-silver": SILVER + '''
silver.drop("interval_start").write.mode("overwrite").parquet(TABLE)''',
    "05-gold": SILVER + '''
count_of = lambda kind: F.count(F.when(F.col("event_type") == kind, 1))
gold = silver.groupBy("company_id", "interval_start").agg(
    F.count("*").alias("events"),
    count_of("start driving").alias("start_driving"),
    count_of("stopped driving").alias("stopped_driving"),
    count_of("delivered").alias("delivered"),
    F.countDistinct("driver_id").alias("active_drivers"),
)
gold.write.mode("overwrite").parquet(TABLE)''',
    "06-late": RULES + '''
late = (
    rows.filter(F.col("reason") == "boundary_violation")
    .groupBy("batch_id", F.col("e.company_id").alias("company_id"))
    .agg(
        F.count(F.when(F.col("ts") < F.col("interval_start"), 1)).alias("early"),
        F.count(F.when(F.col("ts") >= F.col("interval_end"), 1)).alias("late"),
    )
)
late.write.mode("overwrite").parquet(TABLE)''',
}


def front_matter(text: str) -> tuple[dict, str]:
    import yaml

    head, body = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S).groups()
    fields = yaml.safe_load(head)
    fields["path"] = fields["table"]["path"]
    return fields, body.strip()


def notebook(fields: dict, body: str, solution: str | None):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    title = fields["title"] + ("  (reference solution)" if solution else "")
    # Prepare fills in the app's data folder, as it fills in DATA_DIR.
    check = f"npm run check -- --exercise {fields['id']} --data-dir data"
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\n{body}\n\nWhen your table is written, check it: run the last cell (`check()`), **Check my answer** in the Exercises panel, or `{check}`."),
        nbformat.v4.new_code_cell(DATA_LINE.format(id=fields["id"]), metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(SETUP.format(id=fields["id"], checker=fields["checker"], path=fields["path"])),
        nbformat.v4.new_markdown_cell("## Your solution\n\nHints:\n" + "\n".join(f"- {h}" for h in fields["hints"])),
        nbformat.v4.new_code_cell(solution if solution else STARTER_CELL, metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell(DONE),
    ]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{fields['id']}-{i}"
    return nb


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="fail when a notebook differs from what would be written")
    args = p.parse_args(argv)
    stale = []
    for md in sorted(HERE.glob("[0-9][0-9]-*.md")):
        fields, body = front_matter(md.read_text(encoding="utf-8"))
        for folder, solution in (("starters", None), ("solutions", SOLUTIONS[fields["id"]])):
            path = HERE / folder / f"{fields['id']}.ipynb"
            text = nbformat.writes(notebook(fields, body, solution)) + "\n"
            if path.exists() and path.read_text(encoding="utf-8") == text:
                continue
            stale.append(str(path.relative_to(HERE.parent)))
            if not args.check:
                path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("stale notebooks (run python3 exercises/make_notebooks.py):", *stale, sep="\n  ")
        return 1
    if not args.check:
        print(f"wrote {len(stale)} notebooks" if stale else "notebooks up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
