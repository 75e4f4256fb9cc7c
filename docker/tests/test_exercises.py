"""The course (exercises/) with real pyspark: every reference solution, executed as a notebook
(nbclient), passes its checker; every starter notebook as shipped fails it; typical wrong
answers fail with a message that says what is wrong."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from course_run import REPO_ROOT, checker, failed, run_course, spec, table_frame, wrong

IDS = ["01-bronze", "02-timestamps", "03-quarantine", "04-stream-bronze", "05-stream-silver", "06-stream-gold", "07-off-interval"]
# The streaming exercises: graded in two parts, [from, mid) then [mid, to) released into the folder.
STREAMING = [e for e in IDS if spec(e).get("release")]


@pytest.fixture(scope="session")
def course(npm, tmp_path_factory):
    """The course as the CLI lists it in a new data folder: {data, views by id}."""
    data = tmp_path_factory.mktemp("course")
    listed = npm("exercises", "--", "list", "--json", "--data-dir", str(data))
    assert listed.returncode == 0, listed.stderr
    views = {v["id"]: v for v in json.loads(listed.stdout)}
    assert sorted(views)[: len(IDS)] == IDS
    return {"data": data, "views": views}


@pytest.fixture(scope="session")
def solved(npm, course):
    """Each exercise run as a student does (course_run.run_course), in the course's folder."""
    return run_course(npm, IDS, course["data"])


