"""The checks of the changing world's truths (issue 19): the company dimension as SCD type 2
rows, the events of inactive companies (after_deactivation), and regional gold per local day.
Each check_* reads the student's table with Spark and hands plain rows to a compare_*, which
knows the typical mistakes: reactivation ignored, after_deactivation events kept, the UTC day
used instead of the local one, a 23- or 25-hour day miscounted."""

from __future__ import annotations

from collections import Counter, defaultdict

from answer_key import AnswerKey, iso_micros, micros_text, short
from scorecard import Scorecard, has_columns, timestamp_column

# A valid_to this far out is the "open end" some SCD2 tables write instead of null.
OPEN_END_US = iso_micros("9000-01-01T00:00:00Z")
MEASURES = ["events", "start_driving", "stopped_driving", "delivered", "active_drivers"]
TYPE_COLUMN = {"start driving": "start_driving", "stopped driving": "stopped_driving", "delivered": "delivered"}


def as_bool(value) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text in ("true", "1", "t", "yes") else False if text in ("false", "0", "f", "no") else None


def open_end(us: int | None) -> int | None:
    return None if us is None or us >= OPEN_END_US else us


# ---- the company dimension (SCD2) -------------------------------------------------------

DIMENSION_COLUMNS = ["company_id", "active", "valid_from", "valid_to", "is_current"]


