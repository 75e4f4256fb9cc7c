"""The checks of late arrivals (issue 19): on-time and late rows per true interval, and the rows
a watermark drops. THE RULE: for a row of a batch with interval [s, e) and M = its
batch_meta.json's max_lateness_seconds, s - M <= timestamp < s is a late arrival (valid data, counted in the
interval of its timestamp); timestamp < s - M or >= e is a boundary_violation (a defect).

The watermark model (docs/teaching.md): one micro-batch per generator batch, in batch order;
window(timestamp, interval) with withWatermark("timestamp", delay); the watermark a batch meets
is the max timestamp of the valid rows of the batches before it minus the delay; a row is
dropped iff its window's end <= that watermark."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import datetime, timezone

from answer_key import AnswerKey, iso_micros
from scorecard import Scorecard, has_columns, timestamp_column

UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def batch_id_of(us: int) -> str:
    return datetime.fromtimestamp(us / 1_000_000, tz=timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def delay_seconds(value) -> float | None:
    """A delay as seconds: a number, or Spark's text ("15 minutes", "1 hour")."""
    if isinstance(value, (int, float)):
        return float(value)
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(second|minute|hour|day)s?\s*", str(value or ""))
    return float(match.group(1)) * UNITS[match.group(2)] if match else None


# ---- on-time and late rows per interval -------------------------------------------------


