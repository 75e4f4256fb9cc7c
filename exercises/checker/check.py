"""Checks a student's table against the answer key of its exercise (README: Exercises).

The answer key comes from the generator (`npm run answers`): every valid event, every
defective line with its kind and line number, and the gold rows. The table is read with
Spark in whatever format it was written (Delta, Parquet, CSV or JSON), and each check says
what was expected, what was found, and for a failed one a few example rows.

  python3 check.py --exercise 04-silver --table DATA/lake/silver --answers DIR [--json]

`npm run check -- --exercise 04-silver` computes the answer key and runs this for you.
Exit code 0: every check passed; 1: a check failed (or the table could not be read).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

KINDS = ["missing_field", "null_value", "malformed_timestamp", "invalid_enum", "duplicate", "boundary_violation"]
EVENT_FIELDS = ["event_id", "driver_id", "company_id", "truck_id", "event_type", "timestamp"]
GOOD_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
EXAMPLES = 3


class TableError(Exception):
    """The table is missing or cannot be read: nothing to check."""


# ---------------------------------------------------------------- the answer key


class AnswerKey:
    def __init__(self, folder: Path):
        read = lambda name: list(csv.DictReader((folder / name).open(newline="", encoding="utf-8")))  # noqa: E731
        self.events = read("events.csv")
        self.defects = read("defects.csv")
        self.gold = read("gold.csv")
        self.summary = json.loads((folder / "summary.json").read_text())
        self.interval = {g["batch_id"]: (iso_micros(g["interval_start"]), iso_micros(g["interval_end"])) for g in self.gold}

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


# ---------------------------------------------------------------- reading the table


def table_format(path: Path) -> str:
    if not path.exists():
        raise TableError(f"there is no table at {path}: run your solution first (it must write there)")
    if path.is_dir():
        if (path / "_delta_log").is_dir():
            return "delta"
        names = [p.name for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))]
        for fmt, pattern in (("parquet", r"\.parquet$"), ("csv", r"\.csv$"), ("json", r"\.jsonl?$")):
            if any(re.search(pattern, n) for n in names):
                return fmt
        raise TableError(f"{path} holds no Delta, Parquet, CSV or JSON files")
    for fmt, pattern in (("parquet", r"\.parquet$"), ("csv", r"\.csv$"), ("json", r"\.jsonl?$")):
        if re.search(pattern, path.name):
            return fmt
    raise TableError(f"{path}: not a Delta, Parquet, CSV or JSON table")


def read_table(spark, path: Path):
    fmt = table_format(path)
    try:
        if fmt == "delta":
            frame = spark.read.format("delta").load(str(path))
        elif fmt == "parquet":
            frame = spark.read.parquet(str(path))
        elif fmt == "csv":
            frame = spark.read.option("header", True).option("inferSchema", True).csv(str(path))
        else:
            frame = spark.read.json(str(path))
    except Exception as err:  # noqa: BLE001: Spark's own message is the useful part
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        hint = " (reading Delta needs delta-spark: pip install delta-spark==3.3.2)" if fmt == "delta" else ""
        raise TableError(f"{path} could not be read as {fmt}{hint}: {first}") from err
    return frame, fmt


# ---------------------------------------------------------------- the scorecard


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


# ---------------------------------------------------------------- the exercises


def check_bronze(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    if not has_columns(card, frame, ["batch_id", "raw"]):
        return
    rows = [(r["batch_id"], r["raw"]) for r in frame.select("batch_id", "raw").collect()]
    expected_lines = {(b, raw): (line, issue) for (b, line, raw, issue) in key.lines()}
    expected = Counter((b, raw) for (b, _, raw, _) in key.lines())
    got = Counter(rows)
    card.add("one row per line written", len(rows) == sum(expected.values()), sum(expected.values()), len(rows),
             "bronze keeps every line exactly once: valid or not")
    per_batch_expected = Counter(b for (b, _) in expected.elements())
    per_batch_got = Counter(b for (b, _) in rows)
    wrong = sorted(b for b in set(per_batch_expected) | set(per_batch_got) if per_batch_expected[b] != per_batch_got[b])
    card.add("each batch has its record_count lines", not wrong, f"{len(per_batch_expected)} batches",
             f"{len(per_batch_expected) - len([b for b in wrong if b in per_batch_expected])} right",
             f"{len(wrong)} batches have the wrong number of lines",
             [f"{b}: {per_batch_expected[b]} lines expected, {per_batch_got[b]} got" for b in wrong])
    missing = expected - got
    extra = got - expected
    kinds = Counter(expected_lines[k][1] or "valid" for k in missing.elements())
    by_kind = ", ".join(f"{n} {k}" for k, n in kinds.most_common())
    message = f"missed {sum(missing.values())} lines ({by_kind})" if missing else ""
    if extra:
        message += ("; " if message else "") + f"{sum(extra.values())} rows are not lines as written"
        if not (got & expected):
            message += ": raw must be the line exactly as written (spark.read.text), not JSON written again"
    card.add("every line exactly once, as written", not missing and not extra, "no line missing or changed",
             f"{sum(missing.values())} missing, {sum(extra.values())} extra", message,
             [f"missing: batch {b} line {expected_lines[(b, raw)][0]} ({expected_lines[(b, raw)][1] or 'valid'}): {short(raw)}" for (b, raw) in missing]
             + [f"extra: batch {b}: {short(raw)}" for (b, raw) in extra])


def line_timestamp(raw: str, issue: str | None) -> tuple[str | None, int | None, bool]:
    """(event_id, expected micros or None, keyed) of a line for the timestamps exercise."""
    try:
        record = json.loads(raw)
    except ValueError:
        return None, None, False
    event_id = record.get("event_id")
    ts = record.get("timestamp")
    if not isinstance(event_id, str):
        return None, None, False
    if issue == "malformed_timestamp" or not isinstance(ts, str) or not GOOD_TIMESTAMP.match(ts):
        return event_id, None, True
    return event_id, iso_micros(ts), True


def check_timestamps(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    if not has_columns(card, frame, ["batch_id", "event_id", "timestamp"]):
        return
    micros = timestamp_column(card, frame, "timestamp", fmt)
    if micros is None:
        return
    got: dict[tuple, set] = defaultdict(set)
    for r in frame.select("batch_id", "event_id", micros.alias("us")).collect():
        got[(r["batch_id"], r["event_id"])].add(r["us"])
    expected: dict[tuple, tuple] = {}
    for b, line, raw, issue in key.lines():
        event_id, us, keyed = line_timestamp(raw, issue)
        if keyed:
            expected[(b, event_id)] = (us, line, raw, issue)
    missing = [k for k in expected if k not in got]
    card.add("every line with an event_id is there", not missing, len(expected), len(expected) - len(missing),
             f"{len(missing)} lines are missing: keep every line, valid or not; only the timestamp changes",
             [f"batch {b} line {expected[(b, e)][1]}: {short(expected[(b, e)][2])}" for (b, e) in missing])
    parsed = [(k, v) for k, v in expected.items() if v[0] is not None and k in got]
    wrong = [(k, v) for k, v in parsed if got[k] != {v[0]}]
    diffs = Counter(next(iter(got[k])) - v[0] for k, v in wrong if len(got[k]) == 1 and None not in got[k])
    card.add("well-formed timestamps parsed to the instant written", not wrong, f"{len(parsed)} exact", f"{len(parsed) - len(wrong)} exact",
             shift_message(diffs, f"{len(wrong)} timestamps") if diffs else f"{len(wrong)} timestamps were not parsed (null): use the format yyyy-MM-dd'T'HH:mm:ss.SSSX",
             [f"batch {b} line {v[1]}: {json.loads(v[2])['timestamp']} became {', '.join(micros_text(x) for x in got[(b, e)])}" for (b, e), v in wrong])
    unparseable = [(k, v) for k, v in expected.items() if v[0] is None and k in got]
    invented = [(k, v) for k, v in unparseable if got[k] != {None}]
    card.add("malformed or missing timestamps are null", not invented, f"{len(unparseable)} null", f"{len(unparseable) - len(invented)} null",
             f"{len(invented)} malformed timestamps became a time: parse strictly, with the generator's one format, so bad ones are null",
             [f"batch {b} line {v[1]}: {json.loads(v[2]).get('timestamp')!r} became {', '.join(micros_text(x) for x in got[(b, e)])}" for (b, e), v in invented])


QUARANTINE_KINDS = [k for k in KINDS if k != "duplicate"]


def check_quarantine(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    if not has_columns(card, frame, ["batch_id", "reason", "raw"]):
        return
    rows = [(r["batch_id"], r["reason"], r["raw"]) for r in frame.select("batch_id", "reason", "raw").collect()]
    unknown = Counter(reason for (_, reason, _) in rows if reason not in KINDS)
    card.add("reasons are the generator's defect names", not unknown, ", ".join(QUARANTINE_KINDS), ", ".join(sorted(map(str, unknown))) or "only known names",
             "use the names of _quality.jsonl's issue field", [f"{n} rows with reason {r!r}" for r, n in unknown.most_common()])
    defects = {(d["batch_id"], d["raw"]): d for d in key.defects if d["issue"] != "duplicate"}
    valid = {(e["batch_id"], e["raw"]): e for e in key.events}
    given: dict[tuple, list[str]] = defaultdict(list)
    for b, reason, raw in rows:
        if reason != "duplicate":  # duplicates are the next exercise's; ignored here
            given[(b, raw)].append(reason)
    for kind in QUARANTINE_KINDS:
        expected = [k for k, d in defects.items() if d["issue"] == kind]
        caught = [k for k in expected if given.get(k) == [kind]]
        missed = [k for k in expected if k not in given]
        mislabelled = [k for k in expected if k in given and given[k] != [kind]]
        wrongly = [k for k, reasons in given.items() if kind in reasons and (k not in defects or defects[k]["issue"] != kind)]
        parts = []
        if missed:
            parts.append(f"missed {len(missed)} {kind} defects")
        if mislabelled:
            labels = Counter(r for k in mislabelled for r in given[k])
            parts.append(f"{len(mislabelled)} {kind} defects labelled {', '.join(labels)}")
        if wrongly:
            parts.append(f"{len(wrongly)} rows labelled {kind} are not {kind} defects")
        examples = [f"missed: batch {b} line {defects[(b, raw)]['line']}: {short(raw)}" for (b, raw) in missed]
        examples += [f"labelled {'/'.join(given[k])}: batch {k[0]} line {defects[k]['line']}: {short(k[1])}" for k in mislabelled]
        examples += [f"not {kind}: batch {b}: {short(raw)}" for (b, raw) in wrongly]
        card.add(f"{kind}: caught / injected", not parts, f"{len(expected)} / {len(expected)}", f"{len(caught)} / {len(expected)}",
                 "; ".join(parts) + ("; here are some with their line numbers" if examples else ""), examples)
    clean = [k for k in given if k in valid]
    card.add("no valid line quarantined", not clean, 0, len(clean), f"{len(clean)} valid lines were quarantined",
             [f"batch {b} line {valid[(b, raw)]['line']}: {short(raw)}" for (b, raw) in clean])


def check_silver(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    if not has_columns(card, frame, EVENT_FIELDS + ["batch_id"]):
        return
    micros = timestamp_column(card, frame, "timestamp", fmt)
    if micros is None:
        return
    rows = [r.asDict() for r in frame.select(*EVENT_FIELDS[:-1], "batch_id", micros.alias("us")).collect()]
    valid = {e["event_id"]: e for e in key.events}
    defect_of = {d["event_id"]: d for d in key.defects if d["event_id"] and d["issue"] != "duplicate"}
    counts = Counter(r["event_id"] for r in rows)
    repeated = [e for e, n in counts.items() if n > 1]
    card.add("each event_id once", not repeated, "1 row per event_id", f"{len(repeated)} event_ids repeated",
             f"{len(repeated)} event_ids appear more than once: de-duplicate by event_id (did you forget dropDuplicates?)",
             [f"{e} appears {counts[e]} times" for e in repeated])
    missing = [e for e in valid if e not in counts]
    card.add("every valid event", not missing, len(valid), len(valid) - len(missing),
             f"missed {len(missing)} valid events",
             [f"batch {valid[e]['batch_id']} line {valid[e]['line']}: {short(valid[e]['raw'])}" for e in missing])
    extra = [r for r in rows if r["event_id"] not in valid]
    kinds = Counter(defect_of[r["event_id"]]["issue"] if r["event_id"] in defect_of else "unknown" for r in extra)
    card.add("no defective rows", not extra, 0, len(extra),
             "holds " + ", ".join(f"{n} {k} rows" for k, n in kinds.most_common()) + " (they belong in the quarantine)",
             [f"{defect_of[r['event_id']]['issue']}: batch {defect_of[r['event_id']]['batch_id']} line {defect_of[r['event_id']]['line']}: {short(defect_of[r['event_id']]['raw'])}"
              if r["event_id"] in defect_of else f"event_id {r['event_id']!r}" for r in extra])
    matched = [r for r in rows if r["event_id"] in valid]
    wrong_fields = [(r, f) for r in matched for f in EVENT_FIELDS[:-1] + ["batch_id"] if r[f] != valid[r["event_id"]][f]]
    card.add("fields as written", not wrong_fields, "equal", f"{len(wrong_fields)} differ", f"{len(wrong_fields)} field values differ from the lines",
             [f"{r['event_id']} {f}: {valid[r['event_id']][f]!r} expected, {r[f]!r} got" for r, f in wrong_fields])
    wrong_ts = [r for r in matched if r["us"] != iso_micros(valid[r["event_id"]]["timestamp"])]
    diffs = Counter(r["us"] - iso_micros(valid[r["event_id"]]["timestamp"]) for r in wrong_ts if r["us"] is not None)
    card.add("timestamps as written", not wrong_ts, "equal", f"{len(wrong_ts)} differ", shift_message(diffs, f"{len(wrong_ts)} timestamps") if diffs else "timestamps are null",
             [f"{r['event_id']}: {valid[r['event_id']]['timestamp']} expected, {micros_text(r['us'])} got" for r in wrong_ts])


GOLD_MEASURES = ["events", "start_driving", "stopped_driving", "delivered", "active_drivers"]


def interval_length(key: AnswerKey) -> int:
    g = key.gold[0] if key.gold else None
    return iso_micros(g["interval_end"]) - iso_micros(g["interval_start"]) if g else 0


def best_shift(rows: dict, expected: dict, key: AnswerKey) -> int:
    """The shift of interval_start (micros) under which most rows equal an expected row, when
    that beats no shift at all: an off-by-one interval or a time zone, say. 0 when none."""
    length = interval_length(key)

    def agree(d: int) -> int:
        return sum(
            1
            for (c, us), r in rows.items()
            if us is not None and (c, us - d) in expected and all(r[m] == int(expected[(c, us - d)][m]) for m in GOLD_MEASURES)
        )

    candidates = {k * length for k in range(-96, 97)} | {h * 3_600_000_000 for h in range(-14, 15)}
    candidates.discard(0)
    best = max(sorted(candidates), key=agree)
    return best if agree(best) > max(agree(0), len(rows) // 2) else 0


def check_gold(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    if not has_columns(card, frame, ["company_id", "interval_start"] + GOLD_MEASURES):
        return
    micros = timestamp_column(card, frame, "interval_start", fmt)
    if micros is None:
        return
    rows = {}
    for r in frame.select("company_id", micros.alias("us"), *GOLD_MEASURES).collect():
        rows[(r["company_id"], r["us"])] = r
    expected = {(g["company_id"], iso_micros(g["interval_start"])): g for g in key.gold}
    missing = [k for k in expected if k not in rows]
    extra = [k for k in rows if k not in expected]
    message = f"{len(missing)} company-intervals missing, {len(extra)} not expected"
    offset = best_shift(rows, expected, key) if missing and extra else 0
    if offset:
        length = interval_length(key)
        why = (
            " (one interval: interval_start is the start of the batch interval)"
            if abs(offset) == length
            else " (a time zone shift: keep everything in UTC)"
            if offset % 3_600_000_000 == 0
            else ""
        )
        message = f"interval_start is off by {offset_text(offset)}{why}"
    card.add("one row per company and interval", not missing and not extra, len(expected), f"{len(expected) - len(missing)} found, {len(extra)} extra", message,
             [f"missing: {c} at {micros_text(us)}" for (c, us) in missing] + [f"extra: {c} at {micros_text(us)}" for (c, us) in extra])
    # Under a shift, each row is compared with the one it was meant to be, so the shift is the
    # one failure reported instead of every measure too.
    rows = {(c, us - offset if us is not None else us): r for (c, us), r in rows.items()}
    for m in GOLD_MEASURES:
        wrong = [(k, g) for k, g in expected.items() if k in rows and rows[k][m] != int(g[m])]
        higher = sum(1 for k, g in wrong if (rows[k][m] or 0) > int(g[m]))
        hint = ""
        if wrong and higher == len(wrong):
            hint = ": all too high (duplicates or defective rows counted?)"
        elif wrong and higher == 0:
            hint = ": all too low (valid events dropped?)"
        card.add(f"{m} per company and interval", not wrong, "equal", f"{len(wrong)} differ", f"{len(wrong)} rows differ{hint}",
                 [f"{c} at {micros_text(us)}: {g[m]} expected, {rows[(c, us)][m]} got" for (c, us), g in wrong])


def late_truth(key: AnswerKey) -> Counter:
    """(batch_id, company_id, 'early' | 'late') of each boundary violation."""
    out: Counter = Counter()
    for d in key.defects:
        if d["issue"] != "boundary_violation":
            continue
        record = json.loads(d["raw"])
        start, end = key.interval[d["batch_id"]]
        us = iso_micros(record["timestamp"])
        out[(d["batch_id"], record["company_id"], "early" if us < start else "late")] += 1
        assert us < start or us >= end
    return out


def check_late(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    if not has_columns(card, frame, ["batch_id", "company_id", "early", "late"]):
        return
    truth = late_truth(key)
    got = {}
    for r in frame.select("batch_id", "company_id", "early", "late").collect():
        got[(r["batch_id"], r["company_id"])] = (r["early"] or 0, r["late"] or 0)
    for side in ("early", "late"):
        want = sum(n for (_, _, s), n in truth.items() if s == side)
        have = sum(v[0 if side == "early" else 1] for v in got.values())
        card.add(f"{side} rows in all", want == have, want, have,
                 f"{'early rows have timestamps before their interval_start' if side == 'early' else 'late rows have timestamps at or after their interval_end (it is exclusive)'}; count them, do not drop or merge them")
    keys = {(b, c) for (b, c, _) in truth}
    expected = {k: (truth[(*k, "early")], truth[(*k, "late")]) for k in keys}
    wrong = [k for k in keys if got.get(k, (0, 0)) != expected[k]] + [k for k, v in got.items() if k not in keys and v != (0, 0)]
    card.add("per batch and company", not wrong, f"{len(keys)} rows", f"{len(keys) - len([k for k in wrong if k in keys])} right",
             f"{len(wrong)} batch/company counts differ",
             [f"batch {b} company {c}: early/late {expected.get((b, c), (0, 0))} expected, {got.get((b, c), (0, 0))} got" for (b, c) in wrong])


CHECKS = {
    "bronze": check_bronze,
    "timestamps": check_timestamps,
    "quarantine": check_quarantine,
    "silver": check_silver,
    "gold": check_gold,
    "late": check_late,
}


def check(spark, exercise: str, checker: str, table: Path, answers: Path) -> dict:
    """The scorecard of `table` for an exercise whose checker is one of CHECKS."""
    key = AnswerKey(answers)
    try:
        frame, fmt = read_table(spark, table)
    except TableError as err:
        card = Scorecard(exercise, table, None)
        card.add("the table can be read", False, "a table", "nothing", str(err))
        return card.as_dict()
    card = Scorecard(exercise, table, fmt)
    card.rows = frame.count()
    CHECKS[checker](spark, frame, fmt, key, card)
    return card.as_dict()


def session(delta: bool = False):
    """A local session; with `delta`, Delta Lake's extension (delta-spark, its jars fetched once
    from Maven Central): only for a Delta table, so checking the others needs no download."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master("local[2]")
        .appName("spark-experiments-check")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
    )
    if delta:
        try:
            from delta import configure_spark_with_delta_pip
        except ImportError:
            configure_spark_with_delta_pip = None
        if configure_spark_with_delta_pip:
            builder = configure_spark_with_delta_pip(
                builder.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension").config(
                    "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"
                )
            )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Check a table against its exercise's answer key.")
    p.add_argument("--exercise", required=True, help="exercise id, e.g. 04-silver")
    p.add_argument("--checker", required=True, choices=sorted(CHECKS), help="which checks (the exercise's `checker`)")
    p.add_argument("--table", required=True, type=Path)
    p.add_argument("--answers", required=True, type=Path, help="folder written by npm run answers")
    args = p.parse_args(argv)
    os.environ.setdefault("TZ", "UTC")
    try:
        delta = table_format(args.table) == "delta"
    except TableError:
        delta = False
    card = check(session(delta), args.exercise, args.checker, args.table, args.answers)
    sys.stdout.write(json.dumps(card) + "\n")
    return 0 if card["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
