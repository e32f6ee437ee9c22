"""SIGKILL the pipeline in each stage: serving.duckdb stays the last good one, and a rerun heals."""

from benchmarks.faults.kill_drill import WRITEBACK
from benchmarks.faults.pipeline_process import DBT, INGESTION, PUBLISH


def test_kills_reach_every_stage(kill_sequence):
    stages = [kill.killed_in for kill in kill_sequence.kills]
    assert len(stages) == 4
    assert INGESTION in stages, stages
    assert DBT in stages, stages
    # A kill aimed at the publish step may land just after its rename, while the run writes the feeds.
    assert PUBLISH in stages or WRITEBACK in stages, stages


def test_serving_intact_after_each_kill(kill_sequence):
    for kill in kill_sequence.kills:
        assert kill.problems == [], kill


def test_serving_absent_before_first_publish(kill_sequence):
    # The root starts empty, so only a finished publish may create serving.duckdb.
    for kill in kill_sequence.kills:
        if not kill.publish_began:
            assert kill.serving_after == kill.serving_before, kill
        if kill.serving_after is not None:
            assert kill.serving_after == kill_sequence.expected_marts, kill


def test_rerun_matches_uninterrupted_run(kill_sequence):
    assert kill_sequence.differing_marts == []
    assert kill_sequence.rerun.problems == []


def test_no_temp_files_after_rerun(kill_sequence):
    assert kill_sequence.rerun.stale_temps == []


def test_landed_index_backed_by_raw_files(kill_sequence):
    assert kill_sequence.rerun.unbacked_index_entries == []


def test_killed_runs_not_left_started(kill_sequence):
    assert kill_sequence.rerun.runs_left_started == []
