"""Runs the medallion jobs for the generator's Spark panel in the all-in-Docker stack.

The generator container has no Docker access, so it cannot `docker compose exec` a job as
the desktop app does. This small server, on the compose project's network only (its port is
not published), takes `POST /jobs {"job": "bronze", "args": [...]}`, runs spark-submit in
client mode against the stack's master, and streams the output back as JSON Lines:
`{"line": "..."}` for each line, then `{"exit_code": N}`. `GET /health` answers 200.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

JOBS_DIR = Path(__file__).resolve().parent.parent / "jobs"
SPARK_SUBMIT = os.path.join(os.environ.get("SPARK_HOME", "/opt/spark"), "bin", "spark-submit")
MASTER = os.environ.get("SPARK_MASTER_URL", "spark://spark-master:7077")
# Job arguments are options and plain values only: nothing a shell or Spark could misread.
ARG_PATTERN = re.compile(r"^[A-Za-z0-9_./:=-]{1,200}$")
MAX_BODY = 64 * 1024


def known_jobs() -> set[str]:
    return {p.stem for p in JOBS_DIR.glob("*.py") if p.stem != "common"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt: str, *args: object) -> None:  # quieter than the default
        sys.stderr.write("job-runner: " + (fmt % args) + "\n")

    def _json(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path == "/health":
            self._json(200, {"ok": True, "jobs": sorted(known_jobs())})
        else:
            self._json(404, {"error": "not_found", "message": "GET /health or POST /jobs"})

    def do_POST(self) -> None:
        if self.path != "/jobs":
            self._json(404, {"error": "not_found", "message": "POST /jobs"})
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
        if job not in known_jobs():
            self._json(404, {"error": "unknown_job", "message": f"no job named {job!r}"})
            return
        if not all(isinstance(a, str) and ARG_PATTERN.match(a) for a in args):
            self._json(400, {"error": "invalid_request", "message": "job arguments must be plain options"})
            return
        command = [SPARK_SUBMIT, "--master", MASTER, str(JOBS_DIR / f"{job}.py"), "--data", "/data", *args]
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
    options = parser.parse_args()
    server = ThreadingHTTPServer(("0.0.0.0", options.port), Handler)
    sys.stderr.write(f"job-runner: listening on :{options.port}, jobs {sorted(known_jobs())}\n")
    server.serve_forever()


if __name__ == "__main__":
    main()
