"""Reads a generated quality-injection dataset with Spark, the way the exercises do, and checks
that Spark sees what the generator says it wrote: every line becomes a row, every
`malformed_timestamp` line gets a null timestamp (and a `_corrupt_record`), every clean line
parses to its own instant inside its batch interval, and boundary violations parse outside it.

Spark gives no line numbers, so rows are matched to lines by batch (from `input_file_name()`)
and the record's other fields; the only lines sharing all of those are `duplicate` copies, which
are byte-identical, and records whose id was nulled, whose timestamps are valid.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from pyspark.sql import DataFrame, Row, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType, TimestampType

from generated_lines import (
    Batch, COMPANY_KEY_FIELDS, COMPANY_SCHEMA, DIRECT_INSTANTS, EVENT_SCHEMA,
    EVENT_STRING_FIELDS, Line, SHAPE_INSTANTS, VALID_SAMPLE, examples, iso_micros, load_lines,
    micros_iso, pair_rows, read_permissive, run_node_script, shape_regex
)

# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def batches(dataset_dir: Path) -> list[Batch]:
    result = []
    for meta_path in sorted((dataset_dir / "raw" / "events").glob("*/batch_meta.json")):
        folder = meta_path.parent
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        start_us = iso_micros(meta["interval_start"])
        end_us = iso_micros(meta["interval_end"])
        assert start_us is not None and end_us is not None and start_us < end_us, meta
        lines = load_lines(
            folder.name, folder / "events.jsonl", folder / "_quality.jsonl", "event_id"
        )
        result.append(Batch(folder.name, meta, lines, start_us, end_us))
    assert result, f"no batches under {dataset_dir}"
    return result


@pytest.fixture(scope="module")
def event_lines(batches: list[Batch]) -> list[Line]:
    return [line for batch in batches for line in batch.lines]


@pytest.fixture(scope="module")
def events_df(spark: SparkSession, dataset_dir: Path) -> DataFrame:
    path = str(dataset_dir / "raw" / "events" / "*" / "events.jsonl")
    df = (
        read_permissive(spark, EVENT_SCHEMA, path)
        .withColumn("input_file", F.input_file_name())
        .withColumn(
            "batch_id",
            F.regexp_extract("input_file", r"/raw/events/([^/]+)/events\.jsonl$", 1),
        )
        # Spark refuses queries over only `_corrupt_record` of a raw JSON read; cached, it can.
        .cache()
    )
    yield df
    df.unpersist()


@pytest.fixture(scope="module")
def event_rows(events_df: DataFrame) -> list[Row]:
    return events_df.select(
        "batch_id",
        "input_file",
        *EVENT_STRING_FIELDS,
        F.expr("unix_micros(timestamp)").alias("ts_us"),
        "_corrupt_record",
    ).collect()


@pytest.fixture(scope="module")
def event_pairs(
    event_lines: list[Line], event_rows: list[Row]
) -> tuple[list[tuple[Line, Row]], list[str]]:
    return pair_rows(
        event_lines,
        event_rows,
        line_key=lambda ln: (ln.batch, *(ln.record.get(f) for f in EVENT_STRING_FIELDS)),
        row_key=lambda rw: (rw["batch_id"], *(rw[f] for f in EVENT_STRING_FIELDS)),
        line_value=lambda ln: iso_micros(ln.record.get("timestamp")),
        row_value=lambda rw: rw["ts_us"],
    )


@pytest.fixture(scope="module")
def batch_by_id(batches: list[Batch]) -> dict[str, Batch]:
    return {batch.batch_id: batch for batch in batches}


@pytest.fixture(scope="module")
def malformed_forms(repo_root: Path) -> list[list[str]]:
    """The generator's malformed timestamp forms, each rendered at every SHAPE_INSTANT."""
    out = json.loads(run_node_script(repo_root, "malformed-timestamps.ts", *SHAPE_INSTANTS))
    assert out["forms"] == len(out["samples"]) > 0, out
    return out["samples"]


# ---------------------------------------------------------------------------------------------
# Events