def test_notebooks_are_written_from_their_source():
    result = subprocess.run([sys.executable, str(REPO_ROOT / "exercises" / "make_notebooks.py"), "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("exercise", STREAMING)
def test_release_rewrites_the_key_to_the_whole_range(npm, solved, exercise, tmp_path):
    """After Release more data, check() grades against the key of everything written (the
    answers command's, over the folder), and the first part passed against the first part's."""
    s = solved[exercise]
    assert s["spec"]["release"]["mid"] < s["spec"]["to"]
    assert s["first part"]["passed"], json.dumps(failed(s["first part"]), indent=1)
    key = npm("answers", "--", "--data-dir", str(s["folder"]), "--out", str(tmp_path / "key"))
    assert key.returncode == 0, key.stderr
    for name in ("events.csv", "defects.csv", "gold.csv"):
        assert (s["answers"] / name).read_bytes() == (tmp_path / "key" / name).read_bytes(), name
    assert (s["folder"] / "checkpoints").is_dir()


@pytest.mark.parametrize("exercise", IDS)
def test_reference_solution_passes_and_starter_fails(solved, exercise):
    s = solved[exercise]
    assert s["solution"]["passed"], json.dumps(failed(s["solution"]), indent=1)
    assert len(s["solution"]["checks"]) >= 3
    assert not s["starter"]["passed"]
    assert "there is no table" in failed(s["starter"])["the table can be read"]["message"]


def test_check_cli_prints_the_scorecard(npm, solved, course):
    ok = npm("check", "--", "--exercise", "01-bronze", "--data-dir", str(course["data"]))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Exercise 01-bronze: PASSED" in ok.stdout
    listed = npm("exercises", "--", "--data-dir", str(course["data"]))
    # The list as c24-frame's CLI prints it: ✓ for a passed exercise, S for a streaming one, n of N.
    assert re.search(r"^✓\s+01-bronze\s", listed.stdout, re.M), listed.stdout
    assert re.search(r"^\s+S?\s*02-timestamps\s", listed.stdout, re.M), listed.stdout
    assert f"1 of {len(course['views'])} passed" in listed.stdout
    missing = npm("check", "--", "--exercise", "02-timestamps", "--table", str(course["data"] / "nowhere"), "--data-dir", str(course["data"]))
    assert missing.returncode == 1
    assert "✗ the table can be read" in missing.stdout


# ---------------------------------------------------------------- typical wrong answers


def test_bronze_wrong_answers(spark, solved, tmp_path):
    from pyspark.sql import functions as F

    good = spark.read.parquet(str(solved["01-bronze"]["table"]))
    # What spark.read.json then to_json gives: the fields in schema-inference (sorted) order.
    inferred = "company_id string, driver_id string, event_id string, event_type string, timestamp string, truck_id string"
    rewritten = good.withColumn("raw", F.to_json(F.from_json("raw", inferred)))
    fails = wrong(spark, solved, "01-bronze", rewritten, tmp_path, "json-again")
    assert "spark.read.text" in fails["every line exactly once, as written"]["message"]
    deduped = good.dropDuplicates(["batch_id", "raw"])
    fails = wrong(spark, solved, "01-bronze", deduped, tmp_path, "deduplicated")
    message = fails["every line exactly once, as written"]["message"]
    assert message.startswith("missed ") and "duplicate" in message and "valid" not in message
    assert "line" in fails["every line exactly once, as written"]["examples"][0]
    assert "each batch has its record_count lines" in fails
    valid_only = good.filter(F.get_json_object("raw", "$.event_type").isin("start driving", "stopped driving", "delivered"))
    fails = wrong(spark, solved, "01-bronze", valid_only, tmp_path, "valid-only")
    assert "invalid_enum" in fails["every line exactly once, as written"]["message"]


def test_timestamps_wrong_answers(spark, solved, tmp_path):
    from pyspark.sql import functions as F

    good = spark.read.parquet(str(solved["02-timestamps"]["table"]))
    shifted = good.withColumn("timestamp", F.col("timestamp") - F.expr("INTERVAL 1 HOUR"))
    fails = wrong(spark, solved, "02-timestamps", shifted, tmp_path, "timezone-shift")
    message = fails["well-formed timestamps parsed to the instant written"]["message"]
    assert "shifted by -01:00:00" in message and "time zone" in message
    # What a student gets with the Z quoted in the pattern, in a session on Paris time (the
    # set-up cell leaves the zone to them): the text read as local time, an hour off.
    bronze = spark.read.parquet(str(solved["01-bronze"]["table"]))
    zone = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "Europe/Paris")
    try:
        quoted = bronze.select(
            "batch_id",
            F.get_json_object("raw", "$.event_id").alias("event_id"),
            F.to_timestamp(F.get_json_object("raw", "$.timestamp"), "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").alias("timestamp"),
        ).filter(F.col("event_id").isNotNull())
        fails = wrong(spark, solved, "02-timestamps", quoted, tmp_path, "quoted-z-paris")
    finally:
        spark.conf.set("spark.sql.session.timeZone", zone)
    assert "shifted by -01:00:00" in fails["well-formed timestamps parsed to the instant written"]["message"]
    truncated = good.withColumn("timestamp", F.date_trunc("second", "timestamp"))
    fails = wrong(spark, solved, "02-timestamps", truncated, tmp_path, "no-millis")
    assert "milliseconds" in fails["well-formed timestamps parsed to the instant written"]["message"]
    text = good.withColumn("timestamp", F.col("timestamp").cast("string"))
    fails = wrong(spark, solved, "02-timestamps", text, tmp_path, "as-text")
    assert "to_timestamp" in fails["timestamp is a timestamp"]["message"]
    guessed = good.withColumn("timestamp", F.coalesce("timestamp", F.to_timestamp(F.lit("2024-01-01T00:00:00Z"))))
    fails = wrong(spark, solved, "02-timestamps", guessed, tmp_path, "guessed")
    assert "malformed timestamps became a time" in fails["malformed or missing timestamps are null"]["message"]


def test_quarantine_wrong_answers(spark, solved, tmp_path):
    from pyspark.sql import functions as F

    good = spark.read.parquet(str(solved["03-quarantine"]["table"]))
    dropped = good.filter(F.col("reason") != "boundary_violation")
    fails = wrong(spark, solved, "03-quarantine", dropped, tmp_path, "dropped-boundary")
    assert list(fails) == ["boundary_violation: caught / injected"]
    check = fails["boundary_violation: caught / injected"]
    assert check["message"].startswith("missed ") and "boundary_violation defects" in check["message"]
    assert check["got"].startswith("0 / ") and " line " in check["examples"][0]
    merged = good.withColumn("reason", F.when(F.col("reason") == "missing_field", "null_value").otherwise(F.col("reason")))
    fails = wrong(spark, solved, "03-quarantine", merged, tmp_path, "missing-as-null")
    assert "missing_field defects labelled null_value" in fails["missing_field: caught / injected"]["message"]
    assert "rows labelled null_value are not null_value defects" in fails["null_value: caught / injected"]["message"]
    bronze = spark.read.parquet(str(solved["01-bronze"]["table"]))
    valid = bronze.join(good.select("raw"), "raw", "left_anti").limit(5).select("batch_id", F.lit("invalid_enum").alias("reason"), "raw")
    fails = wrong(spark, solved, "03-quarantine", good.unionByName(valid), tmp_path, "too-eager")
    assert "valid lines were quarantined" in fails["no valid line quarantined"]["message"]
    renamed = good.withColumn("reason", F.upper("reason"))
    fails = wrong(spark, solved, "03-quarantine", renamed, tmp_path, "renamed")
    assert "reasons are the generator's defect names" in fails


def defects_of(solved, exercise: str, issue: str) -> list[dict]:
    return [d for d in csv.DictReader((solved[exercise]["answers"] / "defects.csv").open()) if d["issue"] == issue]


def batches_of(solved, exercise: str) -> list[str]:
    return sorted({e["batch_id"] for e in read_csv(solved[exercise]["answers"] / "events.csv")})


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open()))


