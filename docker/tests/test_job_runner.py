"""The stack's job runner (docker/spark/runner/job_runner.py) as a real process on 127.0.0.1,
with a stand-in spark-submit on PATH that prints the command it was given: it runs a job only
for the stack's secret, only with the options the app sends, and never for a browser page.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

RUNNER = Path(__file__).resolve().parents[1] / "spark" / "runner" / "job_runner.py"
SECRET = "s3cret-for-this-test-only-0123456789"

STAND_IN = """#!/usr/bin/env python3
import json, sys
print("argv " + json.dumps(sys.argv[1:]))
print("bronze: done")
"""


def _start(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(
        [sys.executable, str(RUNNER), "--port", "0", "--host", "127.0.0.1"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    match = re.search(r"listening on :(\d+)", line)
    if not match:
        process.kill()
        raise AssertionError(f"runner did not start: {line}{process.stderr.read()}")
    return process, int(match.group(1))


@pytest.fixture
def runner(tmp_path: Path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    submit = bin_dir / "spark-submit"
    submit.write_text(STAND_IN)
    submit.chmod(0o755)
    token_file = tmp_path / "runner-token"
    token_file.write_text(SECRET + "\n")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "SPARK_HOME": str(tmp_path / "no-spark-here"),
        "SPARK_EXPERIMENTS_RUNNER_TOKEN_FILE": str(token_file),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    process, port = _start(tmp_path, env)
    yield port, token_file
    process.kill()
    process.wait()
    assert process.stderr is not None
    log = process.stderr.read()
    assert SECRET not in log, "the secret must never be logged"
    process.stderr.close()


def _post(port: int, body: object, headers: dict[str, str] | None = None, raw: bytes | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    data = raw if raw is not None else json.dumps(body).encode()
    base = {"Content-Type": "application/json", "Authorization": f"Bearer {SECRET}"}
    connection.request("POST", "/jobs", body=data, headers={**base, **(headers or {})})
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    return response.status, text


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_runs_the_apps_jobs_with_the_runners_data_and_master(runner):
    port, _ = runner
    status, text = _post(port, {"job": "bronze", "args": ["--once", "--max-files-per-trigger", "1"]})
    assert status == 200, text
    messages = _lines(text)
    argv = json.loads(next(m["line"] for m in messages if m.get("line", "").startswith("argv "))[5:])
    assert argv[:2] == ["--master", "spark://spark-master:7077"]
    assert argv[2].endswith("/jobs/bronze.py")
    assert argv[3:] == ["--data", "/data", "--once", "--max-files-per-trigger", "1"]
    assert messages[-1] == {"exit_code": 0}
    status, text = _post(port, {"job": "pipeline", "args": ["--run-id", "7"]})
    assert status == 200, text
    assert _lines(text)[-1] == {"exit_code": 0}


@pytest.mark.parametrize(
    "headers, status, code",
    [
        ({"Authorization": ""}, 401, "unauthorized"),
        ({"Authorization": "Bearer wrong"}, 401, "unauthorized"),
        ({"Authorization": SECRET}, 401, "unauthorized"),
    ],
)
def test_refuses_a_missing_or_wrong_secret(runner, headers, status, code):
    port, _ = runner
    got, text = _post(port, {"job": "silver", "args": []}, headers)
    assert (got, json.loads(text)["error"]) == (status, code)


def test_reads_a_new_secret_from_its_file(runner):
    port, token_file = runner
    token_file.write_text("the-next-stack-start\n")
    assert _post(port, {"job": "gold", "args": []})[0] == 401
    got, _ = _post(port, {"job": "gold", "args": []}, {"Authorization": "Bearer the-next-stack-start"})
    assert got == 200


@pytest.mark.parametrize(
    "job, args",
    [
        ("bronze", ["--data", "/etc"]),
        ("bronze", ["--master", "local[*]"]),
        ("bronze", ["--once", "--lake", "/tmp/elsewhere"]),
        ("bronze", ["--max-files-per-trigger", "--data"]),
        ("silver", ["--once"]),
        ("pipeline", ["--run-id", "../../x"]),
        ("pipeline", ["--run-id"]),
        ("pipeline", ["--data=/etc"]),
    ],
)
def test_refuses_options_the_app_does_not_send(runner, job, args):
    port, _ = runner
    status, text = _post(port, {"job": job, "args": args})
    assert status == 400, text
    assert json.loads(text)["error"] == "argument_refused"


def test_refuses_jobs_that_are_not_the_apps(runner):
    port, _ = runner
    for job in ["common", "../runner/job_runner", "checker"]:
        status, text = _post(port, {"job": job, "args": []})
        assert (status, json.loads(text)["error"]) == (404, "unknown_job"), job


@pytest.mark.parametrize(
    "headers, status",
    [
        ({"Content-Type": "text/plain"}, 415),
        ({"Content-Type": "application/x-www-form-urlencoded"}, 415),
        ({"Origin": "http://example.com"}, 403),
        ({"Origin": "null"}, 403),
        ({"Sec-Fetch-Site": "cross-site"}, 403),
        ({"Sec-Fetch-Mode": "no-cors"}, 403),
    ],
)
def test_refuses_browser_style_requests(runner, headers, status):
    port, _ = runner
    got, text = _post(port, {"job": "silver", "args": []}, headers)
    assert got == status, text


def test_will_not_start_without_a_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPARK_EXPERIMENTS_RUNNER")}
    result = subprocess.run(
        [sys.executable, str(RUNNER), "--port", "0", "--host", "127.0.0.1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "SPARK_EXPERIMENTS_RUNNER_TOKEN" in result.stderr
