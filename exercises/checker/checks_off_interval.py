"""Exercise 7: the rows of a batch whose timestamp lies outside its interval, counted per batch
and company on each side: `before` interval_start, or `after` (at or after interval_end, which
is exclusive). Off-interval, not late: late is a row that arrives in a later batch."""

from __future__ import annotations

import json
from collections import Counter

from answer_key import AnswerKey, iso_micros
from scorecard import Scorecard, has_columns

SIDES = ("before", "after")


def off_interval_truth(key: AnswerKey) -> Counter:
    """(batch_id, company_id, 'before' | 'after') of each boundary violation."""
    out: Counter = Counter()
    for d in key.defects:
        if d["issue"] != "boundary_violation":
            continue
        record = json.loads(d["raw"])
        start, end = key.interval[d["batch_id"]]
        us = iso_micros(record["timestamp"])
        out[(d["batch_id"], record["company_id"], "before" if us < start else "after")] += 1
        assert us < start or us >= end
    return out


def check_off_interval(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    if "early" in frame.columns or "late" in frame.columns:
        card.add("columns before and after", False, "before, after", ", ".join(frame.columns),
                 "the columns are before and after (the side of the interval), not early and late: "
                 "late means arriving in a later batch, which these rows did not")
        return
    if not has_columns(card, frame, ["batch_id", "company_id", *SIDES]):
        return
    truth = off_interval_truth(key)
    got = {}
    for r in frame.select("batch_id", "company_id", *SIDES).collect():
        got[(r["batch_id"], r["company_id"])] = (r["before"] or 0, r["after"] or 0)
    for i, side in enumerate(SIDES):
        want = sum(n for (_, _, s), n in truth.items() if s == side)
        have = sum(v[i] for v in got.values())
        why = ("rows before have timestamps before their batch's interval_start" if side == "before"
               else "rows after have timestamps at or after their batch's interval_end (it is exclusive)")
        card.add(f"rows {side} the interval in all", want == have, want, have, f"{why}; count them, do not drop or merge them")
    keys = {(b, c) for (b, c, _) in truth}
    expected = {k: (truth[(*k, "before")], truth[(*k, "after")]) for k in keys}
    wrong = [k for k in keys if got.get(k, (0, 0)) != expected[k]] + [k for k, v in got.items() if k not in keys and v != (0, 0)]
    card.add("per batch and company", not wrong, f"{len(keys)} rows", f"{len(keys) - len([k for k in wrong if k in keys])} right",
             f"{len(wrong)} batch/company counts differ",
             [f"batch {b} company {c}: before/after {expected.get((b, c), (0, 0))} expected, {got.get((b, c), (0, 0))} got" for (b, c) in wrong])
