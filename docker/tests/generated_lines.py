"""Helpers of the Spark checks of generated data (test_generated_data_spark.py): schemas,
timestamp conversions, and the matching of Spark rows to the generator's lines."""

from __future__ import annotations

import calendar
import json
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pyspark.sql import DataFrame, Row, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import BooleanType, StringType, StructField, StructType, TimestampType

EVENT_STRING_FIELDS = ("event_id", "driver_id", "company_id", "truck_id", "event_type")
EVENT_SCHEMA = StructType(
    [StructField(name, StringType()) for name in EVENT_STRING_FIELDS]
    + [
        StructField("timestamp", TimestampType()),
        StructField("_corrupt_record", StringType()),
    ]
)
COMPANY_SCHEMA = StructType(
    [
        StructField("company_id", StringType()),
        StructField("geography", StringType()),
        StructField("active", BooleanType()),
        StructField("created_at", TimestampType()),
        StructField("_corrupt_record", StringType()),
    ]
)
COMPANY_KEY_FIELDS = ("company_id", "geography", "active")

# Instants whose year, month, day, hour, minute and second all differ, so a field a form copies
# from the instant varies across them while a form's fixed text (`-13-`, `T25`, `N/A`) does not.
SHAPE_INSTANTS = (
    "2023-12-31T23:59:09.726Z",
    "2024-01-01T12:12:59.558Z",
    "2025-06-15T07:45:31.004Z",
)
# Extra instants for the direct Spark check: leap day, end of year, single-digit fields.
DIRECT_INSTANTS = (*SHAPE_INSTANTS, "2024-02-29T00:00:00.000Z", "2024-12-31T23:59:59.999Z")

VALID_SAMPLE = "2024-01-01T12:12:59.558Z"
ISO_INSTANT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z")
MAX_EXAMPLES = 10


# ---------------------------------------------------------------------------------------------
# Helpers


def iso_micros(text: Any) -> int | None:
    """Microseconds since the epoch of a strict `YYYY-MM-DDTHH:MM:SS[.fff]Z`, else None."""
    match = ISO_INSTANT.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction = match.groups()
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second),
            tzinfo=timezone.utc,
        )
    except ValueError:
        return None
    return calendar.timegm(moment.utctimetuple()) * 1_000_000 + int((fraction or "").ljust(6, "0"))


def micros_iso(micros: int | None) -> str | None:
    if micros is None:
        return None
    moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=micros)
    return moment.isoformat().replace("+00:00", "Z")


def examples(failures: list[Any]) -> str:
    shown = "\n  ".join(str(failure) for failure in failures[:MAX_EXAMPLES])
    hidden = len(failures) - MAX_EXAMPLES
    more = f"\n  ... and {hidden} more" if hidden > 0 else ""
    return f"{len(failures)} failing:\n  {shown}{more}"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines() if text]


def run_node_script(repo_root: Path, script: str, *args: str) -> str:
    node = shutil.which("node")
    assert node, "node is not on PATH"
    result = subprocess.run(
        [node, "--import", "tsx", str(repo_root / "docker" / "tests" / script), *args],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"{script} failed:\n{result.stderr}"
    return result.stdout


def shape_regex(samples: list[str]) -> re.Pattern[str]:
    """A regex for one form: text that is equal across the samples stays literal, digit runs
    that vary become `\\d{n}`."""
    token_lists = [re.findall(r"\d+|\D+", sample) for sample in samples]
    first = token_lists[0]
    assert all(len(tokens) == len(first) for tokens in token_lists), samples
    parts = []
    for column in zip(*token_lists):
        if len(set(column)) == 1:
            parts.append(re.escape(column[0]))
        else:
            widths = {len(token) for token in column}
            assert all(token.isdigit() for token in column) and len(widths) == 1, samples
            parts.append(rf"\d{{{widths.pop()}}}")
    return re.compile("".join(parts))


@dataclass(frozen=True)
class Line:
    """One line of a generated JSONL file and what its quality sidecar says about it."""

    batch: str
    number: int  # 1-based, as in the quality sidecar
    text: str
    record: dict[str, Any]
    issue: str | None


@dataclass(frozen=True)
class Batch:
    batch_id: str
    meta: dict[str, Any]
    lines: list[Line]
    start_us: int
    end_us: int


def load_lines(batch: str, data: Path, quality: Path, id_field: str) -> list[Line]:
    texts = data.read_text(encoding="utf-8").splitlines()
    issues: dict[int, dict[str, Any]] = {}
    for entry in read_jsonl(quality):
        number = entry["line"]
        assert 1 <= number <= len(texts), f"{quality}: line {number} out of range"
        assert number not in issues, f"{quality}: line {number} listed twice"
        issues[number] = entry
    lines = []
    for number, text in enumerate(texts, start=1):
        record = json.loads(text)
        entry = issues.get(number)
        if entry is not None and entry["issue"] in ("malformed_timestamp", "boundary_violation"):
            # One defect per record, so the id is intact: the sidecar points at the right line.
            assert record.get(id_field) == entry[id_field], f"{quality}: line {number} id differs"
        lines.append(Line(batch, number, text, record, entry["issue"] if entry else None))
    return lines


def pair_rows(
    lines: Iterable[Line],
    rows: Iterable[Row],
    line_key: Callable[[Line], Hashable],
    row_key: Callable[[Row], Hashable],
    line_value: Callable[[Line], int | None],
    row_value: Callable[[Row], int | None],
) -> tuple[list[tuple[Line, Row]], list[str]]:
    """Matches rows to lines by key. Lines sharing a key (duplicate copies, nulled ids) are
    paired in timestamp order. Returns the pairs and a description of every key whose line and
    row counts differ."""
    lines_by_key: dict[Hashable, list[Line]] = defaultdict(list)
    rows_by_key: dict[Hashable, list[Row]] = defaultdict(list)
    for line in lines:
        lines_by_key[line_key(line)].append(line)
    for row in rows:
        rows_by_key[row_key(row)].append(row)

    def order(value: int | None) -> tuple[bool, int]:
        return (value is None, value or 0)

    pairs: list[tuple[Line, Row]] = []
    mismatches: list[str] = []
    for key in lines_by_key.keys() | rows_by_key.keys():
        group_lines = sorted(lines_by_key.get(key, []), key=lambda ln: order(line_value(ln)))
        group_rows = sorted(rows_by_key.get(key, []), key=lambda rw: order(row_value(rw)))
        if len(group_lines) != len(group_rows):
            where = [f"{ln.batch}:{ln.number}" for ln in group_lines]
            mismatches.append(f"{key}: {len(group_lines)} line(s) {where}, {len(group_rows)} rows")
            continue
        pairs.extend(zip(group_lines, group_rows))
    return pairs, mismatches


def read_permissive(spark: SparkSession, schema: StructType, path: str) -> DataFrame:
    return (
        spark.read.schema(schema)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", "_corrupt_record")
        .json(path)
    )