def test_stream_bronze_wrong_answers(spark, solved, tmp_path):
    from pyspark.sql import functions as F

    good = table_frame(spark, solved, "04-stream-bronze")
    batches = batches_of(solved, "04-stream-bronze")
    first = batches[: len(batches) // 2]
    # A new checkpoint for the restart: the first part's files read again.
    again = good.unionByName(good.filter(F.col("batch_id").isin(first)))
    message = wrong(spark, solved, "04-stream-bronze", again, tmp_path, "new-checkpoint")["every line exactly once, as written"]["message"]
    assert f"the batches {first[0]} to {first[-1]} were read twice" in message and "checkpointLocation" in message
    # Not run again after the release: the second part is missing whole.
    before = good.filter(F.col("batch_id").isin(first))
    message = wrong(spark, solved, "04-stream-bronze", before, tmp_path, "no-restart")["every line exactly once, as written"]["message"]
    assert f"the batches {batches[len(first)]} to {batches[-1]} are missing" in message and "Release more data" in message
    # readStream.json with a schema, written back as JSON: the lines are changed.
    inferred = "company_id string, driver_id string, event_id string, event_type string, timestamp string, truck_id string"
    rewritten = good.withColumn("raw", F.to_json(F.from_json("raw", inferred)))
    assert "spark.read.text" in wrong(spark, solved, "04-stream-bronze", rewritten, tmp_path, "json")["every line exactly once, as written"]["message"]


def test_stream_silver_wrong_answers(spark, solved, tmp_path):
    from pyspark.sql import functions as F

    good = table_frame(spark, solved, "05-stream-silver")
    last = batches_of(solved, "05-stream-silver")[-1]
    # foreachBatch appending, and the last micro-batch replayed after a restart.
    replayed = good.unionByName(good.filter(F.col("batch_id") == last))
    fails = wrong(spark, solved, "05-stream-silver", replayed, tmp_path, "append-replayed")
    assert list(fails) == ["each event_id once"]
    assert "events the generator wrote once" in fails["each event_id once"]["message"] and "MERGE" in fails["each event_id once"]["message"]
    # No de-duplication: the generator's copies kept.
    copies = [d["event_id"] for d in defects_of(solved, "05-stream-silver", "duplicate")]
    kept = good.unionByName(good.filter(F.col("event_id").isin(copies)))
    message = wrong(spark, solved, "05-stream-silver", kept, tmp_path, "no-dedup")["each event_id once"]["message"]
    assert "did you forget dropDuplicates" in message and "MERGE" not in message
    # Not run again after the release.
    early = good.filter(F.col("batch_id") < batches_of(solved, "05-stream-silver")[2])
    message = wrong(spark, solved, "05-stream-silver", early, tmp_path, "no-restart")["every valid event"]["message"]
    assert "all those of the batches" in message and "same checkpointLocation" in message
    # The boundary violations kept (invalid here: this preset delivers nothing late).
    late = defects_of(solved, "05-stream-silver", "boundary_violation")
    rows = [json.loads(d["raw"]) | {"batch_id": d["batch_id"]} for d in late]
    kept = spark.createDataFrame(rows).select(*good.columns).withColumn("timestamp", F.to_timestamp("timestamp"))
    fails = wrong(spark, solved, "05-stream-silver", good.unionByName(kept), tmp_path, "kept-boundary")
    assert f"holds {len(late)} boundary_violation rows" in fails["no defective rows"]["message"]


def test_stream_gold_wrong_answers(spark, solved, tmp_path):
    from pyspark.sql import functions as F

    good = table_frame(spark, solved, "06-stream-gold")
    newest = good.agg(F.max("interval_start")).first()[0]
    # Appending each micro-batch's rows, and the last one replayed.
    replayed = good.unionByName(good.filter(F.col("interval_start") == newest))
    fails = wrong(spark, solved, "06-stream-gold", replayed, tmp_path, "append-replayed")
    assert list(fails) == ["one row per company and interval"]
    assert "have more than one row" in fails["one row per company and interval"]["message"] and "MERGE on (company_id, interval_start)" in fails["one row per company and interval"]["message"]
    # Append output mode with a watermark: the newest window is not written yet.
    fails = wrong(spark, solved, "06-stream-gold", good.filter(F.col("interval_start") < newest), tmp_path, "append-mode")
    assert "the newest interval is missing" in fails["one row per company and interval"]["message"]
    # An upsert that adds to the row (events = t.events + n.events) on a replay.
    measures = ["events", "start_driving", "stopped_driving", "delivered", "active_drivers"]
    added = good.select("company_id", "interval_start", *[F.when(F.col("interval_start") == newest, F.col(m) * 2).otherwise(F.col(m)).alias(m) for m in measures])
    fails = wrong(spark, solved, "06-stream-gold", added, tmp_path, "summing-upsert")
    assert "a micro-batch counted twice" in fails["events per company and interval"]["message"]
    # The interval one window off.
    off_by_one = good.withColumn("interval_start", F.col("interval_start") + F.expr("INTERVAL 15 MINUTES"))
    fails = wrong(spark, solved, "06-stream-gold", off_by_one, tmp_path, "off-by-one")
    assert "interval_start is off by +00:15:00 (one interval" in fails["one row per company and interval"]["message"]


def test_off_interval_wrong_answers(spark, solved, tmp_path):
    from pyspark.sql import functions as F

    good = spark.read.parquet(str(solved["07-off-interval"]["table"]))
    fails = wrong(spark, solved, "07-off-interval", good.limit(0), tmp_path, "dropped")
    assert fails["rows after the interval in all"]["got"] == "0" and "do not drop" in fails["rows after the interval in all"]["message"]
    swapped = good.select("batch_id", "company_id", F.col("after").alias("before"), F.col("before").alias("after"))
    fails = wrong(spark, solved, "07-off-interval", swapped, tmp_path, "swapped")
    assert "batch/company counts differ" in fails["per batch and company"]["message"]
    assert "before their batch's interval_start" in fails["rows before the interval in all"]["message"]
    old_names = good.select("batch_id", "company_id", F.col("before").alias("early"), F.col("after").alias("late"))
    fails = wrong(spark, solved, "07-off-interval", old_names, tmp_path, "early-late")
    assert "not early and late" in fails["columns before and after"]["message"]


def test_check_reads_csv_json_and_delta(npm, spark, solved, course, tmp_path):
    """A student's table in any of the formats the checker reads, with the same verdict."""
    s = solved["06-stream-gold"]
    good = table_frame(spark, solved, "06-stream-gold")
    for fmt in ("csv", "json"):
        path = tmp_path / f"gold-{fmt}"
        writer = good.coalesce(1).write.mode("overwrite")
        (writer.option("header", True).csv(str(path)) if fmt == "csv" else writer.json(str(path)))
        card = checker.check(spark, "06-stream-gold", "gold", path, s["answers"])
        assert card["format"] == fmt
        assert card["passed"], json.dumps(failed(card), indent=1)
    # Delta through the CLI, in its own Spark session with delta-spark's jars: the reference
    # solution's table is one (MERGE rewrote files, so read as Parquet it would hold stale rows).
    delta = s["table"]
    assert (delta / "_delta_log").is_dir()
    result = npm("check", "--", "--exercise", "06-stream-gold", "--table", str(delta), "--data-dir", str(course["data"]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"(delta, {good.count()} rows)" in result.stdout
