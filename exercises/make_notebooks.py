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

# The first code cell: the DATA_DIR line, then a check of what the notebook needs (Python,
# pyspark, Java, Delta for the streaming exercises, the helper, the prepared data folder), each
# problem printed with its fix. Self-contained: it must run where nothing else does.
ENV_CHECK = """
# Is everything this notebook needs here? Each problem is printed with how to fix it.
import importlib.util, os, re, shutil, subprocess, sys
from pathlib import Path

problems = []
if sys.version_info < (3, 8) or sys.version_info >= (3, 13):
    problems.append(f"Python {{sys.version.split()[0]}}: pyspark 3.5 runs on Python 3.8 to 3.12; start Jupyter from such a Python")
if importlib.util.find_spec("pyspark") is None:
    problems.append("pyspark is not installed for this kernel's Python: pip install pyspark==3.5.8 (or open the notebook in the stack's JupyterLab)")
else:
    import pyspark
    if not pyspark.__version__.startswith("3.5."):
        problems.append(f"pyspark {{pyspark.__version__}}: the course is written for 3.5; pip install pyspark==3.5.8")
java_home = os.environ.get("JAVA_HOME")
java = str(Path(java_home, "bin", "java")) if java_home else shutil.which("java")
if not java or not Path(java).exists():
    where = f"JAVA_HOME is {{java_home}}, which has no bin/java" if java_home else "java is not on PATH and JAVA_HOME is not set"
    problems.append(f"{{where}}: install Java 17 (e.g. Temurin 17) and set JAVA_HOME to it")
else:
    said = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    major = re.search(r'version "(?:1\\.)?(\\d+)', said)
    if not major or major.group(1) not in ("8", "11", "17"):
        problems.append(f"{{java}} is not Java 8, 11 or 17 ({{said.splitlines()[0] if said else 'no answer'}}): Spark 3.5 needs one of them; set JAVA_HOME to a Java 17")
{delta}if importlib.util.find_spec("spark_experiments") is None:
    problems.append("the helper spark_experiments.py is not beside this notebook: open the notebook Prepare wrote (in the Exercises panel), or copy exercises/notebook/spark_experiments.py beside it")
folder = next((f for f in (Path(DATA_DIR), Path.cwd()) if (f / "raw").is_dir()), None)
if folder is None:
    problems.append(f"no data at {{DATA_DIR}}: Prepare data in the Exercises panel, or npm run exercises -- prepare {id}")
elif not (folder / ".answers" / "summary.json").is_file():
    problems.append(f"{{folder}} has data but no answer key: prepare the exercise again (Prepare data, or npm run exercises -- prepare {id})")
for problem in problems:
    print("✗", problem)
if problems:
    raise RuntimeError(f"{{len(problems)}} problem(s) above: fix them, then run this cell again")
print(f"✓ Python {{sys.version.split()[0]}}, pyspark {{pyspark.__version__}}, {{java}}, data in {{folder}}")"""
# The streaming exercises write Delta tables.
DELTA_CHECK = """if importlib.util.find_spec("delta") is None:
    problems.append("this exercise writes Delta tables: pip install delta-spark==3.3.2 (the stack's JupyterLab has it)")
"""

# Exercise 03 tests with pyspark.testing, which imports pyspark.pandas: pandas, pyarrow, numpy < 2.
TESTING_CHECK = """import importlib.metadata
for module in ("pandas", "pyarrow", "numpy"):
    if importlib.util.find_spec(module) is None:
        problems.append(f"{module} is missing: pyspark.testing (assertDataFrameEqual) needs it: pip install pandas==2.2.3 pyarrow==17.0.0 numpy==1.26.4 (the stack's JupyterLab has them)")
if importlib.util.find_spec("numpy") is not None and not importlib.metadata.version("numpy").startswith("1."):
    problems.append(f"numpy {importlib.metadata.version('numpy')}: pyspark 3.5's pyspark.testing needs numpy below 2: pip install numpy==1.26.4")
"""

# The session comes from the notebooks' helper (exercises/notebook/spark_experiments.py): on
# the stack's cluster in the app's JupyterLab, local[*] in a Jupyter on the student's machine,
# with the same settings (UTC, CORRECTED parsing, 4 shuffle partitions). Prepare puts the helper
# beside the notebook; the stack mounts it. DATA_DIR is the folder Prepare filled in when it
# is there, else the notebook's own folder (in the stack the data folder is /data).
SETUP = '''from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType
from spark_experiments import check, exercise, {imports}session

DATA_DIR = exercise("{id}", "{checker}", DATA_DIR, "{path}")
spark = session("{id}"{session_args})  # in the app's JupyterLab: the stack's Spark cluster; elsewhere local[*]

EVENTS = f"{{DATA_DIR}}/raw/events/*/events.jsonl"  # one folder per batch
METAS = f"{{DATA_DIR}}/raw/events/*/batch_meta.json"  # each batch's interval_start / interval_end
TABLE = f"{{DATA_DIR}}/{path}"  # what you write, and what is checked
FIELDS = ["event_id", "driver_id", "company_id", "truck_id", "event_type", "timestamp"]
print("reading", EVENTS)
print("writing", TABLE){extra}'''

