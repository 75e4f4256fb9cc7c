"""A Delta table read without the Delta extension (the tests' one session has none): the data
files its log adds and does not remove, which is the table's current version."""

from __future__ import annotations

import json
from pathlib import Path


def delta_files(table: Path) -> list[str]:
    """The live data files of the Delta table at `table`, in the order its log added them."""
    live: dict[str, None] = {}
    for entry in sorted((table / "_delta_log").glob("*.json")):
        for line in entry.read_text(encoding="utf-8").splitlines():
            action = json.loads(line)
            if "add" in action:
                live[action["add"]["path"]] = None
            elif "remove" in action:
                live.pop(action["remove"]["path"], None)
    return [str(table / path) for path in live]


def delta_frame(spark, table: Path):
    """The table's current rows as a DataFrame (read as the Parquet files the log keeps)."""
    return spark.read.parquet(*delta_files(table))
