"""The order in which the Spark lane's pytest workers take its test files, and what each file
took. pytest-xdist's loadfile queue is ordered by the number of tests in a file, so the files
with few long tests (a pipeline drained twice, a course released and restarted) were taken
last and ran alone at the end while the other worker sat idle. Longest first instead.

FILE_SECONDS is a scheduling hint, not a result: the seconds each file took in a CI run (the
table this plugin prints at the end), rounded. A file missing from it counts 10 s a test."""

from __future__ import annotations

from collections import defaultdict

FILE_SECONDS = {
    "test_exercises_world.py": 600,
    "test_exercises.py": 560,
    "test_pipeline_late.py": 500,
    "test_pipeline.py": 300,
    "test_streaming_while_generating.py": 120,
    "test_medallion.py": 120,
}


def weight(scope: str, tests: int) -> float:
    return FILE_SECONDS.get(scope.rsplit("/", 1)[-1], 10.0 * tests)


class LongestFirst:
    """A pytest plugin, registered by conftest.py when xdist runs the lane."""

    def pytest_xdist_make_scheduler(self, config, log):
        if config.getoption("dist") != "loadfile":
            return None
        from xdist.scheduler import LoadFileScheduling

        class Scheduling(LoadFileScheduling):
            def _assign_work_unit(self, node):
                ordered = sorted(self.workqueue.items(), key=lambda item: -weight(item[0], len(item[1])))
                self.workqueue.clear()
                self.workqueue.update(ordered)
                super()._assign_work_unit(node)

        return Scheduling(config, log)


def pytest_terminal_summary(terminalreporter) -> None:
    """Seconds per test file (set-ups, calls and teardowns of its tests), longest first."""
    seconds: dict[str, float] = defaultdict(float)
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) and hasattr(report, "duration"):
                seconds[report.nodeid.split("::", 1)[0].rsplit("/", 1)[-1]] += report.duration
    if seconds:
        terminalreporter.write_sep("-", "seconds per test file")
        for name, s in sorted(seconds.items(), key=lambda kv: -kv[1]):
            terminalreporter.write_line(f"{s:8.1f}  {name}")
