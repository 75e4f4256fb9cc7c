"""Checks the lake that the jobs wrote inside the Docker stack against the generator's own
records, with the same checks as the local tests (docker/tests/test_medallion.py), limited to
the batches bronze ingested (the generator kept writing while the jobs ran).

    python3 lake_counts.py <data folder>   prints one JSON object of findings
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def committed_bronze_files(data: Path) -> list[str]:
    """The files bronze's sink log committed. The log names them by their path inside the
    container (/data/...), so a plain read of the folder from this machine finds nothing."""
    files: set[str] = set()
    for log in sorted((data / "lake" / "bronze" / "_spark_metadata").iterdir()):
        if log.name.startswith("."):
            continue
        for line in log.read_text().splitlines()[1:]:
            entry = json.loads(line)
            path = entry["path"].removeprefix("file://").removeprefix("file:")
            if entry.get("action", "add") == "add":
                files.add(str(data / Path(path).relative_to("/data")))
    return sorted(files)


def main(data: Path) -> dict:
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("engine-lane-checks")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    lake = data / "lake"
    metas = {m["batch_id"]: m for m in (json.loads(p.read_text()) for p in (data / "raw" / "events").glob("*/batch_meta.json"))}
    bronze = spark.read.parquet(*committed_bronze_files(data))
    per_batch = {r["batch_id"]: r["count"] for r in bronze.groupBy("batch_id").count().collect()}
    ingested = sorted(per_batch)
    silver = spark.read.parquet(str(lake / "silver"))
    quarantine = spark.read.parquet(str(lake / "quarantine")).select("batch_id", "reason", "raw").collect()
    expected_defects: Counter = Counter()
    for batch_id in ingested:
        folder = data / "raw" / "events" / batch_id
        quality = folder / "_quality.jsonl"
        if quality.exists():
            lines = (folder / "events.jsonl").read_text().split("\n")
            for entry in map(json.loads, quality.read_text().splitlines()):
                expected_defects[(batch_id, entry["issue"], lines[entry["line"] - 1])] += 1
    gold = spark.read.parquet(str(lake / "gold")).agg(F.sum("events").alias("events"), F.sum("delivered").alias("delivered")).first()
    by_type = {r["event_type"]: r["count"] for r in silver.groupBy("event_type").count().collect()}
    return {
        "batches_on_disk": len(metas),
        "batches_in_bronze": len(ingested),
        "bronze_rows": bronze.count(),
        "bronze_mismatched_batches": [b for b in ingested if b not in metas or per_batch[b] != metas[b]["record_count"]],
        "record_count_of_ingested": sum(metas[b]["record_count"] for b in ingested if b in metas),
        "silver_distinct_events": silver.select("event_id").distinct().count(),
        "silver_rows": silver.count(),
        "event_count_of_ingested": sum(metas[b]["event_count"] for b in ingested if b in metas),
        "quarantine_rows": len(quarantine),
        "quarantine_equals_quality_files": Counter((r["batch_id"], r["reason"], r["raw"]) for r in quarantine) == expected_defects,
        "defective_lines_of_ingested": sum(expected_defects.values()),
        "gold_events": gold["events"],
        "gold_delivered": gold["delivered"],
        "silver_delivered": by_type.get("delivered", 0),
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
