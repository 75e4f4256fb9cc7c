"""The answer key of an exercise (written by `npm run answers`) and the time helpers the
checks share: every valid event, every defective line with its kind, and the gold rows."""

from __future__ import annotations

import csv
import json
from functools import cached_property
from pathlib import Path


# The parts of the key only some datasets have (docs/teaching.md, Answer keys): the file, and
# what the dataset's config needs for it to be written.
PARTS = {
    "late_arrivals": ("late_arrivals.csv", "late_arrivals"),
    "watermark_drops": ("watermark_drops.csv", "late_arrivals"),
    "company_dimension": ("company_dimension.csv", "lifecycle (or regions)"),
    "regional_gold": ("regional_gold.csv", "regions"),
}


class AnswerKey:
    """The key's files are read when a check first asks for them: a check of gold rows (or a
    layout) never parses events.csv, which is 100 MB for a day of `scaling`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.summary = json.loads((folder / "summary.json").read_text())

    def _read(self, name: str) -> list[dict]:
        with (self.folder / name).open(newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    def _optional(self, part: str) -> list[dict] | None:
        """None when the dataset has no such part: the file is not written then."""
        name = PARTS[part][0]
        return self._read(name) if (self.folder / name).is_file() else None

    @cached_property
    def events(self) -> list[dict]:
        return self._read("events.csv")

    @cached_property
    def defects(self) -> list[dict]:
        return self._read("defects.csv")

    @cached_property
    def gold(self) -> list[dict]:
        return self._read("gold.csv")

    @cached_property
    def interval(self) -> dict[str, tuple[int, int]]:
        return {g["batch_id"]: (iso_micros(g["interval_start"]), iso_micros(g["interval_end"])) for g in self.gold}

    @cached_property
    def late_arrivals(self) -> list[dict] | None:
        return self._optional("late_arrivals")

    @cached_property
    def watermark_drops(self) -> list[dict] | None:
        return self._optional("watermark_drops")

    @cached_property
    def company_dimension(self) -> list[dict] | None:
        return self._optional("company_dimension")

    @cached_property
    def regional_gold(self) -> list[dict] | None:
        return self._optional("regional_gold")

    def has(self, card, part: str) -> bool:
        """Whether the key has `part`; if not, a failed check that says which preset it needs."""
        if getattr(self, part) is not None:
            return True
        name, needs = PARTS[part]
        card.add(f"the answer key has {name}", False, name, "no such file",
                 f"this dataset has no {needs} in its config, so its answer key has no {name}: "
                 "prepare the exercise again (its preset must have it, as late-data or world do)")
        return False

    def regions(self) -> dict[str, str]:
        """Each company's region (geography), from the company dimension."""
        return {row["company_id"]: row["geography"] for row in self.company_dimension or []}

    def lines(self):
        """(batch_id, line, raw, issue or None) of every line written."""
        for e in self.events:
            yield e["batch_id"], int(e["line"]), e["raw"], None
        for d in self.defects:
            yield d["batch_id"], int(d["line"]), d["raw"], d["issue"]


def iso_micros(text: str) -> int:
    """Microseconds since 1970 of an ISO time with a Z (what the generator writes)."""
    from datetime import datetime

    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1_000_000)


def micros_text(us: int | None) -> str:
    from datetime import datetime, timezone

    if us is None:
        return "null"
    return datetime.fromtimestamp(us / 1_000_000, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def offset_text(us: int) -> str:
    sign = "+" if us >= 0 else "-"
    s = abs(us) // 1_000_000
    return f"{sign}{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def short(raw: str, n: int = 160) -> str:
    return raw if len(raw) <= n else raw[: n - 1] + "…"