def test_event_row_count_matches_batch_meta(
    events_df: DataFrame, batches: list[Batch], event_rows: list[Row]
) -> None:
    for batch in batches:
        lines = len(batch.lines)
        defective = sum(1 for line in batch.lines if line.issue is not None)
        assert batch.meta["record_count"] == lines, f"{batch.batch_id}: record_count vs lines"
        assert batch.meta["corrupted_count"] == defective, f"{batch.batch_id}: corrupted_count"
    expected = sum(batch.meta["record_count"] for batch in batches)
    assert events_df.count() == expected
    assert len(event_rows) == expected


def test_every_row_comes_from_a_known_batch(
    event_rows: list[Row], batch_by_id: dict[str, Batch]
) -> None:
    per_batch = Counter(row["batch_id"] for row in event_rows)
    unknown = {batch_id: n for batch_id, n in per_batch.items() if batch_id not in batch_by_id}
    assert not unknown, f"rows whose input_file_name() is not a batch: {unknown}"
    wrong = [
        (batch_id, per_batch[batch_id], batch.meta["record_count"])
        for batch_id, batch in batch_by_id.items()
        if per_batch[batch_id] != batch.meta["record_count"]
    ]
    assert not wrong, f"(batch, rows, record_count) differ: {wrong}"


def test_every_line_matches_one_row(
    event_pairs: tuple[list[tuple[Line, Row]], list[str]], event_lines: list[Line]
) -> None:
    pairs, mismatches = event_pairs
    assert not mismatches, "lines and rows do not match up: " + examples(mismatches)
    assert len(pairs) == len(event_lines)


def test_malformed_timestamps_are_null(
    event_pairs: tuple[list[tuple[Line, Row]], list[str]],
) -> None:
    pairs, _ = event_pairs
    malformed = [(line, row) for line, row in pairs if line.issue == "malformed_timestamp"]
    assert malformed, "the dataset has no malformed_timestamp lines"
    parsed = [
        f"{line.batch}:{line.number} {line.record['timestamp']!r} -> {micros_iso(row['ts_us'])}"
        for line, row in malformed
        if row["ts_us"] is not None
    ]
    assert not parsed, "Spark parsed malformed timestamps: " + examples(parsed)


def test_corrupt_records_are_exactly_the_malformed_lines(
    events_df: DataFrame,
    event_pairs: tuple[list[tuple[Line, Row]], list[str]],
    event_lines: list[Line],
) -> None:
    pairs, _ = event_pairs
    wrong = [
        f"{line.batch}:{line.number} issue={line.issue} corrupt={row['_corrupt_record']!r}"
        for line, row in pairs
        if (line.issue == "malformed_timestamp") != (row["_corrupt_record"] == line.text)
    ]
    assert not wrong, "_corrupt_record is not the raw line of exactly the malformed lines: " + (
        examples(wrong)
    )
    # The query a learner writes; it only works because events_df is cached.
    corrupt = events_df.filter(F.col("_corrupt_record").isNotNull()).count()
    assert corrupt == sum(1 for line in event_lines if line.issue == "malformed_timestamp")


def test_clean_lines_parse_to_their_instant_inside_the_interval(
    event_pairs: tuple[list[tuple[Line, Row]], list[str]], batch_by_id: dict[str, Batch]
) -> None:
    pairs, _ = event_pairs
    clean = [(line, row) for line, row in pairs if line.issue is None]
    assert clean, "the dataset has no clean lines"
    failures = []
    for line, row in clean:
        batch = batch_by_id[line.batch]
        raw = line.record.get("timestamp")
        expected = iso_micros(raw)
        got = row["ts_us"]
        where = f"{line.batch}:{line.number} raw={raw!r} spark={micros_iso(got)}"
        if expected is None:
            failures.append(f"{where}: raw timestamp is not YYYY-MM-DDTHH:MM:SS.fffZ")
        elif got is None:
            failures.append(f"{where}: Spark gave null")
        elif got != expected:
            failures.append(f"{where}: differs from the raw instant")
        elif not batch.start_us <= got < batch.end_us:
            failures.append(
                f"{where}: outside [{batch.meta['interval_start']}, {batch.meta['interval_end']})"
            )
    assert not failures, "clean lines: " + examples(failures)


