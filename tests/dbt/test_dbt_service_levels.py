"""The `service_levels` seed: each z is the normal quantile of its service level."""

import csv
from pathlib import Path
from statistics import NormalDist

SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "service_levels.csv"


def read_levels() -> list[dict[str, str]]:
    with open(SEED, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_z_matches_service_level():
    for level in read_levels():
        expected = NormalDist().inv_cdf(float(level["service_level"]))
        assert abs(float(level["z"]) - expected) < 5e-4, level["abc_class"]


def test_class_shares_rise_to_one():
    shares = [float(level["cumulative_share_max"]) for level in read_levels()]

    assert shares == sorted(shares)
    assert len(set(shares)) == len(shares)
    assert shares[-1] == 1.0
