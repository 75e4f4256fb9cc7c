"""The notebooks' helper (exercises/notebook/spark_experiments.py) with real pyspark: check()
prints the scorecard `npm run check` prints, made with the caller's SparkSession (the one
checker function the CLI uses too), from the answer key Prepare wrote; the exercise folder is
found where the notebook runs; session() picks the stack's cluster or local[*]."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
HELPER_DIR = REPO_ROOT / "exercises" / "notebook"


@pytest.fixture(scope="module")
def helper():
    sys.path.insert(0, str(HELPER_DIR))
    module = importlib.import_module("spark_experiments")
    yield module
    module._current.clear()


@pytest.fixture(scope="module")
def bronze(npm, spark, tmp_path_factory):
    """01-bronze prepared by the CLI, and a correct bronze table written into it."""
    from pyspark.sql import functions as F

    data = tmp_path_factory.mktemp("helper-course")
    prepared = npm("exercises", "--", "prepare", "01-bronze", "--json", "--data-dir", str(data))
    assert prepared.returncode == 0, prepared.stderr
    view = json.loads(prepared.stdout)
    lines = spark.read.text(f"{view['folder']}/raw/events/*/events.jsonl").select(
        F.regexp_extract(F.input_file_name(), r"events/([0-9TZ]+)/events\.jsonl", 1).alias("batch_id"),
        F.col("value").alias("raw"),
    )
    lines.write.mode("overwrite").parquet(view["table_path"])
    return {"data": data, "view": view}


def test_check_prints_the_scorecard_of_npm_run_check(helper, bronze, npm, capsys):
    view = bronze["view"]
    folder = helper.exercise("01-bronze", "bronze", view["folder"], "lake/bronze")
    assert folder == view["folder"]
    helper.check()
    printed = capsys.readouterr().out
    cli = npm("check", "--", "--exercise", "01-bronze", "--data-dir", str(bronze["data"]))
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert printed.startswith("Exercise 01-bronze: PASSED")
    assert printed == cli.stdout


def test_check_shares_the_checker_function_of_the_cli(helper, bronze, spark):
    """The helper's scorecard is check.py's check() with the given session: the same dict."""
    sys.path.insert(0, str(REPO_ROOT / "exercises" / "checker"))
    checker = importlib.import_module("check")
    view = bronze["view"]
    helper.exercise("01-bronze", "bronze", view["folder"], "lake/bronze")
    answers = Path(view["folder"]) / ".answers"
    assert helper.scorecard(spark=spark) == checker.check(spark, "01-bronze", "bronze", Path(view["table_path"]), answers)


def test_a_wrong_table_fails_with_its_message(helper, bronze, spark, tmp_path, capsys):
    from pyspark.sql import functions as F

    view = bronze["view"]
    helper.exercise("01-bronze", "bronze", view["folder"], "lake/bronze")
    good = spark.read.parquet(view["table_path"])
    deduped = tmp_path / "deduplicated"
    good.dropDuplicates(["batch_id", "raw"]).write.parquet(str(deduped))
    helper.check(str(deduped))
    printed = capsys.readouterr().out
    assert printed.startswith("Exercise 01-bronze: NOT YET")
    assert "✗ every line exactly once, as written" in printed
    assert "duplicate" in printed


def test_the_exercise_folder_is_the_notebooks_own_when_the_filled_path_is_not_here(helper, bronze, monkeypatch, tmp_path):
    folder = bronze["view"]["folder"]
    # In the stack's JupyterLab the kernel runs in /data/exercises/<id>, and the host's path is unknown.
    monkeypatch.chdir(folder)
    assert helper.exercise("01-bronze", "bronze", "/Users/ana/not-in-this-container/01-bronze", "lake/bronze") == folder
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="npm run exercises -- prepare 01-bronze"):
        helper.exercise("01-bronze", "bronze", str(tmp_path / "nowhere"), "lake/bronze")


def test_check_without_the_answer_key_says_to_prepare_again(helper, bronze, tmp_path):
    copy = tmp_path / "01-bronze"
    (copy / "raw").mkdir(parents=True)
    helper.exercise("01-bronze", "bronze", str(copy), "lake/bronze")
    with pytest.raises(FileNotFoundError, match="prepare the exercise again"):
        helper.scorecard()


SESSION_PROBE = """
import json, spark_experiments as s
spark = s.session("probe")
conf = spark.sparkContext.getConf()
print(json.dumps({
    "master": spark.sparkContext.master,
    "tz": spark.conf.get("spark.sql.session.timeZone"),
    "policy": spark.conf.get("spark.sql.legacy.timeParserPolicy"),
    "partitions": spark.conf.get("spark.sql.shuffle.partitions"),
    "driver_host": conf.get("spark.driver.host"),
    "cores_max": conf.get("spark.cores.max", None),
    "progress": conf.get("spark.ui.showConsoleProgress", None),
    "delta": spark.conf.get("spark.sql.extensions", ""),
    "rows": spark.range(10).count(),
}))
"""


def probe_session(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SESSION_PROBE],
        cwd=HELPER_DIR,
        env={k: v for k, v in {**os.environ, **env}.items() if v is not None},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_session_is_local_on_a_machine_with_pyspark():
    got = probe_session({"SPARK_EXPERIMENTS_MASTER": None})
    assert got["master"] == "local[*]"
    assert (got["tz"], got["policy"], got["partitions"], got["rows"]) == ("UTC", "CORRECTED", "4", 10)
    assert got["driver_host"] == "127.0.0.1"
    assert got["cores_max"] is None
    assert got["progress"] == "false"


def test_session_takes_the_stacks_master_from_the_environment():
    """The notebook service names the master; the session then keeps to one core (the app's
    jobs share the worker) and configures Delta Lake. A local master stands in for the cluster."""
    got = probe_session({"SPARK_EXPERIMENTS_MASTER": "local[2]", "SPARK_EXPERIMENTS_DRIVER_HOST": "127.0.0.1"})
    assert got["master"] == "local[2]"
    assert (got["tz"], got["policy"], got["partitions"], got["rows"]) == ("UTC", "CORRECTED", "4", 10)
    assert got["cores_max"] == "1"
    assert got["progress"] == "false"
    assert got["delta"] == "io.delta.sql.DeltaSparkSessionExtension"