def check_arrivals(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    if not key.has(card, "late_arrivals"):
        return
    interval = "true_batch_id" if "true_batch_id" in frame.columns else "interval_start"
    if not has_columns(card, frame, [interval, "intervals_late", "events"]):
        return
    if interval == "interval_start":
        micros = timestamp_column(card, frame, "interval_start", fmt)
        if micros is None:
            return
        rows = [(None if r["us"] is None else batch_id_of(r["us"]), r["intervals_late"], r["events"])
                for r in frame.select(micros.alias("us"), "intervals_late", "events").collect()]
    else:
        rows = [(r["true_batch_id"], r["intervals_late"], r["events"]) for r in frame.select("true_batch_id", "intervals_late", "events").collect()]
    compare_arrivals(rows, key, card)


def arrival_events(key: AnswerKey) -> Counter:
    """Valid rows per (company_id, interval_start micros of the batch that delivered them)."""
    return Counter((e["company_id"], iso_micros(batch_start_iso(e["batch_id"]))) for e in key.events)


def batch_start_iso(batch_id: str) -> str:
    b = batch_id
    return f"{b[0:4]}-{b[4:6]}-{b[6:8]}T{b[9:11]}:{b[11:13]}:{b[13:15]}Z"


def by_arrival_batch(key: AnswerKey) -> Counter:
    """Valid rows per batch that delivered them: the mistake of counting late rows there."""
    return Counter(e["batch_id"] for e in key.events)


def compare_arrivals(rows: list[tuple], key: AnswerKey, card: Scorecard) -> None:
    """rows: (true interval's batch id, intervals_late, events)."""
    expected = Counter({(a["true_batch_id"], int(a["intervals_late"])): int(a["events"]) for a in key.late_arrivals})
    got: Counter = Counter()
    for b, late, n in rows:
        if n:
            got[(b, int(late) if late is not None else None)] += int(n)
    m = key.summary.get("late_arrivals", {}) or {}
    for side, pick in (("on-time", lambda k: k[1] == 0), ("late", lambda k: k[1] not in (0, None))):
        want = sum(n for k, n in expected.items() if pick(k))
        have = sum(n for k, n in got.items() if pick(k))
        if side == "late" and have < want:
            hint = ("late arrivals are valid data: a row up to its batch's max_lateness_seconds (batch_meta.json; "
                    f"{m.get('max_lateness_seconds', 'M')} s at most here) before the batch's interval is a late arrival, "
                    "not a boundary_violation; count it in the interval of its timestamp")
        elif side == "late":
            hint = ("more late rows than arrived: a row before interval_start - max_lateness_seconds (its batch_meta.json's), "
                    "or at or after interval_end, is a boundary_violation (a defect), not a late arrival")
        else:
            hint = "on time: a valid row whose timestamp lies in its own batch's interval [interval_start, interval_end)"
        card.add(f"{side} rows in all", want == have, want, have, hint)
    keys = set(expected) | set(got)
    wrong = sorted((k for k in keys if expected[k] != got[k]), key=lambda k: (str(k[0]), k[1] if k[1] is not None else -1))
    arrival = by_arrival_batch(key)
    if wrong and all(l == 0 for (_, l) in got) and all(got[(b, 0)] == arrival[b] for (b, _) in got):
        hint = ": every row counted in the batch that delivered it; count it in the interval of its timestamp (floor to the interval), and how many intervals late it came"
    elif wrong and any(l for (_, l) in got) and all(expected[(b, l - 1)] == n for (b, l), n in got.items() if l):
        hint = ": intervals_late is off by one (a row of interval 00:00 delivered by batch 00:15 is 1 interval late; on time is 0)"
    else:
        hint = ""
    card.add("per interval and lateness", not wrong, f"{len(expected)} rows", f"{len(expected) - len([k for k in wrong if k in expected])} right",
             f"{len(wrong)} interval/lateness counts differ{hint}",
             [f"interval {b}, {l} intervals late: {expected[(b, l)]} expected, {got[(b, l)]} got" for (b, l) in wrong])


# ---- rows dropped by a watermark ---------------------------------------------------------


def watermark_drops(key: AnswerKey, delay_s: float, rule: str = "window_end", lag: int = 0) -> int:
    """The model run on the key's valid rows: `window_end` (the key's rule) or `timestamp` (a
    row dropped when its own time is behind the watermark, the mistake); with `lag` 1, late rows
    are filtered with the watermark of one micro-batch earlier (Spark 3.5 with several stateful
    operators allowed, when micro-batches with data follow each other)."""
    step = int(key.summary["watermark"]["interval_seconds"]) * 1_000_000
    batches = defaultdict(list)
    for e in key.events:
        batches[e["batch_id"]].append(iso_micros(e["timestamp"]))
    tops: list[int] = []  # the newest timestamp up to each batch
    dropped = 0
    for b in sorted(batches):
        if len(tops) > lag:
            mark = tops[-1 - lag] - int(delay_s * 1_000_000)
            for us in batches[b]:
                if (rule == "window_end" and (us // step + 1) * step <= mark) or (rule == "timestamp" and us <= mark):
                    dropped += 1
        tops.append(max([max(batches[b])] + tops[-1:]))
    return dropped


def still_open(key: AnswerKey, delay_s: float) -> set[int]:
    """Valid rows an APPEND-mode query has not written yet when the data ends, not counting the
    dropped ones: those of the windows whose end is after the last watermark. Either watermark:
    the one after the last micro-batch with data (moved on by a micro-batch without data), or
    the one before it."""
    step = int(key.summary["watermark"]["interval_seconds"]) * 1_000_000
    batches = defaultdict(list)
    for e in key.events:
        batches[e["batch_id"]].append(iso_micros(e["timestamp"]))
    order = sorted(batches)
    if not order:
        return set()
    tops = [max(max(batches[b]) for b in order[: i + 1]) for i in range(len(order))]
    dropped = watermark_drops(key, delay_s)
    out = set()
    for top in tops[-2:]:
        mark = top - int(delay_s * 1_000_000)
        out.add(dropped + sum(1 for b in order for us in batches[b] if (us // step + 1) * step > mark))
    return out


def check_watermark(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    if not key.has(card, "watermark_drops") or not has_columns(card, frame, ["delay_seconds", "rows_dropped"]):
        return
    compare_watermark([(r["delay_seconds"], r["rows_dropped"]) for r in frame.select("delay_seconds", "rows_dropped").collect()], key, card)


def compare_watermark(rows: list[tuple], key: AnswerKey, card: Scorecard) -> None:
    """rows: (delay: seconds or Spark's text, rows dropped)."""
    listed = {float(w["delay_seconds"]): int(w["rows_dropped"]) for w in key.watermark_drops}
    delays = [(value, delay_seconds(value), n) for value, n in rows]
    unknown = [value for value, d, _ in delays if d not in listed]
    card.add("delays the key lists", bool(rows) and not unknown, ", ".join(f"{d:g} s" for d in sorted(listed)),
             ", ".join(str(v) for v, _, _ in delays) or "no rows",
             "one row per watermark delay you ran, in seconds, a whole number of intervals (the key lists those)",
             [f"{v!r} is not a delay the key lists" for v in unknown])
    wrong = [(d, int(n or 0), listed[d]) for _, d, n in delays if d in listed and int(n or 0) != listed[d]]
    messages = []
    for d, have, want in wrong:
        if have > want:
            tighter = [t for t, n in sorted(listed.items()) if n == have and t < d]
            if watermark_drops(key, d, "timestamp") == have:
                why = "a row is dropped only once its WINDOW has closed (window end <= watermark), not when its own timestamp is behind"
            elif have in still_open(key, d):
                why = ("counted from APPEND mode's output: a window is written only once the watermark has passed its end, so the "
                       "last windows are not written yet; count with update mode (each window's last count), or wait for them")
            elif tighter:
                why = f"{have} is what a delay of {tighter[-1]:g} s drops"
            else:
                why = f"the key keeps {have - want} of those rows at {d:g} s"
            messages.append(f"watermark too tight at {d:g} s: you dropped {have} rows, the key drops {want} ({why})")
        elif watermark_drops(key, d, lag=1) == have:
            messages.append(f"at {d:g} s you dropped {have} rows, the key drops {want}: your late rows met the watermark of one micro-batch "
                            "earlier: with several stateful operators allowed (spark.sql.streaming.statefulOperator.allowMultiple, the "
                            "default), Spark 3.5 filters late rows with the previous micro-batch's watermark, which lags when micro-batches "
                            "with data follow each other; set it to false for one windowed count")
        else:
            messages.append(f"at {d:g} s you dropped {have} rows, the key drops {want}: the watermark is the max timestamp of the EARLIER "
                            "micro-batches minus the delay (one micro-batch per batch, in batch order), and every late row whose window "
                            "ended at or before it is dropped")
    card.add("rows dropped per delay", not wrong and bool(rows), "equal", f"{len(wrong)} differ", "; ".join(messages) or "no delay given",
             [f"delay {d:g} s: {want} expected, {have} got" for d, have, want in wrong])