def test_boundary_violations_parse_outside_the_interval(
    event_pairs: tuple[list[tuple[Line, Row]], list[str]], batch_by_id: dict[str, Batch]
) -> None:
    pairs, _ = event_pairs
    violations = [(line, row) for line, row in pairs if line.issue == "boundary_violation"]
    assert violations, "the dataset has no boundary_violation lines"
    failures = []
    for line, row in violations:
        batch = batch_by_id[line.batch]
        raw = line.record.get("timestamp")
        got = row["ts_us"]
        where = f"{line.batch}:{line.number} raw={raw!r} spark={micros_iso(got)}"
        if got is None:
            failures.append(f"{where}: Spark gave null")
        elif got != iso_micros(raw):
            failures.append(f"{where}: differs from the raw instant")
        elif batch.start_us <= got < batch.end_us:
            failures.append(f"{where}: inside the interval")
    assert not failures, "boundary violations: " + examples(failures)


def test_dataset_has_every_malformed_form(
    event_lines: list[Line], malformed_forms: list[list[str]]
) -> None:
    shapes = [shape_regex(samples) for samples in malformed_forms]
    # The shapes must tell the forms apart, or the count below means nothing.
    for form, samples in enumerate(malformed_forms):
        for sample in samples:
            hits = [i for i, shape in enumerate(shapes) if shape.fullmatch(sample)]
            assert hits == [form], f"form {form} sample {sample!r} matches shapes {hits}"

    counts: Counter[int] = Counter()
    unmatched = []
    for line in event_lines:
        if line.issue != "malformed_timestamp":
            continue
        raw = line.record.get("timestamp")
        hits = [i for i, shape in enumerate(shapes) if shape.fullmatch(str(raw))]
        if len(hits) == 1:
            counts[hits[0]] += 1
        else:
            unmatched.append(f"{line.batch}:{line.number} {raw!r} matches forms {hits}")
    assert not unmatched, "malformed timestamps of no single known form: " + examples(unmatched)
    missing = [
        f"form {form} e.g. {samples[0]!r}"
        for form, samples in enumerate(malformed_forms)
        if counts[form] == 0
    ]
    assert not missing, f"forms absent from the dataset: {missing} (counts {dict(counts)})"


# ---------------------------------------------------------------------------------------------
# Every form, directly


def test_spark_rejects_every_malformed_form(
    spark: SparkSession, repo_root: Path, tmp_path: Path
) -> None:
    out = json.loads(run_node_script(repo_root, "malformed-timestamps.ts", *DIRECT_INSTANTS))
    assert out["forms"] == len(out["samples"]) > 0, out
    records = [
        {"id": f"form{form}@{instant}", "timestamp": text}
        for form, texts in enumerate(out["samples"])
        for instant, text in zip(DIRECT_INSTANTS, texts, strict=True)
    ]
    # Controls: the valid form must parse, and the lenient forms the generator avoids must be
    # accepted, which proves this read uses Spark's lenient default timestamp parsing.
    accepted = {
        "valid": (VALID_SAMPLE, iso_micros(VALID_SAMPLE)),
        "space-separated": ("2024-01-01 12:00:00", iso_micros("2024-01-01T12:00:00Z")),
        "date-only": ("2024-01-01", iso_micros("2024-01-01T00:00:00Z")),
    }
    records += [{"id": name, "timestamp": text} for name, (text, _) in accepted.items()]
    path = tmp_path / "forms.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    schema = StructType(
        [
            StructField("id", StringType()),
            StructField("timestamp", TimestampType()),
            StructField("_corrupt_record", StringType()),
        ]
    )
    rows = {
        row["id"]: row
        for row in read_permissive(spark, schema, str(path))
        .select("id", F.expr("unix_micros(timestamp)").alias("ts_us"), "_corrupt_record")
        .collect()
    }
    assert len(rows) == len(records)

    for name, (text, expected) in accepted.items():
        got = rows[name]["ts_us"]
        assert got == expected, f"control {name} {text!r} -> {micros_iso(got)}"
        assert rows[name]["_corrupt_record"] is None, name

    parsed = [
        f"{r['id']}: {r['timestamp']!r} -> {micros_iso(rows[r['id']]['ts_us'])}"
        for r in records
        if r["id"].startswith("form") and rows[r["id"]]["ts_us"] is not None
    ]
    assert not parsed, "Spark parsed generator malformed timestamps (fix the generator): " + (
        examples(parsed)
    )
    not_corrupt = [
        r["id"]
        for r in records
        if r["id"].startswith("form") and rows[r["id"]]["_corrupt_record"] is None
    ]
    assert not not_corrupt, f"malformed forms without _corrupt_record: {not_corrupt}"


