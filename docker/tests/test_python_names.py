"""Every Python file of the checker, the notebook helper, the Spark jobs and these tests names
only what it defines or imports: a misspelt or unimported name otherwise shows only when its
branch runs (a checker message raised NameError instead of naming the student's mistake).
pyflakes reads the files without running them; unused imports are not this test's business."""

from __future__ import annotations

from pathlib import Path

from pyflakes import api, messages, reporter

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ["exercises/checker", "exercises/notebook", "docker/spark/jobs", "docker/tests"]
UNDEFINED = (messages.UndefinedName, messages.UndefinedLocal, messages.UndefinedExport)


class Collect(reporter.Reporter):
    def __init__(self) -> None:
        super().__init__(None, None)
        self.found: list[str] = []

    def flake(self, message) -> None:
        if isinstance(message, UNDEFINED):
            self.found.append(str(message))

    def syntaxError(self, filename, msg, lineno, offset, text) -> None:
        self.found.append(f"{filename}:{lineno}: {msg}")

    def unexpectedError(self, filename, msg) -> None:
        self.found.append(f"{filename}: {msg}")


def test_no_undefined_names():
    collect = Collect()
    files = [p for folder in FOLDERS for p in sorted((ROOT / folder).rglob("*.py"))]
    assert len(files) > 20
    for path in files:
        api.checkPath(str(path), collect)
    assert collect.found == []


def test_it_sees_an_undefined_name(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    return NEW_CHECKPOINT\n")
    collect = Collect()
    api.checkPath(str(bad), collect)
    assert len(collect.found) == 1 and "NEW_CHECKPOINT" in collect.found[0]
