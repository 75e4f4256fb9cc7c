"""Checks a student's table against the answer key of its exercise (docs/teaching.md, Exercises).

The answer key comes from the generator (`npm run answers`): every valid event, every
defective line with its kind and line number, and the gold rows. The table is read with
Spark in whatever format it was written (Delta, Parquet, CSV or JSON), and each check says
what was expected, what was found, and for a failed one a few example rows.

  python3 check.py --exercise 04-silver --table DATA/lake/silver --answers DIR [--json]

`npm run check -- --exercise 04-silver` computes the answer key and runs this for you.
Exit code 0: every check passed; 1: a check failed (or the table could not be read).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# common.py and defect_kinds.json: docker/ and exercises/ sit side by side in the repository
# and in the packaged app's resources.
JOBS = HERE.parent.parent / "docker" / "spark" / "jobs"
if not (JOBS / "common.py").is_file():
    sys.exit(f"check.py: {JOBS / 'common.py'} is missing: the checker needs docker/spark/jobs beside exercises/")
sys.path[:0] = [str(HERE), str(JOBS)]
from answer_key import AnswerKey  # noqa: E402
from checks import CHECKS  # noqa: E402
from common import delta_available  # noqa: E402
from common import session as spark_session  # noqa: E402
from scorecard import Scorecard  # noqa: E402
from table_reader import TableError, read_table, table_format  # noqa: E402


def check(spark, exercise: str, checker: str, table: Path, answers: Path) -> dict:
    """The scorecard of `table` for an exercise whose checker is one of CHECKS, made with
    `spark`: this CLI's own session, or a notebook's (check() of exercises/notebook/
    spark_experiments.py), so both give the same scorecard."""
    key = AnswerKey(answers)
    try:
        frame, fmt = read_table(spark, table)
    except TableError as err:
        card = Scorecard(exercise, table, None)
        card.add("the table can be read", False, "a table", "nothing", str(err))
        return card.as_dict()
    card = Scorecard(exercise, table, fmt)
    card.rows = frame.count()
    CHECKS[checker](spark, frame, fmt, key, card)
    return card.as_dict()


def session(delta: bool = False):
    """A local session; with `delta`, Delta Lake's extension (delta-spark, its jars fetched once
    from Maven Central): only for a Delta table, so checking the others needs no download. Without
    delta-spark installed, reading the table fails with a hint to install it. Spark's default
    time parser policy: a student's CSV or JSON is read as their own session would."""
    return spark_session(
        "spark-experiments-check",
        "local[2]",
        partitions="4",
        local=True,
        delta=delta and delta_available(),
        log_level="ERROR",
        parser_policy=None,
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Check a table against its exercise's answer key.")
    p.add_argument("--exercise", required=True, help="exercise id, e.g. 04-silver")
    p.add_argument("--checker", required=True, choices=sorted(CHECKS), help="which checks (the exercise's `checker`)")
    p.add_argument("--table", required=True, type=Path)
    p.add_argument("--answers", required=True, type=Path, help="folder written by npm run answers")
    args = p.parse_args(argv)
    os.environ.setdefault("TZ", "UTC")
    try:
        delta = table_format(args.table) == "delta"
    except TableError:
        delta = False
    card = check(session(delta), args.exercise, args.checker, args.table, args.answers)
    sys.stdout.write(json.dumps(card) + "\n")
    return 0 if card["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
