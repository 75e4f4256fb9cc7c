"""What the job runner accepts: the app's secret, JSON from a program (not a browser page),
and only the jobs and options the app itself sends. `--data`, `--master` and `--lake` are the
runner's to set, never the client's.
"""

from __future__ import annotations

import hmac
import os
import re
from pathlib import Path

TOKEN_ENV = "SPARK_EXPERIMENTS_RUNNER_TOKEN"
TOKEN_FILE_ENV = "SPARK_EXPERIMENTS_RUNNER_TOKEN_FILE"

_INT = re.compile(r"^[1-9][0-9]{0,5}$")
_RUN_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

# Job name -> option -> None for a flag, else the pattern its one value must match. These are
# exactly what electron/service/spark/spark-jobs.ts sends.
ALLOWED_OPTIONS: dict[str, dict[str, re.Pattern[str] | None]] = {
    "bronze": {"--once": None, "--max-files-per-trigger": _INT},
    "silver": {},
    "gold": {},
    "pipeline": {"--run-id": _RUN_ID},
}


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def configured_token() -> str | None:
    """The shared secret: from its file (re-read each time: a new stack writes a new one), else the env."""
    path = os.environ.get(TOKEN_FILE_ENV)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return text or None
    return os.environ.get(TOKEN_ENV) or None


def check_headers(headers, *, post: bool) -> None:
    """Refuses browser-style requests and, for POST, a missing or wrong secret."""
    if headers.get("Origin") is not None or any(k.lower().startswith("sec-fetch-") for k in headers.keys()):
        raise Refusal(403, "forbidden", "the job runner answers programs only, not browser pages")
    if not post:
        return
    content_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise Refusal(415, "unsupported_media_type", "send the job as Content-Type: application/json")
    expected = configured_token()
    if expected is None:
        raise Refusal(503, "no_token", f"the job runner has no secret; set {TOKEN_FILE_ENV} or {TOKEN_ENV}")
    sent = headers.get("Authorization") or ""
    if not sent.startswith("Bearer ") or not hmac.compare_digest(sent[7:].encode(), expected.encode()):
        raise Refusal(401, "unauthorized", "send the stack's runner secret as Authorization: Bearer <secret>")


def checked_args(job: str, args: list) -> list[str]:
    """The job's arguments if every one is an allowed option with a well-formed value."""
    options = ALLOWED_OPTIONS.get(job)
    if options is None:
        raise Refusal(404, "unknown_job", f"no job named {job!r}; jobs: {', '.join(sorted(ALLOWED_OPTIONS))}")
    out: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if not isinstance(arg, str) or arg not in options:
            allowed = ", ".join(options) or "none"
            raise Refusal(400, "argument_refused", f"{job} does not take {arg!r} from a client (allowed: {allowed})")
        pattern = options[arg]
        if pattern is None:
            out.append(arg)
            i += 1
            continue
        value = args[i + 1] if i + 1 < len(args) else None
        if not isinstance(value, str) or not pattern.match(value):
            raise Refusal(400, "argument_refused", f"{job} {arg} needs a plain value, got {value!r}")
        out += [arg, value]
        i += 2
    return out
