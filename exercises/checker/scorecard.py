"""The scorecard: each check with what was expected, what was found, and for a failed one a
message and a few example rows; and the column checks every exercise starts with."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from answer_key import offset_text

EXAMPLES = 3


class Scorecard:
    def __init__(self, exercise: str, table: Path, fmt: str | None):
        self.exercise = exercise
        self.table = str(table)
        self.format = fmt
        self.rows: int | None = None
        self.checks: list[dict] = []

    def add(self, name: str, passed: bool, expected, got, message: str = "", examples: list[str] | None = None) -> bool:
        self.checks.append(
            {
                "name": name,
                "passed": bool(passed),
                "expected": str(expected),
                "got": str(got),
                "message": "" if passed else message,
                "examples": [] if passed else (examples or [])[:EXAMPLES],
            }
        )
        return bool(passed)

    def as_dict(self) -> dict:
        return {
            "exercise": self.exercise,
            "table": self.table,
            "format": self.format,
            "rows": self.rows,
            "passed": bool(self.checks) and all(c["passed"] for c in self.checks),
            "checks": self.checks,
        }


def has_columns(card: Scorecard, frame, columns: list[str]) -> bool:
    present = set(frame.columns)
    missing = [c for c in columns if c not in present]
    return card.add(
        "has the columns",
        not missing,
        ", ".join(columns),
        ", ".join(frame.columns) or "(none)",
        f"missing {', '.join(missing)}: name the columns exactly as the exercise says",
    )


def timestamp_column(card: Scorecard, frame, name: str, fmt: str):
    """The column as microseconds since 1970 (a timestamp; CSV/JSON text is parsed), or None
    after a failed type check."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import TimestampNTZType, TimestampType

    kind = frame.schema[name].dataType
    if isinstance(kind, (TimestampType, TimestampNTZType)):
        card.add(f"{name} is a timestamp", True, "timestamp", kind.simpleString())
        return F.unix_micros(F.col(name).cast("timestamp"))
    if fmt in ("csv", "json"):
        # These formats have no timestamp type: ISO text is read as the instant it names.
        card.add(f"{name} is a timestamp", True, "timestamp (as ISO text in " + fmt + ")", kind.simpleString())
        return F.unix_micros(F.to_timestamp(F.col(name)))
    card.add(
        f"{name} is a timestamp",
        False,
        "timestamp",
        kind.simpleString(),
        f"{name} is {kind.simpleString()}: parse it with to_timestamp (the generator writes UTC with milliseconds and a Z)",
    )
    return None


def shift_message(diffs: Counter, what: str) -> str:
    """What a set of (got - expected) differences says: one shift for all, or not."""
    if len(diffs) == 1:
        (offset, _), = diffs.items()
        if offset % 3_600_000_000 == 0:
            return f"{what} are shifted by {offset_text(offset)}: a time zone slipped in; the Z in 2024-01-01T00:07:19.277Z means UTC"
        if abs(offset) < 1_000_000:
            return f"{what} are off by {offset / 1000:+.0f} ms: keep the milliseconds"
        return f"{what} are shifted by {offset_text(offset)}"
    if all(abs(d) < 1_000_000 for d in diffs):
        return f"{what} lost their milliseconds: parse with .SSS"
    return f"{what} differ from the lines"


def scorecard_text(card: dict) -> str:
    """A scorecard as `npm run check` prints it (electron/service/classroom/scorecard-text.ts):
    one line per check, and under a failed one what went wrong and a few of its rows."""
    passed = sum(1 for c in card["checks"] if c["passed"])
    verdict = "PASSED" if card["passed"] else "NOT YET"
    lines = [f"Exercise {card['exercise']}: {verdict} ({passed} of {len(card['checks'])} checks passed)"]
    lines.append(f"  table: {card['table']}" + (f" ({card['format']}, {card['rows'] or 0:,} rows)" if card["format"] else ""))
    for c in card["checks"]:
        if c["passed"]:
            lines.append(f"  ✓ {c['name']}: {c['got']}")
            continue
        lines.append(f"  ✗ {c['name']}: expected {c['expected']}, got {c['got']}")
        if c["message"]:
            lines.append(f"      {c['message']}")
        lines.extend(f"        - {example}" for example in c["examples"])
    return "\n".join(lines) + "\n"
