"""The checks of the layout exercise (12-layout): the table's rows are gold (checks.check_gold),
and its layout is right: partitioned by the interval's UTC date, the partition values agree with
the rows, and the small files are compacted (at most one data file per partition). Never timing:
only what is on disk. The data files are the table's current ones (DataFrame.inputFiles(): for
Delta the snapshot's, not the files OPTIMIZE replaced and VACUUM has not removed yet)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlparse

from answer_key import AnswerKey
from scorecard import Scorecard

PARTITION = "date"
FILES_PER_PARTITION = 1


def partition_columns(table: Path, fmt: str, files: list[str]) -> list[str]:
    """The table's partition columns: Delta's metadata (the last metaData action of the log), or
    the name=value folders between the table and its files."""
    if fmt == "delta":
        columns: list[str] = []
        for log in sorted((table / "_delta_log").glob("*.json")):
            for line in log.read_text(encoding="utf-8").splitlines():
                action = json.loads(line) if line.strip() else {}
                if "metaData" in action:
                    columns = list(action["metaData"].get("partitionColumns") or [])
        return columns
    names: list[str] = []
    for f in files:
        parts = relative_parts(table, f)[:-1]
        found = [p.split("=", 1)[0] for p in parts if "=" in p]
        if len(found) > len(names):
            names = found
    return names


def relative_parts(table: Path, file: str) -> list[str]:
    parsed = urlparse(file)
    path = Path(unquote(parsed.path)) if len(parsed.scheme) > 1 else Path(file)  # file:/…, not C:\…
    try:
        return list(path.resolve().relative_to(table.resolve()).parts)
    except ValueError:
        return [path.name]


def partition_of(table: Path, file: str) -> str:
    """The partition folder of a data file ("" at the table's root)."""
    return "/".join(relative_parts(table, file)[:-1])


def check_layout(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    from checks import check_gold  # the rows are gold's: same columns, same key

    check_gold(spark, frame, fmt, key, card)
    table = Path(card.table)
    files = [f for f in frame.inputFiles() if not Path(urlparse(f).path).name.startswith((".", "_"))]
    columns = partition_columns(table, fmt, files)
    per_partition = Counter(partition_of(table, f) for f in files)
    if columns == [PARTITION]:
        message = ""
    elif not columns:
        message = (f"the table is not partitioned: write it with partitionBy(\"{PARTITION}\") (the interval's UTC date), "
                   "so a query for one day reads one folder")
    else:
        message = (f"partitioned by {', '.join(columns)} ({len(per_partition)} partitions): partition by a column with few values "
                   f"that queries filter on, {PARTITION} (the interval's UTC date); many partitions mean many small files")
    card.add(f"partitioned by {PARTITION}", columns == [PARTITION], PARTITION, ", ".join(columns) or "not partitioned", message,
             [f"{n} files in {p or '(the table root)'}" for p, n in per_partition.most_common()])
    if PARTITION in frame.columns and "interval_start" in frame.columns:
        from pyspark.sql import functions as F

        wrong = frame.filter(~F.col(PARTITION).cast("date").eqNullSafe(F.to_date("interval_start"))).limit(5).collect()
        card.add(f"{PARTITION} is the interval's UTC date", not wrong, "to_date(interval_start)", f"{len(wrong)}{'+' if len(wrong) == 5 else ''} rows differ",
                 f"{PARTITION} must be the UTC date of interval_start (the session's time zone is UTC): a row in the wrong folder is skipped by a query for its day",
                 [f"{r['company_id']} at {r['interval_start']}: {PARTITION} {r[PARTITION]}" for r in wrong])
    worst = max(per_partition.values(), default=0)
    crowded = {p: n for p, n in per_partition.items() if n > FILES_PER_PARTITION}
    card.add(f"at most {FILES_PER_PARTITION} data file per partition (compacted)", bool(files) and not crowded,
             f"<= {FILES_PER_PARTITION} per partition", f"{len(files)} files in {len(per_partition)} partitions (up to {worst} in one)",
             f"{len(files)} small files: each shuffle partition writes a file into every partition folder it has rows for; compact them: "
             "repartition by the partition column before writing (or coalesce), or OPTIMIZE a Delta table"
             + (" (fewer shuffle partitions make fewer files too: spark.sql.shuffle.partitions)" if worst >= 8 else ""),
             [f"{n} files in {p or '(the table root)'}" for p, n in sorted(crowded.items(), key=lambda kv: -kv[1])])
