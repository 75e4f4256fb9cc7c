"""The Python modules travel together: the checker finds common.py and defect_kinds.json in
the packaged app's resources (electron-builder.yml's extraResources), and the pipeline its
streaming/ modules in the stack's copy of docker/spark (what compose mounts on the cluster),
while the job runner still offers only the jobs."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]


def packaged_resources(target: Path) -> Path:
    """The folders electron-builder copies into resources/, with its filters' exclusions."""
    config = yaml.safe_load((REPO_ROOT / "electron-builder.yml").read_text(encoding="utf-8"))
    for entry in config["extraResources"]:
        source = REPO_ROOT / entry["from"]
        if not source.is_dir():
            continue
        # Filters here are "**/*" plus exclusions: "!<folder>/**" or "!**/__pycache__/**".
        left_out = {f[1:].split("/")[0] for f in entry.get("filter", []) if f.startswith("!") and not f.startswith("!**")}
        shutil.copytree(source, target / entry["to"], ignore=lambda folder, names, s=source: [n for n in names if n == "__pycache__" or (Path(folder) == s and n in left_out)])
    return target


def test_the_packaged_checker_finds_common_and_the_defect_kinds(tmp_path):
    resources = packaged_resources(tmp_path / "resources")
    checker = resources / "exercises" / "checker"
    script = "import sys; sys.path.insert(0, sys.argv[1]); import check, checks, common; print(common.__file__); print(json.dumps(checks.DEFECT_KINDS))"
    run = subprocess.run([sys.executable, "-c", "import json; " + script, str(checker)], capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    common_file, kinds = run.stdout.splitlines()
    assert Path(common_file).resolve() == (resources / "docker" / "spark" / "jobs" / "common.py").resolve()
    shared = json.loads((REPO_ROOT / "docker" / "spark" / "jobs" / "defect_kinds.json").read_text(encoding="utf-8"))
    assert json.loads(kinds) == shared["defect_kinds"]
    help_run = subprocess.run([sys.executable, str(checker / "check.py"), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert help_run.returncode == 0 and "--checker" in help_run.stdout, help_run.stderr


def test_the_checker_says_what_is_missing_without_the_jobs_folder(tmp_path):
    shutil.copytree(REPO_ROOT / "exercises" / "checker", tmp_path / "exercises" / "checker")
    run = subprocess.run([sys.executable, str(tmp_path / "exercises" / "checker" / "check.py"), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 1
    assert "common.py is missing" in run.stderr


def test_the_pipeline_imports_from_the_stacks_copy_of_the_jobs(tmp_path, monkeypatch):
    # What prepareStack copies and compose mounts at /opt/spark-experiments: docker/spark.
    shutil.copytree(REPO_ROOT / "docker" / "spark", tmp_path / "spark", ignore=shutil.ignore_patterns("__pycache__"))
    jobs = tmp_path / "spark" / "jobs"
    run = subprocess.run([sys.executable, str(jobs / "pipeline.py"), "--help"], capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False)
    assert run.returncode == 0 and "--run-id" in run.stdout, run.stderr
    # The runner runs as a script, with its own folder (request_policy.py) on the path.
    monkeypatch.syspath_prepend(str(tmp_path / "spark" / "runner"))
    spec = importlib.util.spec_from_file_location("job_runner", tmp_path / "spark" / "runner" / "job_runner.py")
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    assert runner.known_jobs() == {"bronze", "silver", "gold", "pipeline"}
