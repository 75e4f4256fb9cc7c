"""Exercises 08 to 12 (issue 24: watermarks, SCD2, inactive companies, regional days, layout)
with real pyspark: each starter notebook, executed, fails its checker; each reference solution,
executed as a notebook (nbclient), passes it; typical wrong answers fail with a message that
names the mistake. A streaming exercise runs in two parts, as a student runs it: its data up to
`release.mid` first, the solution, then the rest written into the same folder, and the solution
again, which goes on from its checkpoint: the key then shows a row lost or doubled.

The scorecards of the notebooks are the notebooks' own (spark_experiments.scorecard(), with
their Delta-enabled session); the wrong answers are Parquet tables checked with the tests' one
session."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from course_run import check_wrong, checker, delta_frame, failed, run_course, spec, wrong

IDS = ["08-watermarks", "09-company-scd2", "10-inactive-join", "11-regional-days", "12-layout"]


@pytest.fixture(scope="module")
def solved(npm, tmp_path_factory):
    """Each exercise run as a student does (course_run.run_course), in a new data folder."""
    return run_course(npm, IDS, tmp_path_factory.mktemp("world-course"))


@pytest.mark.parametrize("exercise", IDS)
def test_reference_solution_passes_and_starter_fails(solved, exercise):
    s = solved[exercise]
    assert s["solution"]["passed"], json.dumps(failed(s["solution"]), indent=1)
    assert len(s["solution"]["checks"]) >= 3
    assert not s["starter"]["passed"]
    assert "there is no table" in failed(s["starter"])["the table can be read"]["message"]


@pytest.mark.parametrize("exercise", [e for e in IDS if spec(e).get("streaming")])
def test_a_streaming_solution_goes_on_from_its_checkpoint(solved, exercise):
    """The first part passes against the first part's key, and the second run, after the release,
    against the whole range's: nothing lost or doubled across the restart."""
    s = solved[exercise]
    assert s["spec"]["release"]["mid"] < s["spec"]["to"]
    assert s["first part"]["passed"], json.dumps(failed(s["first part"]), indent=1)
    assert s["solution"]["passed"], json.dumps(failed(s["solution"]), indent=1)
    assert (s["folder"] / "checkpoints").is_dir()


def key_rows(solved, exercise: str, name: str) -> list[dict]:
    return list(csv.DictReader((solved[exercise]["answers"] / name).open(newline="", encoding="utf-8")))








# ---------------------------------------------------------------- typical wrong answers


def test_watermark_wrong_answers(spark, solved, tmp_path):
    s = solved["08-watermarks"]
    drops = {int(float(w["delay_seconds"])): int(w["rows_dropped"]) for w in key_rows(solved, "08-watermarks", "watermark_drops.csv")}
    assert drops[0] > drops[10] > 0 and drops[30] == 0, drops
    good = spark.read.parquet(str(s["table"]))
    assert sorted(tuple(r) for r in good.collect()) == [(10, drops[10]), (30, 0)]
    # Too tight: what a delay of 0 s drops, given as 10 s.
    tight = spark.createDataFrame([(10, drops[0]), (30, 0)], "delay_seconds INT, rows_dropped LONG")
    fails = wrong(spark, solved, "08-watermarks", tight, tmp_path, "tight")
    assert fails["rows dropped per delay"]["message"].startswith(f"watermark too tight at 10 s: you dropped {drops[0]} rows, the key drops {drops[10]}")
    # Counted from append mode's output, which has not written the last windows yet (the
    # solution's own append-mode run, with real Spark).
    def counted(mode: str) -> int:
        windows = spark.read.parquet(str(s["folder"] / "lake" / "windows" / f"{mode}-10"))
        return windows.groupBy("window_start").max("count").agg({"max(count)": "sum"}).first()[0]

    rows = counted("update") + drops[10]  # the rows the solution's stream counted
    assert counted("append") < counted("update")
    appended = spark.createDataFrame([(10, rows - counted("append"))], "delay_seconds INT, rows_dropped LONG")
    fails = wrong(spark, solved, "08-watermarks", appended, tmp_path, "append")
    assert "counted from APPEND mode's output" in fails["rows dropped per delay"]["message"]
    # Spark's default with files all there: late rows filtered with the previous micro-batch's watermark.
    lagged = spark.createDataFrame([(10, 0), (30, 0)], "delay_seconds INT, rows_dropped LONG")
    fails = wrong(spark, solved, "08-watermarks", lagged, tmp_path, "lagged")
    assert "met the watermark of one micro-batch earlier" in fails["rows dropped per delay"]["message"]
    # A delay the key does not list (minutes for seconds).
    minutes = spark.createDataFrame([("10 minutes", 0)], "delay_seconds STRING, rows_dropped LONG")
    fails = wrong(spark, solved, "08-watermarks", minutes, tmp_path, "minutes")
    assert "'10 minutes' is not a delay the key lists" in fails["delays the key lists"]["examples"]


