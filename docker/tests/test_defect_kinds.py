"""The Python side names the defects as TypeScript does: the kinds and the quarantine's rules
come from docker/spark/jobs/defect_kinds.json (written from shared/defect-kinds.ts; vitest's
shared/defect-kinds.test.ts keeps the two equal), and every Spark session comes from the one
builder in common.py."""

from __future__ import annotations

import ast
import importlib
import json
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
JOBS = REPO_ROOT / "docker" / "spark" / "jobs"
CHECKER = REPO_ROOT / "exercises" / "checker"
FILE = json.loads((JOBS / "defect_kinds.json").read_text(encoding="utf-8"))

sys.path[:0] = [str(CHECKER), str(REPO_ROOT / "exercises")]
common = importlib.import_module("common")
checks = importlib.import_module("checks")


def python_sources() -> list[Path]:
    """Every Python file of the jobs, the pipeline, the checker, the notebooks' writer and the tests."""
    files = [*JOBS.rglob("*.py"), *CHECKER.glob("*.py"), REPO_ROOT / "exercises" / "make_notebooks.py", *Path(__file__).parent.glob("*.py")]
    files += [REPO_ROOT / "docker" / "spark" / "runner" / "job_runner.py"]
    return sorted(f for f in files if "__pycache__" not in f.parts)


def test_common_loads_the_kinds_and_rules_of_the_shared_file():
    assert common.DEFECT_KINDS == FILE["defect_kinds"]
    assert common.QUARANTINE_RULES == FILE["quarantine_rules"]
    assert common.LIFECYCLE_DEFECT_KINDS == FILE["lifecycle_defect_kinds"]
    assert set(FILE["quarantine_rules"]) == {"corrupt_record", *FILE["defect_kinds"], *FILE["lifecycle_defect_kinds"]}


def test_the_checker_takes_the_kinds_from_common():
    assert checks.DEFECT_KINDS is common.DEFECT_KINDS
    # The quarantine exercise leaves duplicates to the silver one.
    assert checks.QUARANTINE_KINDS == [k for k in FILE["defect_kinds"] if k != "duplicate"]


def test_no_python_source_writes_its_own_list_of_defect_kinds():
    kinds = set(FILE["defect_kinds"])
    found = []
    for path in python_sources():
        if path == Path(__file__):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
                named = [e.value for e in node.elts if isinstance(e, ast.Constant) and e.value in kinds]
                # A list of the kinds, not two picked for a reason (the timestamp ones, say).
                if len(named) >= 4:
                    found.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}: {named}")
    assert not found, "defect kinds listed by hand (use common.DEFECT_KINDS / QUARANTINE_RULES):\n" + "\n".join(found)


def test_every_spark_session_comes_from_the_one_builder():
    builders = []
    for path in python_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "builder" and isinstance(node.value, ast.Name) and node.value.id == "SparkSession":
                builders.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    assert builders == [f"docker/spark/jobs/common.py:{line}" for line in lines_of(JOBS / "common.py", "SparkSession.builder")], builders


def lines_of(path: Path, text: str) -> list[int]:
    return [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]


def test_the_reference_solutions_use_the_shared_rule_names():
    """The notebooks' rules are teaching code, written out for the student: they name exactly
    the rules the pipeline checks (bar Spark's corrupt_record, the silver exercise's duplicate
    and the lifecycle's kinds, which need the company dimension), in the same order."""
    make = importlib.import_module("make_notebooks")  # the rules: exercises/solutions_src/_rules.py
    constants = sorted((n.lineno, n.col_offset, n.value) for n in ast.walk(ast.parse(make.solution_source("_rules.py"))) if isinstance(n, ast.Constant) and n.value in FILE["quarantine_rules"])
    named = [value for (_, _, value) in constants]
    assert named == [r for r in FILE["quarantine_rules"] if r not in ("corrupt_record", "duplicate", *FILE["lifecycle_defect_kinds"])]


@pytest.fixture()
def rows(spark):
    """One line that breaks two rules (driver_id missing, an unknown event_type) and one valid."""
    from datetime import datetime

    from pyspark.sql import functions as F

    valid = {"event_id": "b", "driver_id": "d", "company_id": "c", "truck_id": "t", "event_type": "delivered", "timestamp": "2024-01-01T00:00:01.000Z"}
    broken = {**valid, "event_id": "a", "event_type": "flying"}
    del broken["driver_id"]
    frame = spark.createDataFrame(
        [(json.dumps(r), *(r.get(f) for f in common.EVENT_FIELDS), None) for r in (broken, valid)],
        ", ".join(["raw string", *(f"{f} string" for f in common.EVENT_FIELDS), "_corrupt_record string"]),
    )
    return (
        frame.withColumn("ts", F.to_timestamp("timestamp", common.TIMESTAMP_FORMAT))
        .withColumn("interval_start", F.lit(datetime(2024, 1, 1)))
        .withColumn("interval_end", F.lit(datetime(2024, 1, 1, 0, 15)))
    )


def reasons(frame) -> dict:
    return {r["event_id"]: r["reason"] for r in common.with_reason(frame).select("event_id", "reason").collect()}


def test_rows_get_the_first_rule_they_break_in_the_shared_order(rows, monkeypatch):
    assert reasons(rows) == {"a": "missing_field", "b": None}
    swapped = list(FILE["quarantine_rules"])
    i, j = swapped.index("missing_field"), swapped.index("invalid_enum")
    swapped[i], swapped[j] = swapped[j], swapped[i]
    monkeypatch.setattr(common, "QUARANTINE_RULES", swapped)
    assert reasons(rows) == {"a": "invalid_enum", "b": None}


def test_a_rule_the_jobs_do_not_know_is_an_error(rows, monkeypatch):
    monkeypatch.setattr(common, "QUARANTINE_RULES", [*FILE["quarantine_rules"], "late_arrival"])
    with pytest.raises(RuntimeError, match="late_arrival"):
        common.with_reason(rows)
