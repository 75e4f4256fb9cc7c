"""The checks of each exercise's table against the answer key (CHECKS: the exercise's
`checker` to its function)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict

from answer_key import AnswerKey, iso_micros, micros_text, offset_text, short
from checks_off_interval import check_off_interval
from checks_stream import NEW_CHECKPOINT, REPLAY, RESTART, doubled_batches, missing_tail, span
from checks_arrivals import arrival_events, batch_start_iso, check_arrivals, check_watermark
from checks_layout import check_layout
from checks_world import check_dimension, check_inactive, check_regional
from common import DEFECT_KINDS, EVENT_FIELDS, LIFECYCLE_DEFECT_KINDS
from scorecard import Scorecard, has_columns, shift_message, timestamp_column

GOOD_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


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
    twice = Counter({k: n for k, n in extra.items() if k in expected})
    changed = extra - twice
    kinds = Counter(expected_lines[k][1] or "valid" for k in missing.elements())
    by_kind = ", ".join(f"{n} {k}" for k, n in kinds.most_common())
    message = f"missed {sum(missing.values())} lines ({by_kind})" if missing else ""
    tail = missing_tail(Counter(b for (b, _) in missing.elements()), per_batch_expected)
    if tail:
        message = f"the batches {span(tail)} are missing ({sum(missing.values())} lines): {RESTART}"
    if twice:
        doubled = doubled_batches(Counter(b for (b, _) in twice.elements()), per_batch_expected)
        message += ("; " if message else "") + f"{sum(twice.values())} lines are there more than once"
        message += f": the batches {span(doubled)} were read twice: {NEW_CHECKPOINT}" if doubled else ""
    if changed:
        message += ("; " if message else "") + f"{sum(changed.values())} rows are not lines as written"
        if not (got & expected):
            message += ": raw must be the line exactly as written (spark.read.text), not JSON written again"
    card.add("every line exactly once, as written", not missing and not extra, "no line missing or changed",
             f"{sum(missing.values())} missing, {sum(extra.values())} extra", message,
             [f"missing: batch {b} line {expected_lines[(b, raw)][0]} ({expected_lines[(b, raw)][1] or 'valid'}): {short(raw)}" for (b, raw) in missing]
             + [f"twice: batch {b} line {expected_lines[(b, raw)][0]}: {short(raw)}" for (b, raw) in twice]
             + [f"extra: batch {b}: {short(raw)}" for (b, raw) in changed])


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


QUARANTINE_KINDS = [k for k in DEFECT_KINDS if k != "duplicate"]



def check_quarantine(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    if not has_columns(card, frame, ["batch_id", "reason", "raw"]):
        return
    rows = [(r["batch_id"], r["reason"], r["raw"]) for r in frame.select("batch_id", "reason", "raw").collect()]
    # The lifecycle's kinds (after_deactivation) only when the dataset has them.
    kinds = QUARANTINE_KINDS + [k for k in LIFECYCLE_DEFECT_KINDS if k in key.summary["defects"]]
    unknown = Counter(reason for (_, reason, _) in rows if reason not in DEFECT_KINDS + LIFECYCLE_DEFECT_KINDS)
    card.add("reasons are the generator's defect names", not unknown, ", ".join(kinds), ", ".join(sorted(map(str, unknown))) or "only known names",
             "use the names of _quality.jsonl's issue field", [f"{n} rows with reason {r!r}" for r, n in unknown.most_common()])
    defects = {(d["batch_id"], d["raw"]): d for d in key.defects if d["issue"] != "duplicate"}
    valid = {(e["batch_id"], e["raw"]): e for e in key.events}
    given: dict[tuple, list[str]] = defaultdict(list)
    for b, reason, raw in rows:
        if reason != "duplicate":  # duplicates are the next exercise's; ignored here
            given[(b, raw)].append(reason)
    for kind in kinds:
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
    late = [k for k in clean if iso_micros(valid[k]["timestamp"]) < iso_micros(batch_start_iso(k[0]))]
    card.add("no valid line quarantined", not clean, 0, len(clean), f"{len(clean)} valid lines were quarantined"
             + (f"; {len(late)} of them are late arrivals: a timestamp up to max_lateness_seconds before the batch's interval is valid "
                "data (counted in its own interval), not a boundary_violation" if late else ""),
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
    copies = {d["event_id"] for d in key.defects if d["issue"] == "duplicate"}
    written_once = [e for e in repeated if e not in copies]
    message = f"{len(repeated)} event_ids appear more than once: de-duplicate by event_id (did you forget dropDuplicates?)"
    if written_once:
        message = (f"{len(repeated)} event_ids appear more than once, {len(written_once)} of them events the generator wrote once: {REPLAY}"
                   + ("; and de-duplicate each micro-batch too (the generator's own copies)" if len(written_once) < len(repeated) else ""))
    card.add("each event_id once", not repeated, "1 row per event_id", f"{len(repeated)} event_ids repeated", message,
             [f"{e} appears {counts[e]} times" + ("" if e in copies else " (written once)") for e in repeated])
    missing = [e for e in valid if e not in counts]
    batches = Counter(e["batch_id"] for e in key.events)
    tail = missing_tail(Counter(valid[e]["batch_id"] for e in missing), batches)
    card.add("every valid event", not missing, len(valid), len(valid) - len(missing),
             f"missed {len(missing)} valid events" + (f", all those of the batches {span(tail)}: {RESTART}" if tail else ""),
             [f"batch {valid[e]['batch_id']} line {valid[e]['line']}: {short(valid[e]['raw'])}" for e in missing])
    extra = [r for r in rows if r["event_id"] not in valid]
    kinds = Counter(defect_of[r["event_id"]]["issue"] if r["event_id"] in defect_of else "unknown" for r in extra)
    card.add("no defective rows", not extra, 0, len(extra),
             "holds " + ", ".join(f"{n} {k} rows" for k, n in kinds.most_common()) + " (they belong in the quarantine)"
             + ("; after_deactivation events kept: an event stamped while its company was inactive (from a deactivated effective_at to the next "
                "reactivated one, in the company dimension) is not valid" if kinds["after_deactivation"] else ""),
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
    seen: Counter = Counter()
    for r in frame.select("company_id", micros.alias("us"), *GOLD_MEASURES).collect():
        rows[(r["company_id"], r["us"])] = r
        seen[(r["company_id"], r["us"])] += 1
    expected = {(g["company_id"], iso_micros(g["interval_start"])): g for g in key.gold}
    missing = [k for k in expected if k not in rows]
    extra = [k for k in rows if k not in expected]
    repeated = [k for k, n in seen.items() if n > 1]
    message = f"{len(missing)} company-intervals missing, {len(extra)} not expected"
    starts = Counter(us for (_, us) in expected)
    tail = missing_tail(Counter(us for (_, us) in missing), starts) if missing and not extra else []
    if tail:
        newest = "the newest interval is" if len(tail) == 1 else f"the {len(tail)} newest intervals are"
        message = (f"{newest} missing (from {micros_text(tail[0])}): an append-mode window is written only once the watermark "
                   f"has passed its end, so the newest stay unwritten (write with foreachBatch and MERGE); or {RESTART}")
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
    if repeated:
        message = (message + "; " if missing or extra else "") + f"{len(repeated)} company-intervals have more than one row: {REPLAY.replace('the key', '(company_id, interval_start)')}"
    card.add("one row per company and interval", not missing and not extra and not repeated, len(expected), f"{len(expected) - len(missing)} found, {len(extra)} extra", message,
             [f"{seen[(c, us)]} rows: {c} at {micros_text(us)}" for (c, us) in repeated]
             + [f"missing: {c} at {micros_text(us)}" for (c, us) in missing] + [f"extra: {c} at {micros_text(us)}" for (c, us) in extra])
    # Under a shift, each row is compared with the one it was meant to be, so the shift is the
    # one failure reported instead of every measure too.
    rows = {(c, us - offset if us is not None else us): r for (c, us), r in rows.items()}
    # With late arrivals: rows counted in the batch that delivered them (its interval_start).
    delivered = arrival_events(key) if key.late_arrivals is not None else {}
    for m in GOLD_MEASURES:
        wrong = [(k, g) for k, g in expected.items() if k in rows and rows[k][m] != int(g[m])]
        higher = sum(1 for k, g in wrong if (rows[k][m] or 0) > int(g[m]))
        hint = ""
        if m == "events" and wrong and sum(1 for k, _ in wrong if rows[k][m] == delivered.get(k)) * 2 > len(wrong):
            hint = ": late arrivals counted in the batch that delivered them; count a row in the interval of its timestamp"
        elif wrong and higher == len(wrong):
            hint = ": all too high (duplicates or defective rows counted, or a micro-batch counted twice: an upsert must replace the row, not add to it)"
        elif wrong and higher == 0:
            hint = ": all too low (valid events dropped?)"
        card.add(f"{m} per company and interval", not wrong, "equal", f"{len(wrong)} differ", f"{len(wrong)} rows differ{hint}",
                 [f"{c} at {micros_text(us)}: {g[m]} expected, {rows[(c, us)][m]} got" for (c, us), g in wrong])


CHECKS = {
    "bronze": check_bronze,
    "timestamps": check_timestamps,
    "quarantine": check_quarantine,
    "silver": check_silver,
    "gold": check_gold,
    "off_interval": check_off_interval,
    "dimension": check_dimension,
    "inactive": check_inactive,
    "regional": check_regional,
    "arrivals": check_arrivals,
    "watermark": check_watermark,
    "layout": check_layout,
}