def test_dimension_wrong_answers(spark, solved, tmp_path):
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    good = delta_frame(spark, solved["09-company-scd2"]["table"])
    by_company = Window.partitionBy("company_id").orderBy("valid_from")
    # Reactivations ignored: only onboarding and deactivation records made versions.
    kept = good.withColumn("first", F.row_number().over(by_company) == 1).filter(~F.col("active") | F.col("first")).drop("first")
    no_comeback = kept.withColumn("valid_to", F.lead("valid_from").over(by_company)).withColumn("is_current", F.col("valid_to").isNull())
    fails = wrong(spark, solved, "09-company-scd2", no_comeback, tmp_path, "no-comeback")
    assert fails["one row per company version"]["message"].startswith("reactivation ignored: ")
    # SCD type 1: one row per company, its latest state.
    latest = good.filter("is_current")
    fails = wrong(spark, solved, "09-company-scd2", latest, tmp_path, "latest-only")
    assert fails["one row per company version"]["message"].startswith("one row per company: an SCD2 dimension keeps every version")
    # valid_to a millisecond before the next version.
    inclusive = good.withColumn("valid_to", F.col("valid_to") - F.expr("INTERVAL 1 MILLISECOND"))
    fails = wrong(spark, solved, "09-company-scd2", inclusive, tmp_path, "inclusive")
    assert list(fails) == ["valid_to: the next version's valid_from"]
    assert "valid_to is exclusive" in fails["valid_to: the next version's valid_from"]["message"]
    # Every version current.
    current = good.withColumn("is_current", F.lit(True))
    fails = wrong(spark, solved, "09-company-scd2", current, tmp_path, "all-current")
    assert "only a company's latest version is current" in fails["is_current marks each company's last version"]["message"]


def test_inactive_wrong_answers(spark, solved, tmp_path):
    from pyspark.sql import functions as F

    s = solved["10-inactive-join"]
    good = delta_frame(spark, s["table"])
    assert good.count() == good.select("event_id").distinct().count() > 0
    # Status at processing time: the valid events of the companies inactive NOW.
    dimension = key_rows(solved, "10-inactive-join", "company_dimension.csv")
    gone = {d["company_id"] for d in dimension if d["is_current"] == "true" and d["active"] == "false"}
    events = key_rows(solved, "10-inactive-join", "events.csv")
    now = [(e["event_id"],) for e in events if e["company_id"] in gone]
    fails = wrong(spark, solved, "10-inactive-join", spark.createDataFrame(now, "event_id STRING"), tmp_path, "processing-time")
    assert "stamped before the deactivation took effect" in fails["no event of an active company"]["message"]
    # A company that came back stays inactive: its events after the reactivation flagged too.
    spans: dict[str, list[tuple[str, str]]] = {}
    for d in dimension:
        spans.setdefault(d["company_id"], []).append((d["valid_from"], d["active"]))
    back = [(e["event_id"],) for e in events if any(a == "false" and f <= e["timestamp"] for f, a in spans.get(e["company_id"], []))]
    assert back, "no company of this range comes back"
    fails = wrong(spark, solved, "10-inactive-join", good.select("event_id").union(spark.createDataFrame(back, "event_id STRING")), tmp_path, "no-comeback")
    assert "reactivation ignored" in fails["no event of an active company"]["message"]
    # Restarted without its checkpoint: the first part written twice.
    mid = s["spec"]["release"]["mid"]
    first = good.filter(F.col("timestamp") < F.to_timestamp(F.lit(mid)))
    fails = wrong(spark, solved, "10-inactive-join", good.unionByName(first), tmp_path, "twice")
    assert list(fails) == ["each event once"] and "restarted without its checkpoint" in fails["each event once"]["message"]
    # The released part lost.
    fails = wrong(spark, solved, "10-inactive-join", first, tmp_path, "lost")
    assert fails["every event of an inactive company"]["message"].startswith("missed ")


