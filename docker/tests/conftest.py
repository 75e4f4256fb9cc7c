"""Shared fixtures for the Spark checks: one local SparkSession and one generated dataset."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lane_schedule import LongestFirst
from lane_schedule import pytest_terminal_summary  # noqa: F401 (a hook: the seconds per test file)

REPO_ROOT = Path(__file__).resolve().parents[2]
JOBS_DIR = REPO_ROOT / "docker" / "spark" / "jobs"
# The jobs' modules (common: the one session builder) for every test file.
sys.path.insert(0, str(JOBS_DIR))

# PySpark hands TimestampType values to Python in the process's time zone: UTC, as the data.
os.environ["TZ"] = "UTC"
time.tzset()

# Two days of the quality-injection preset: every defect kind, in every batch.
GENERATE_ARGS = [
    "--preset",
    "quality-injection",
    "--from",
    "2024-01-01T00:00:00Z",
    "--to",
    "2024-01-03T00:00:00Z",
    "--workers",
    "2",
]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory):
    # Imported here so a missing pyspark is an error in the tests, not a collection skip.
    from common import session

    warehouse = tmp_path_factory.mktemp("spark-warehouse")
    # Spark's default time parser policy: the data tests show what a default read does.
    spark = session(
        "spark-experiments-tests",
        "local[2]",
        partitions="2",
        local=True,
        log_level="ERROR",
        parser_policy=None,
        config={"spark.sql.warehouse.dir": str(warehouse)},
    )
    yield spark
    spark.stop()


@pytest.fixture(scope="session")
def npm():
    """Runs `npm run -s ARGS...` in the repository (the project's own CLI), output captured."""
    exe = shutil.which("npm")
    assert exe, "npm is not on PATH"

    def run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        return subprocess.run(
            [exe, "run", "-s", *args],
            cwd=REPO_ROOT,
            env={**os.environ, "NO_COLOR": "1"},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run


@pytest.fixture(scope="session")
def dataset_dir(npm, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generates the dataset once per session with the project's own CLI."""
    data_dir = tmp_path_factory.mktemp("quality-injection")
    result = npm("generate", "--", *GENERATE_ARGS, "--data-dir", str(data_dir), timeout=300)
    assert result.returncode == 0, (
        f"generate exited with {result.returncode}\n"
        f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    assert (data_dir / "raw" / "companies.jsonl").is_file(), result.stdout
    return data_dir


@pytest.fixture(scope="session")
def lake(spark, dataset_dir, tmp_path_factory):
    """The medallion jobs (docker/spark/jobs) run once over the dataset: bronze, silver, gold."""
    import importlib
    import json

    bronze = importlib.import_module("bronze")
    silver = importlib.import_module("silver")
    gold = importlib.import_module("gold")
    lake = tmp_path_factory.mktemp("lake")
    summary = bronze.run(spark, str(dataset_dir), str(lake), once=True, max_files=1)
    (lake / "bronze-summary.json").write_text(json.dumps(summary))
    silver.run(spark, str(dataset_dir), str(lake))
    gold.run(spark, str(dataset_dir), str(lake))
    return lake


def pytest_configure(config: pytest.Config) -> None:
    # Only with xdist: its scheduler hook is unknown to a pytest without it.
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(LongestFirst(), "spark-lane-longest-first")
