"""Helpers of the course's real-Spark tests (test_exercises.py, test_exercises_world.py): run an
exercise as a student does (Prepare with the CLI, the starter, the reference solution, and for a
two-part exercise Release more data and the solution again from its checkpoint), and check a
wrong answer with the tests' one session."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from delta_log import delta_frame

REPO_ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = REPO_ROOT / "exercises" / "solutions"
sys.path.insert(0, str(REPO_ROOT / "exercises" / "checker"))
checker = importlib.import_module("check")

CARD = "SCORECARD "

__all__ = ["CARD", "checker", "delta_frame", "execute", "failed", "run_course", "spec"]


def spec(exercise: str) -> dict:
    """The exercise's front matter, its times as ISO text (as the app's schema reads them)."""
    import yaml

    text = (REPO_ROOT / "exercises" / f"{exercise}.md").read_text(encoding="utf-8")
    fields = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    iso = lambda v: v if isinstance(v, str) else v.isoformat().replace("+00:00", "Z")  # noqa: E731
    fields["from"], fields["to"] = iso(fields["from"]), iso(fields["to"])
    if fields.get("release"):
        fields["release"]["mid"] = iso(fields["release"]["mid"])
    return fields


def execute(notebooks: list[Path], folder: Path) -> list[dict]:
    """Runs notebooks one after the other in ONE fresh kernel (one JVM: the second's set-up cell
    finds the first's session), from `folder` as Jupyter runs a notebook there, and returns the
    scorecard each one's own session gives (check()'s, against the folder's key; Delta-enabled
    when the exercise streams). A notebook Prepare wrote into `folder` runs as written (its
    DATA_DIR is the app's); one from elsewhere (a reference solution) gets its DATA_DIR line
    pointed at `folder` first."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    marks = []
    for i, path in enumerate(notebooks):
        cells = nbformat.read(str(path), as_version=4).cells
        for cell in cells:
            if cell.source.startswith("DATA_DIR = ") and path.parent.resolve() != folder.resolve():
                cell.source = f"DATA_DIR = {json.dumps(str(folder))}\n{cell.source.partition(chr(10))[2]}"
            cell["id"] = f"{i}-{cell.get('id', len(nb.cells))}"
        mark = nbformat.v4.new_code_cell(f"import json\nfrom spark_experiments import scorecard\nprint({CARD!r} + json.dumps(scorecard()))")
        mark["id"] = f"{i}-scorecard"
        nb.cells += [*cells, mark]
        marks.append(mark)
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return [json.loads("".join(o.get("text", "") for o in m.outputs).split(CARD, 1)[1]) for m in marks]


def run_course(npm, ids: list[str], data: Path) -> dict[str, dict]:
    """Each exercise prepared with the CLI into `data` (a two-part one up to release.mid), its
    starter run as Prepare wrote it, its reference solution run; a two-part one is then released
    with the CLI and its solution run again in a new kernel, as a student's restart, going on
    from its checkpoint. {id: spec, view, folder, answers (the folder's key), table, and the
    scorecards "starter", "solution" and, for a two-part exercise, "first part"}."""
    out = {}
    for exercise in ids:
        s = spec(exercise)
        prepared = npm("exercises", "--", "prepare", exercise, "--json", "--data-dir", str(data), timeout=600)
        assert prepared.returncode == 0, prepared.stderr
        view = json.loads(prepared.stdout)
        folder = Path(view["folder"])
        solution = SOLUTIONS / f"{exercise}.ipynb"
        cards = dict(zip(["starter", "solution"], execute([Path(view["notebook"]), solution], folder)))
        if s.get("release"):
            assert view["released"] is False
            cards["first part"] = cards["solution"]
            released = npm("exercises", "--", "release", exercise, "--json", "--data-dir", str(data), timeout=600)
            assert released.returncode == 0, released.stderr
            assert json.loads(released.stdout)["released"] is True
            cards["solution"] = execute([solution], folder)[0]
        out[exercise] = {"spec": s, "view": view, "folder": folder, "answers": folder / ".answers", "table": Path(view["table_path"]), **cards}
    return out


def failed(card: dict) -> dict[str, dict]:
    return {c["name"]: c for c in card["checks"] if not c["passed"]}


def check_wrong(spark, solved: dict, exercise: str, path: Path) -> dict[str, dict]:
    """The checks a wrong answer's table at `path` fails (it must fail one)."""
    s = solved[exercise]
    card = checker.check(spark, exercise, s["spec"]["checker"], path, s["answers"])
    assert not card["passed"], f"{path.name} passed the check of {exercise}"
    return failed(card)


def wrong(spark, solved: dict, exercise: str, frame, tmp_path: Path, name: str) -> dict[str, dict]:
    """A wrong answer written as Parquet and checked: the checks it fails."""
    frame.write.mode("overwrite").parquet(str(tmp_path / name))
    return check_wrong(spark, solved, exercise, tmp_path / name)


def table_frame(spark, solved: dict, exercise: str):
    """The reference solution's table: a Delta table's current rows, or a Parquet table."""
    table = solved[exercise]["table"]
    return delta_frame(spark, table) if (table / "_delta_log").is_dir() else spark.read.parquet(str(table))