def test_regional_wrong_answers(spark, solved, tmp_path):
    from pyspark.sql import functions as F

    good = spark.read.parquet(str(solved["11-regional-days"]["table"]))
    assert good.filter((F.col("region") == "US") & (F.col("local_date") == "2024-03-10")).first()["hours_in_day"] == 23
    # The same measures from the key's valid events, with three ways of taking the day.
    events = spark.createDataFrame(
        [(e["company_id"], e["driver_id"], e["event_type"], e["timestamp"]) for e in key_rows(solved, "11-regional-days", "events.csv")],
        "company_id STRING, driver_id STRING, event_type STRING, ts STRING",
    ).withColumn("timestamp", F.to_timestamp("ts"))
    regions = spark.createDataFrame([(d["company_id"], d["geography"]) for d in key_rows(solved, "11-regional-days", "company_dimension.csv")],
                                    "company_id STRING, region STRING").distinct()
    zones = {"US": ("America/Chicago", "-06:00"), "EU": ("Europe/Berlin", "+01:00"), "SA": ("America/Sao_Paulo", "-03:00"), "AUS": ("Australia/Sydney", "+11:00")}
    located = events.join(regions, "company_id").join(spark.createDataFrame([(r, z, o) for r, (z, o) in zones.items()], "region STRING, zone STRING, fixed STRING"), "region")

    def regional(day):
        return located.withColumn("local_date", day).groupBy("region", "local_date").agg(
            F.count("*").alias("events"), F.countDistinct("driver_id").alias("active_drivers"),
            *[F.count(F.when(F.col("event_type") == t, 1)).alias(t.replace(" ", "_")) for t in ["start driving", "stopped driving", "delivered"]])

    right = regional(F.to_date(F.from_utc_timestamp("timestamp", F.col("zone"))))
    assert not failed(checker.check(spark, "11-regional-days", "regional", write(right, tmp_path / "right"), solved["11-regional-days"]["answers"]))
    fails = wrong(spark, solved, "11-regional-days", regional(F.to_date("timestamp")), tmp_path, "utc-day")
    assert fails["days are local days, not UTC days"]["message"].startswith("the UTC day used instead of the local one")
    fixed = regional(F.to_date(F.from_utc_timestamp("timestamp", F.col("fixed"))))
    fails = wrong(spark, solved, "11-regional-days", fixed, tmp_path, "fixed-offset")
    assert "a fixed UTC offset used: America/Chicago's offset changes with daylight saving" in fails["events per region and local day"]["message"]
    fails = wrong(spark, solved, "11-regional-days", good.withColumn("hours_in_day", F.lit(24.0)), tmp_path, "always-24")
    assert list(fails) == ["hours_in_day: 23 or 25 on a daylight-saving change"]
    assert "2024-03-10 in America/Chicago lasts 23 hours" in fails["hours_in_day: 23 or 25 on a daylight-saving change"]["message"]


def write(frame, path: Path) -> Path:
    frame.write.mode("overwrite").parquet(str(path))
    return path


def test_layout_wrong_answers(spark, solved, tmp_path):
    from pyspark.sql import functions as F

    s = solved["12-layout"]
    names = {c["name"] for c in s["solution"]["checks"]}
    assert {"partitioned by date", "at most 1 data file per partition (compacted)", "events per company and interval"} <= names
    # The compacted table: one file per date, and the files OPTIMIZE replaced still on disk.
    dates = sorted(p.name for p in s["table"].glob("date=*"))
    assert dates == ["date=2023-12-31", "date=2024-01-01"]
    assert all(len(list((s["table"] / d).glob("*.parquet"))) > 1 for d in dates)
    good = delta_frame(spark, s["table"]).withColumn("date", F.to_date("interval_start"))

    def layout(frame, name: str, **partition) -> dict:
        writer = frame.write.mode("overwrite")
        writer = writer.partitionBy(partition["by"]) if partition else writer
        writer.parquet(str(tmp_path / name))
        return check_wrong(spark, solved, "12-layout", tmp_path / name)

    fails = layout(good.coalesce(1), "flat")
    assert list(fails) == ["partitioned by date"] and fails["partitioned by date"]["message"].startswith("the table is not partitioned")
    fails = layout(good.repartition(8), "small-files", by="date")
    assert list(fails) == ["at most 1 data file per partition (compacted)"]
    assert fails["at most 1 data file per partition (compacted)"]["message"].startswith("16 small files")
    fails = layout(good.repartition("interval_start"), "by-interval", by="interval_start")
    assert fails["partitioned by date"]["message"].startswith("partitioned by interval_start (2 partitions)")
    chicago = good.withColumn("date", F.to_date(F.from_utc_timestamp("interval_start", "America/Chicago")))
    fails = layout(chicago.repartition("date"), "local-date", by="date")
    assert list(fails) == ["date is the interval's UTC date"]
    # The rows matter as much as the files: gold of the first batch only.
    fails = layout(good.filter(F.col("date") == "2024-01-01").repartition("date"), "half", by="date")
    assert "one row per company and interval" in fails