# What the set-up cell adds for some exercises.
STREAMING_EXTRA = '''
CHECKPOINT = f"{DATA_DIR}/checkpoints/{TABLE_NAME}"  # the stream's memory: keep it across restarts
print("checkpoint", CHECKPOINT)'''
ZONE_EXTRA = '''
# The session's time zone is left as your machine has it: handling it is part of the exercise.
print("session time zone:", spark.conf.get("spark.sql.session.timeZone"))'''

# Code an exercise is given in its own cell, before the student's: the reference of an earlier
# exercise it builds on (solutions_src/_given_*.py).
GIVEN = {"05-stream-silver": "_given_rules.py", "06-stream-gold": "_given_silver.py"}
TIERS = ["idea", "api", "code"]


def hints_text(hints: list) -> str:
    """The hints, one collapsed block each, in order (idea, API, code): open them one at a time.
    A plain string is a hint whose tier its position gives."""
    out = []
    for i, hint in enumerate(hints):
        tier, text = (hint["tier"], hint["text"]) if isinstance(hint, dict) else (TIERS[min(i, 2)], hint)
        out.append(f"<details><summary>Hint {i + 1} ({tier})</summary>\n\n{text}\n\n</details>")
    return "\n".join(out)


STARTER_CELL = """# Your solution: build the table, then write it to TABLE, e.g.
#   result.write.mode("overwrite").parquet(TABLE)
"""

# The same scorecard as Check my answer, with this notebook's SparkSession.
DONE = "check()  # is TABLE right? the scorecard of Check my answer"

# Each exercise's reference solution is its own file, exercises/solutions_src/<id>.py: the
# solution cell as written, with `# include: <file>` lines standing for a shared piece
# (exercises/solutions_src/_*.py: reading the lines, the quarantine rules, silver).
SOLUTIONS_SRC = HERE / "solutions_src"
INCLUDE = re.compile(r"^# include: (_[a-z_]+\.py)$", re.M)


def solution_source(name: str) -> str:
    """The text of solutions_src/<name>, its `# include:` lines replaced by the pieces they name."""
    text = (SOLUTIONS_SRC / name).read_text(encoding="utf-8").rstrip("\n")
    return INCLUDE.sub(lambda m: solution_source(m.group(1)), text)


def front_matter(text: str) -> tuple[dict, str]:
    import yaml

    head, body = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S).groups()
    fields = yaml.safe_load(head)
    fields["path"] = fields["table"]["path"]
    return fields, body.strip()


def setup(fields: dict) -> str:
    streaming = bool(fields.get("streaming"))
    extra = STREAMING_EXTRA.replace("{TABLE_NAME}", fields["path"].split("/")[-1]) if streaming else ""
    zone = fields["id"] == "02-timestamps"
    if zone:
        extra += ZONE_EXTRA
    return SETUP.format(
        id=fields["id"],
        checker=fields["checker"],
        path=fields["path"],
        imports="run_tests, " if fields["id"] == "03-quarantine" else "",
        session_args=", zone=None" if zone else "",
        extra=extra,
    )


def env_extra(fields: dict) -> str:
    """What the environment cell checks beyond the common: Delta for the streaming exercises,
    pyspark.testing's needs for 03."""
    return (DELTA_CHECK if fields.get("streaming") else "") + (TESTING_CHECK if fields["id"] == "03-quarantine" else "")


def notebook(fields: dict, body: str, solution: str | None):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    title = fields["title"] + ("  (reference solution)" if solution else "")
    # Prepare fills in the app's data folder, as it fills in DATA_DIR.
    check = f"npm run check -- --exercise {fields['id']} --data-dir data"
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\n{body}\n\nWhen your table is written, check it: run the last cell (`check()`), **Check my answer** in the Exercises panel, or `{check}`."),
        nbformat.v4.new_code_cell(DATA_LINE.format(id=fields["id"]) + ENV_CHECK.format(id=fields["id"], delta=env_extra(fields)), metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(setup(fields)),
        *([nbformat.v4.new_code_cell(solution_source(GIVEN[fields["id"]]), metadata={"tags": ["given"]})] if fields["id"] in GIVEN else []),
        nbformat.v4.new_markdown_cell("## Your solution\n\nHints, the idea first and the code last: open one at a time.\n\n" + hints_text(fields["hints"])),
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
        for folder, solution in (("starters", None), ("solutions", solution_source(f"{fields['id']}.py"))):
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
