"""The exercises' notebook helper: one set-up cell that works unchanged in the stack's
JupyterLab (the `notebook` service, where Spark runs) and on a machine with pyspark, and
`check()`, the scorecard of "Check my answer" made with the notebook's own SparkSession.

In the stack this file is mounted at /opt/spark-experiments/exercises/notebook (on the
kernel's PYTHONPATH); Prepare also copies it beside each prepared notebook, with CHECKER_DIR
filled in, so a Jupyter on the student's machine imports it from the notebook's folder.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

# The app's exercises/checker folder: Prepare fills this in when it copies this file.
CHECKER_DIR: str | None = None

# The exercise the set-up cell named: exercise() sets it, check() reads it.
_current: dict = {}


def in_stack() -> bool:
    """In the stack's notebook service: its compose service names the cluster's master."""
    return bool(os.environ.get("SPARK_EXPERIMENTS_MASTER"))


def checker_dir() -> Path:
    """The checker (exercises/checker): the stack's mount, the app's folder Prepare named, or
    the repository's, beside this file."""
    for candidate in (os.environ.get("SPARK_EXPERIMENTS_CHECKER_DIR"), CHECKER_DIR, Path(__file__).resolve().parent.parent / "checker"):
        if candidate and (Path(candidate) / "check.py").is_file():
            return Path(candidate)
    raise FileNotFoundError("the exercise checker (exercises/checker/check.py) was not found: prepare the exercise again from the app")


def jobs_dir() -> Path:
    """docker/spark/jobs (common.py, the one session builder): beside exercises/, as everywhere."""
    return checker_dir().parent.parent / "docker" / "spark" / "jobs"


def _common():
    jobs = str(jobs_dir())
    if jobs not in sys.path:
        sys.path.append(jobs)
    import common

    return common


def exercise(exercise_id: str, checker: str, data_dir: str, table: str) -> str:
    """Names the notebook's exercise for check() and returns its folder: DATA_DIR as Prepare
    filled it in when that folder is here, else the notebook's own folder (in the stack's
    JupyterLab the data folder is /data, so the host's path is not)."""
    for candidate in (Path(data_dir), Path.cwd()):
        if (candidate / "raw").is_dir():
            folder = candidate.resolve()
            break
    else:
        raise FileNotFoundError(
            f"the data of {exercise_id} is neither at {data_dir} nor in {Path.cwd()}: prepare the exercise "
            f"(Prepare data in the Exercises panel, or npm run exercises -- prepare {exercise_id})"
        )
    _current.update(exercise=exercise_id, checker=checker, folder=folder, table=folder / table)
    return str(folder)


def session(app_name: str, zone: str | None = "UTC"):
    """The notebook's SparkSession: on the stack's cluster (with Delta Lake, its jars in the
    image) in the stack's JupyterLab, else local[*] here (with Delta Lake when delta-spark is
    installed). UTC (`zone` None: the machine's zone, left to the student), malformed
    timestamps parsed to null (CORRECTED), 4 shuffle partitions."""
    common = _common()
    # The kernel shows the JVM's stderr: no progress bars over the cells' output. Delta's log
    # in 2 partitions, not 50: each commit of a small streaming table stays quick.
    quiet = {"spark.ui.showConsoleProgress": "false", "spark.databricks.delta.snapshotPartitions": "2"}
    if in_stack():
        # The driver runs in the notebook container; the worker's executors call it back by
        # its service name. One core and a modest executor, so the app's jobs still get room.
        config = {
            "spark.driver.host": os.environ.get("SPARK_EXPERIMENTS_DRIVER_HOST", "notebook"),
            "spark.driver.bindAddress": "0.0.0.0",
            "spark.driver.memory": os.environ.get("SPARK_EXPERIMENTS_NOTEBOOK_DRIVER_MEMORY", "1g"),
            "spark.executor.memory": os.environ.get("SPARK_EXPERIMENTS_NOTEBOOK_EXECUTOR_MEMORY", "768m"),
            "spark.cores.max": os.environ.get("SPARK_EXPERIMENTS_NOTEBOOK_CORES", "1"),
            **quiet,
        }
        return common.session(app_name, os.environ["SPARK_EXPERIMENTS_MASTER"], partitions="4", delta=True, log_level="ERROR", config=config, time_zone=zone)
    return common.session(app_name, "local[*]", partitions="4", local=True, delta=common.delta_available(), log_level="ERROR", config=quiet, time_zone=zone)


def run_tests(namespace: dict, spark=None) -> None:
    """Runs every function named test_* in `namespace` (a notebook's globals()), each given the
    SparkSession as pytest would give a `spark` fixture, and says which passed; raises when one
    failed. The same functions run under pytest unchanged."""
    import inspect
    import traceback

    from pyspark.sql import SparkSession

    spark = spark or SparkSession.getActiveSession()
    tests = [(name, fn) for name, fn in namespace.items() if name.startswith("test_") and callable(fn)]
    if not tests:
        raise RuntimeError("no test_* function here: write your tests as functions named test_...(spark)")
    failed = []
    for name, fn in tests:
        try:
            fn(spark) if "spark" in inspect.signature(fn).parameters else fn()
            print("✓", name)
        except Exception as err:  # noqa: BLE001 - every failure is reported, then raised
            failed.append(name)
            print("✗", name, "".join(traceback.format_exception_only(type(err), err)).strip()[:2000], sep="\n  ")
    if failed:
        raise AssertionError(f"{len(failed)} of {len(tests)} tests failed: {', '.join(failed)}")


def _checker_module():
    module = sys.modules.get("spark_experiments_checker")
    if module is None:
        path = checker_dir() / "check.py"
        spec = importlib.util.spec_from_file_location("spark_experiments_checker", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["spark_experiments_checker"] = module
        spec.loader.exec_module(module)
    return module


def scorecard(table: str | None = None, spark=None) -> dict:
    """The scorecard of `table` (default: the exercise's TABLE) as a dict, made with `spark`
    (default: the notebook's active session), against the answers Prepare wrote."""
    if not _current:
        raise RuntimeError("run the set-up cell first: it names the exercise (exercise(...))")
    from pyspark.sql import SparkSession

    spark = spark or SparkSession.getActiveSession()
    if spark is None:
        raise RuntimeError("no SparkSession: run the set-up cell first")
    answers = _current["folder"] / ".answers"
    if not (answers / "summary.json").is_file():
        raise FileNotFoundError(f"no answer key at {answers}: prepare the exercise again (Prepare data, or npm run exercises -- prepare {_current['exercise']})")
    checker = _checker_module()
    return checker.check(spark, _current["exercise"], _current["checker"], Path(table or _current["table"]), answers)


def check(table: str | None = None) -> None:
    """Prints the scorecard of the exercise's table, as Check my answer and npm run check give
    it, made with this notebook's SparkSession (no second JVM)."""
    card = scorecard(table)
    from scorecard import scorecard_text  # the checker's, on sys.path once check.py is loaded

    print(scorecard_text(card), end="")
