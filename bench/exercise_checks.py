"""How long check() takes in a notebook, warm, for each exercise of the course (issue 24 asks
for under 3 s). Prints figures; asserts nothing.

For each exercise: prepare it with the CLI (and release its second part when it has one), run
its reference solution as a notebook in one kernel (nbclient), then time check() --runs more
times in that kernel, its session warm. Prints the median and the runs per exercise.

  python3 bench/exercise_checks.py [--runs 3] [--only 05-stream-silver,12-layout]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARK = "CHECK_SECONDS "
VERDICT = "CHECK_PASSED "


def npm(*args: str) -> str:
    done = subprocess.run(["npm", "run", "-s", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"npm run {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def timed(notebook: Path, folder: Path, runs: int) -> tuple[list[float], bool]:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(str(notebook), as_version=4)
    cell = next(c for c in nb.cells if c.source.startswith("DATA_DIR = "))
    cell.source = re.sub(r"^DATA_DIR = .*$", lambda _: f"DATA_DIR = {json.dumps(str(folder))}", cell.source, count=1, flags=re.M)
    code = "import time, contextlib, io\n"
    code += f"for _ in range({runs}):\n"
    code += "    t = time.perf_counter()\n"
    code += "    with contextlib.redirect_stdout(io.StringIO()):\n        check()\n"
    code += f"    print({MARK!r}, time.perf_counter() - t)\n"
    # The verdict too: a figure for a check that fails early (no table) would flatter.
    code += f"from spark_experiments import scorecard\nprint({VERDICT!r}, scorecard()['passed'])\n"
    nb.cells.append(nbformat.v4.new_code_cell(code))
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    seconds = [float(line.split()[1]) for line in text.splitlines() if line.startswith(MARK)]
    passed = [line.split()[1] == "True" for line in text.splitlines() if line.startswith(VERDICT)]
    return seconds, passed == [True]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="bench-checks-"))
    try:
        course = json.loads(npm("exercises", "--", "list", "--json", "--data-dir", str(data)))
        wanted = [x for x in args.only.split(",") if x]
        for view in course:
            ex = view["id"]
            if wanted and ex not in wanted:
                continue
            prepared = json.loads(npm("exercises", "--", "prepare", ex, "--json", "--data-dir", str(data)))
            if prepared.get("released") is False:  # a two-part exercise: time the check of the whole
                npm("exercises", "--", "release", ex, "--json", "--data-dir", str(data))
            seconds, passed = timed(ROOT / "exercises" / "solutions" / f"{ex}.ipynb", Path(prepared["folder"]), args.runs)
            print(f"{ex:20} check() warm: median {statistics.median(seconds):.2f} s (runs: {', '.join(f'{s:.2f}' for s in seconds)}), {'passed' if passed else 'FAILED'}", flush=True)
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