def check_dimension(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    if not key.has(card, "company_dimension") or not has_columns(card, frame, DIMENSION_COLUMNS):
        return
    start = timestamp_column(card, frame, "valid_from", fmt)
    end = timestamp_column(card, frame, "valid_to", fmt) if start is not None else None
    if start is None or end is None:
        return
    extra = ["geography"] if "geography" in frame.columns else []
    rows = [r.asDict() for r in frame.select("company_id", "active", start.alias("from_us"), end.alias("to_us"), "is_current", *extra).collect()]
    compare_dimension(rows, key, card)


def compare_dimension(rows: list[dict], key: AnswerKey, card: Scorecard) -> None:
    """rows: company_id, active, from_us, to_us (micros or None), is_current[, geography]."""
    expected = {(d["company_id"], iso_micros(d["valid_from"])): d for d in key.company_dimension}
    got = {(r["company_id"], r["from_us"]): r for r in rows}
    missing = [k for k in expected if k not in got]
    extra = [k for k in got if k not in expected]
    # Reactivations: an active version after the company's first one.
    first = {}
    for c, us in sorted(expected):
        first.setdefault(c, us)
    comebacks = {(c, us) for (c, us), d in expected.items() if as_bool(d["active"]) and us != first[c]}
    last_got = {}
    for (c, us), r in sorted(got.items(), key=lambda kv: (kv[0][0], kv[0][1] if kv[0][1] is not None else -1)):
        last_got[c] = r
    ignored = sorted({c for (c, us) in comebacks if (c, us) not in got or as_bool(last_got.get(c, {}).get("active")) is False})
    versions_key = Counter(c for c, _ in expected)
    versions_got = Counter(c for c, _ in got)
    if versions_got and max(versions_got.values()) == 1 and max(versions_key.values()) > 1:
        message = ("one row per company: an SCD2 dimension keeps every version (a new row for each change record, from its effective_at), "
                   "closing the one before with valid_to")
    elif ignored:
        message = (f"reactivation ignored: {len(ignored)} companies come back (a \"reactivated\" record) but your dimension has no version "
                   "from then on, or keeps them inactive forever: a reactivation is a new version, active again, that closes the inactive one")
    else:
        message = f"{len(missing)} versions missing, {len(extra)} not expected (a version starts at its record's effective_at)"
    card.add("one row per company version", not missing and not extra, len(expected), f"{len(expected) - len(missing)} found, {len(extra)} extra", message,
             [f"reactivated and not back: {c}" for c in ignored]
             + [f"missing: {c} from {micros_text(us)} ({'active' if as_bool(expected[(c, us)]['active']) else 'inactive'})" for c, us in missing]
             + [f"extra: {c} from {micros_text(us)}" for c, us in extra])
    matched = [k for k in expected if k in got]
    wrong_active = [k for k in matched if as_bool(got[k]["active"]) != as_bool(expected[k]["active"])]
    card.add("active per version", not wrong_active, "equal", f"{len(wrong_active)} differ",
             f"{len(wrong_active)} versions have the wrong active flag: \"deactivated\" makes a company inactive, \"reactivated\" active again",
             [f"{c} from {micros_text(us)}: {expected[(c, us)]['active']} expected" for c, us in wrong_active])
    want_to = {k: (iso_micros(expected[k]["valid_to"]) if expected[k]["valid_to"] else None) for k in matched}
    wrong_to = [k for k in matched if open_end(got[k]["to_us"]) != want_to[k]]
    diffs = Counter(got[k]["to_us"] - want_to[k] for k in wrong_to if got[k]["to_us"] is not None and want_to[k] is not None)
    if diffs and set(diffs) <= {-1000, -1}:
        hint = "valid_to is exclusive: it is the next version's valid_from itself, not a moment before"
    elif any(want_to[k] is None for k in wrong_to):
        hint = "the current version is open: valid_to null (or a far-future date)"
    else:
        hint = "valid_to is the next version's valid_from (the same company's next change record)"
    card.add("valid_to: the next version's valid_from", not wrong_to, "equal", f"{len(wrong_to)} differ", f"{len(wrong_to)} versions end wrong: {hint}",
             [f"{c} from {micros_text(us)}: valid_to {micros_text(want_to[(c, us)])} expected, {micros_text(got[(c, us)]['to_us'])} got" for c, us in wrong_to])
    wrong_current = [k for k in matched if as_bool(got[k]["is_current"]) != (expected[k]["is_current"] == "true")]
    card.add("is_current marks each company's last version", not wrong_current, "equal", f"{len(wrong_current)} differ",
             f"{len(wrong_current)} versions have the wrong is_current: only a company's latest version is current",
             [f"{c} from {micros_text(us)}: {expected[(c, us)]['is_current']} expected" for c, us in wrong_current])
    if rows and "geography" in rows[0]:
        wrong_geo = [k for k in matched if got[k]["geography"] != expected[k]["geography"]]
        card.add("geography per version", not wrong_geo, "equal", f"{len(wrong_geo)} differ", f"{len(wrong_geo)} versions have another geography than the company's",
                 [f"{c}: {expected[(c, us)]['geography']} expected, {got[(c, us)]['geography']} got" for c, us in wrong_geo])


# ---- events of inactive companies (after_deactivation) ---------------------------------


def check_inactive(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    if "after_deactivation" not in key.summary["defects"]:
        card.add("the dataset has a lifecycle", False, "lifecycle", "none",
                 "this dataset's companies never deactivate: prepare the exercise again (its preset must have lifecycle, as world or late-data do)")
        return
    if not has_columns(card, frame, ["event_id"]):
        return
    compare_inactive([r["event_id"] for r in frame.select("event_id").collect()], key, card)


def inactive_spans(key: AnswerKey) -> dict[str, list[tuple[int, int | None, bool]]]:
    """(from, to, active) versions of each company, from the dimension."""
    spans = defaultdict(list)
    for d in key.company_dimension or []:
        spans[d["company_id"]].append((iso_micros(d["valid_from"]), iso_micros(d["valid_to"]) if d["valid_to"] else None, as_bool(d["active"])))
    return spans


def compare_inactive(event_ids: list[str], key: AnswerKey, card: Scorecard) -> None:
    """event_ids: the student's events of inactive companies."""
    truth = {}
    for d in key.defects:
        if d["issue"] == "after_deactivation":
            truth[d["event_id"]] = d
    given = Counter(event_ids)
    missed = [e for e in truth if e not in given]
    card.add("every event of an inactive company", not missed, len(truth), len(truth) - len(missed),
             f"missed {len(missed)} events stamped while their company was inactive (from a \"deactivated\" effective_at until the next \"reactivated\" one)",
             [f"batch {truth[e]['batch_id']} line {truth[e]['line']}: {short(truth[e]['raw'])}" for e in missed])
    valid = {e["event_id"]: e for e in key.events}
    spans = inactive_spans(key)
    why = Counter()
    examples = []
    for e in (e for e in given if e not in truth):
        event = valid.get(e)
        if event is None:
            why["not a valid event of the key"] += 1
            examples.append(f"event_id {e!r}: not a valid event")
            continue
        us = iso_micros(event["timestamp"])
        versions = sorted(spans.get(event["company_id"], []))
        left = [v for v in versions if v[2] is False and v[0] <= us]
        if left:
            reason = "reactivation ignored: its company had come back (\"reactivated\") before the event"
        elif any(v[2] is False for v in versions):
            reason = "stamped before the deactivation took effect: compare the timestamp with effective_at, not the batch or the day"
        else:
            reason = "its company was never inactive"
        why[reason] += 1
        examples.append(f"{reason.split(':')[0]}: batch {event['batch_id']} line {event['line']}: {short(event['raw'])}")
    card.add("no event of an active company", not why, 0, sum(why.values()),
             "; ".join(f"{n} rows: {reason}" for reason, n in why.most_common()), examples)
    twice = {e: n for e, n in given.items() if n > 1}
    card.add("each event once", not twice, "1 row per event_id", f"{len(twice)} repeated",
             f"{len(twice)} events written more than once: a stream restarted without its checkpoint (or with a new one) reads every "
             "file again; keep one checkpointLocation per query, so a restart goes on where the last run stopped",
             [f"{e}: {n} times" for e, n in twice.items()])


# ---- regional gold per local day ---------------------------------------------------------


def check_regional(spark, frame, fmt, key: AnswerKey, card: Scorecard) -> None:
    if not key.has(card, "regional_gold") or not has_columns(card, frame, ["region", "local_date", "events"]):
        return
    columns = ["region", "local_date"] + [c for c in MEASURES + ["hours_in_day"] if c in frame.columns]
    rows = [r.asDict() for r in frame.select(*columns).collect()]
    for r in rows:
        r["local_date"] = None if r["local_date"] is None else str(r["local_date"])[:10]
    compare_regional(rows, key, card)


def utc_day_gold(key: AnswerKey) -> dict[tuple, dict]:
    """Regional gold by the UTC date instead of the local one: the typical mistake, to name it."""
    return day_gold(key, lambda region, timestamp: timestamp[:10])


def fixed_offset_gold(key: AnswerKey) -> dict[tuple, dict]:
    """Regional gold with each zone's UTC offset at the start of the data kept all along (a zone
    looked up once, "Chicago is UTC-6"): the mistake daylight saving shows."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    zones = {g["region"]: g["time_zone"] for g in key.regional_gold}
    first = datetime.fromisoformat(min(e["timestamp"] for e in key.events).replace("Z", "+00:00")) if key.events else None
    offsets = {r: first.astimezone(ZoneInfo(z)).utcoffset() or timedelta(0) for r, z in zones.items()} if first else {}

    def day(region, timestamp):
        if region not in offsets:
            return timestamp[:10]
        return (datetime.fromisoformat(timestamp.replace("Z", "+00:00")) + offsets[region]).date().isoformat()

    return day_gold(key, day)


def day_gold(key: AnswerKey, day_of) -> dict[tuple, dict]:
    """Regional gold with each event's day given by day_of(region, timestamp)."""
    regions = key.regions()
    out: dict[tuple, dict] = {}
    drivers = defaultdict(set)
    for e in key.events:
        region = regions.get(e["company_id"])
        k = (region, day_of(region, e["timestamp"]))
        row = out.setdefault(k, dict.fromkeys(MEASURES, 0))
        row["events"] += 1
        if e["event_type"] in TYPE_COLUMN:
            row[TYPE_COLUMN[e["event_type"]]] += 1
        drivers[k].add(e["driver_id"])
    for k, row in out.items():
        row["active_drivers"] = len(drivers[k])
    return out


def compare_regional(rows: list[dict], key: AnswerKey, card: Scorecard) -> None:
    """rows: region, local_date (YYYY-MM-DD), events[, other measures][, hours_in_day]."""
    expected = {(g["region"], g["local_date"]): g for g in key.regional_gold}
    got = {(r["region"], r["local_date"]): r for r in rows}
    utc = utc_day_gold(key)
    local_like = sum(1 for k, r in got.items() if k in expected and r["events"] == int(expected[k]["events"]))
    utc_like = sum(1 for k, r in got.items() if k in utc and r["events"] == utc[k]["events"])
    zones = {g["region"]: g["time_zone"] for g in key.regional_gold}
    utc_day = utc_like > local_like
    card.add("days are local days, not UTC days", not utc_day, f"{local_like} rows as the local days", f"{utc_like} rows as the UTC days",
             "the UTC day used instead of the local one: a row's day is the date of its timestamp in its region's time zone "
             "(to_date(from_utc_timestamp(timestamp, time_zone))); 03:00 UTC on 11 March is still 10 March in America/Chicago",
             [f"{reg}: local days in {zones.get(reg, '?')}" for reg in sorted({k[0] for k in got})])
    present = [m for m in MEASURES if rows and m in rows[0]]
    # The whole table is what one fixed offset per zone gives (and not the key): name that.
    fixed = fixed_offset_gold(key) if not utc_day else {}
    fixed_like = bool(fixed) and set(got) == set(fixed) and all(got[k][m] == fixed[k][m] for k in got for m in present)
    missing = [k for k in expected if k not in got]
    extra = [k for k in got if k not in expected]
    card.add("one row per region and local day", not missing and not extra, len(expected), f"{len(expected) - len(missing)} found, {len(extra)} extra",
             f"{len(missing)} region-days missing, {len(extra)} not expected" + (" (UTC dates?)" if utc_day else " (a fixed UTC offset?)" if fixed_like else ""),
             [f"missing: {r} {d}" for r, d in missing] + [f"extra: {r} {d}" for r, d in extra])
    for m in present:
        wrong = [k for k in expected if k in got and got[k][m] != int(expected[k][m])]
        odd = [k for k in wrong if float(expected[k]["hours_in_day"]) != 24]
        hint = ""
        if wrong and fixed_like:
            k = wrong[0]
            hint = (f": a fixed UTC offset used: {expected[k]['time_zone']}'s offset changes with daylight saving; take the date with the "
                    "zone's name (from_utc_timestamp(timestamp, time_zone)), never a number of hours")
        elif wrong and len(odd) == len(wrong):
            k = odd[0]
            hint = (f": a 23- or 25-hour day miscounted: {k[1]} in {expected[k]['time_zone']} lasts {expected[k]['hours_in_day']} hours; "
                    "a local day runs from one local midnight to the next, not 24 hours from the first")
        elif utc_day:
            hint = ": the UTC day used instead of the local one"
        card.add(f"{m} per region and local day", not wrong, "equal", f"{len(wrong)} differ", f"{len(wrong)} rows differ{hint}",
                 [f"{r} {d} ({expected[(r, d)]['hours_in_day']} h): {expected[(r, d)][m]} expected, {got[(r, d)][m]} got" for r, d in wrong])
    if rows and "hours_in_day" in rows[0]:
        wrong = [k for k in expected if k in got and float(got[k]["hours_in_day"] or 0) != float(expected[k]["hours_in_day"])]
        k = wrong[0] if wrong else None
        card.add("hours_in_day: 23 or 25 on a daylight-saving change", not wrong, "equal", f"{len(wrong)} differ",
                 f"a 23- or 25-hour day miscounted: {k[1]} in {expected[k]['time_zone']} lasts {expected[k]['hours_in_day']} hours "
                 "(the clocks change that night): count from one local midnight to the next" if k else "",
                 [f"{r} {d}: {expected[(r, d)]['hours_in_day']} expected, {got[(r, d)]['hours_in_day']} got" for r, d in wrong])

