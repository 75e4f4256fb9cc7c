"""Runs the medallion jobs for the generator's Spark panel in the all-in-Docker stack.

The generator container has no Docker access, so it cannot `docker compose exec` a job as
the desktop app does. This small server, on the compose project's network only (its port is
not published), takes `POST /jobs {"job": "bronze", "args": [...]}`, runs spark-submit in
client mode against the stack's master, and streams the output back as JSON Lines:
`{"line": "..."}` for each line, then `{"exit_code": N}`. `GET /health` answers 200.
A job needs the stack's secret (request_policy.py): a page in a browser or another container
must not run jobs, nor point one at other data or another master.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from request_policy import ALLOWED_OPTIONS, TOKEN_ENV, TOKEN_FILE_ENV, Refusal, check_headers, checked_args, configured_token

JOBS_DIR = Path(__file__).resolve().parent.parent / "jobs"
_SPARK_HOME_SUBMIT = os.path.join(os.environ.get("SPARK_HOME", "/opt/spark"), "bin", "spark-submit")
SPARK_SUBMIT = _SPARK_HOME_SUBMIT if os.path.exists(_SPARK_HOME_SUBMIT) else (shutil.which("spark-submit") or _SPARK_HOME_SUBMIT)
MASTER = os.environ.get("SPARK_MASTER_URL", "spark://spark-master:7077")
DATA = os.environ.get("SPARK_EXPERIMENTS_RUNNER_DATA", "/data")
MAX_BODY = 64 * 1024


def known_jobs() -> set[str]:
    return {p.stem for p in JOBS_DIR.glob("*.py")} & set(ALLOWED_OPTIONS)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt: str, *args: object) -> None:  # quieter than the default
        sys.stderr.write("job-runner: " + (fmt % args) + "\n")

    def _json(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status >= 400:
            # A refused request's body may be unread: never parse it as the next request.
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        try:
            check_headers(self.headers, post=False)
        except Refusal as refusal:
            self._json(refusal.status, {"error": refusal.code, "message": refusal.message})
            return
        if self.path == "/health":
            self._json(200, {"ok": True, "jobs": sorted(known_jobs())})
        else:
            self._json(404, {"error": "not_found", "message": "GET /health or POST /jobs"})

    def do_POST(self) -> None:
        if self.path != "/jobs":
            self._json(404, {"error": "not_found", "message": "POST /jobs"})
            return
        try:
            check_headers(self.headers, post=True)
        except Refusal as refusal:
            self._json(refusal.status, {"error": refusal.code, "message": refusal.message})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_BODY:
            self._json(400, {"error": "invalid_request", "message": "send a JSON body"})
            return
        try:
            request = json.loads(self.rfile.read(length))
            job = request["job"]
            args = request.get("args", [])
            assert isinstance(job, str) and isinstance(args, list)
        except (ValueError, KeyError, AssertionError, TypeError):
            self._json(400, {"error": "invalid_request", "message": 'send {"job": "bronze", "args": []}'})
            return
        try:
            args = checked_args(job, args)
        except Refusal as refusal:
            self._json(refusal.status, {"error": refusal.code, "message": refusal.message})
            return
        if job not in known_jobs():
            self._json(404, {"error": "unknown_job", "message": f"no job named {job!r}"})
            return
        command = [SPARK_SUBMIT, "--master", MASTER, str(JOBS_DIR / f"{job}.py"), "--data", DATA, *args]
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            assert process.stdout is not None
            for line in process.stdout:
                self._chunk({"line": line.rstrip("\n")})
            self._chunk({"exit_code": process.wait()})
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            # The generator went away: the job is not wanted any more.
            process.kill()
            process.wait()

    def _chunk(self, body: dict) -> None:
        data = (json.dumps(body) + "\n").encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=7070)
    parser.add_argument("--host", default="0.0.0.0")
    options = parser.parse_args()
    if os.environ.get(TOKEN_FILE_ENV) is None and configured_token() is None:
        sys.stderr.write(f"job-runner: set {TOKEN_FILE_ENV} or {TOKEN_ENV} (the secret the generator sends)\n")
        sys.exit(2)
    server = ThreadingHTTPServer((options.host, options.port), Handler)
    sys.stderr.write(f"job-runner: listening on :{server.server_address[1]}, jobs {sorted(known_jobs())}\n")
    sys.stderr.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