# ---------------------------------------------------------------------------------------------
# Companies


@pytest.fixture(scope="module")
def company_lines(dataset_dir: Path) -> list[Line]:
    raw = dataset_dir / "raw"
    return load_lines(
        "companies", raw / "companies.jsonl", raw / "_companies_quality.jsonl", "company_id"
    )


@pytest.fixture(scope="module")
def company_rows(spark: SparkSession, dataset_dir: Path) -> list[Row]:
    df = read_permissive(spark, COMPANY_SCHEMA, str(dataset_dir / "raw" / "companies.jsonl"))
    return df.select(
        *COMPANY_KEY_FIELDS,
        F.expr("unix_micros(created_at)").alias("ts_us"),
        "_corrupt_record",
    ).collect()


@pytest.fixture(scope="module")
def company_pairs(
    company_lines: list[Line], company_rows: list[Row]
) -> tuple[list[tuple[Line, Row]], list[str]]:
    return pair_rows(
        company_lines,
        company_rows,
        line_key=lambda ln: tuple(ln.record.get(f) for f in COMPANY_KEY_FIELDS),
        row_key=lambda rw: tuple(rw[f] for f in COMPANY_KEY_FIELDS),
        line_value=lambda ln: iso_micros(ln.record.get("created_at")),
        row_value=lambda rw: rw["ts_us"],
    )


def test_company_row_count_matches_lines(
    company_lines: list[Line],
    company_rows: list[Row],
    company_pairs: tuple[list[tuple[Line, Row]], list[str]],
) -> None:
    assert company_lines, "companies.jsonl is empty"
    assert len(company_rows) == len(company_lines)
    _, mismatches = company_pairs
    assert not mismatches, "company lines and rows do not match up: " + examples(mismatches)


def test_company_malformed_created_at_is_null(
    company_pairs: tuple[list[tuple[Line, Row]], list[str]],
) -> None:
    pairs, _ = company_pairs
    malformed = [(line, row) for line, row in pairs if line.issue == "malformed_timestamp"]
    assert malformed, "companies.jsonl has no malformed_timestamp lines"
    parsed = [
        f"line {line.number} {line.record['created_at']!r} -> {micros_iso(row['ts_us'])}"
        for line, row in malformed
        if row["ts_us"] is not None
    ]
    assert not parsed, "Spark parsed malformed created_at: " + examples(parsed)
    not_corrupt = [line.number for line, row in malformed if row["_corrupt_record"] != line.text]
    assert not not_corrupt, f"malformed company lines without _corrupt_record: {not_corrupt}"


def test_company_clean_created_at_parses_to_its_instant(
    company_pairs: tuple[list[tuple[Line, Row]], list[str]],
) -> None:
    pairs, _ = company_pairs
    clean = [(line, row) for line, row in pairs if line.issue is None]
    assert clean, "companies.jsonl has no clean lines"
    failures = [
        f"line {line.number} raw={line.record.get('created_at')!r} spark={micros_iso(row['ts_us'])}"
        for line, row in clean
        if iso_micros(line.record.get("created_at")) is None
        or row["ts_us"] != iso_micros(line.record.get("created_at"))
        or row["_corrupt_record"] is not None
    ]
    assert not failures, "clean company lines: " + examples(failures)
