"""The policy file: validation with line numbers, and the last valid policy staying in force."""

from pathlib import Path

import pytest

from ingestion.allocation.policy import (
    DEFAULT_POLICY,
    LAST_GOOD_NAME,
    PolicyError,
    load_policy,
    parse_policy,
    resolve_policy,
)

EXAMPLES = sorted((DEFAULT_POLICY.parent / "policies").glob("*.yml")) + [DEFAULT_POLICY]

VALID = """name: small
channels:
  - channel: amazon
    priority: 1
    buffer_units: 2
  - channel: shopify
    priority: 2
"""

# (description, text, expected line, expected words in the reason)
INVALID = [
    ("negative buffer", VALID.replace("buffer_units: 2", "buffer_units: -2"), 5, "at least 0"),
    ("fractional units", VALID.replace("buffer_units: 2", "buffer_units: 2.5"), 5, "whole number"),
    ("unknown key", VALID.replace("buffer_units: 2", "bufer_units: 2"), 5, "unknown key 'bufer_units'"),
    ("duplicate priority", VALID.replace("priority: 2", "priority: 1"), 7, "priority 1 is given to two"),
    ("misspelt channel", VALID.replace("channel: shopify", "channel: shopfy"), 6, "not one of the known channels"),
    ("duplicate channel", VALID.replace("channel: shopify", "channel: amazon"), 6, "listed twice"),
    ("bad mode", VALID.replace("    priority: 2", "    priority: 2\n    mode: pooled"), 8, "mode must be one of"),
    ("shared without cap", VALID.replace("    priority: 2", "    priority: 2\n    mode: shared"), 6,
     "needs shared_pool_cap_percent"),
    ("cap above 100", VALID.replace("    priority: 2", "    priority: 2\n    mode: shared\n"
                                    "    shared_pool_cap_percent: 120"), 9, "from 0 to 100"),
    ("missing name", VALID.replace("name: small\n", ""), 1, "missing required key 'name'"),
    ("fence on unknown channel", VALID + "ring_fences:\n  - {name: f, channel: b2b, accounts: [A], units: 1,"
     " service_threshold: 0.9}\n", 9, "not in the policy's channels"),
    ("threshold above 1", VALID + "ring_fences:\n  - {name: f, channel: amazon, accounts: [A], units: 1,"
     " service_threshold: 95}\n", 9, "from 0 to 1"),
    ("low stock zero", VALID + "low_stock:\n  below_atp_units: 0\n", 9, "at least 1"),
    # YAML reports an unclosed bracket where the text ends.
    ("yaml syntax", VALID + "  - channel: [walmart\n", 9, "invalid YAML"),
]


@pytest.mark.parametrize("description, text, line, words", INVALID, ids=[case[0] for case in INVALID])
def test_invalid_policy_names_line(description, text, line, words):
    with pytest.raises(PolicyError) as raised:
        parse_policy(text, "policy.yml")

    message = str(raised.value)
    assert message.startswith(f"policy.yml, line {line}:"), message
    assert words in message


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_shipped_policies_valid(path):
    policy = load_policy(path)

    assert policy.channels
    assert len(policy.sha256) == 64


def test_last_good_policy_in_force(tmp_path):
    planner_file = tmp_path / "policy.yml"
    state = tmp_path / "state"
    planner_file.write_text(VALID)

    first = resolve_policy(planner_file, state)
    planner_file.write_text(VALID.replace("buffer_units: 2", "buffer_units: lots"))
    second = resolve_policy(planner_file, state)

    assert first.status == "valid"
    assert (state / LAST_GOOD_NAME).read_text() == VALID
    assert second.status == "invalid"
    assert second.policy.sha256 == first.policy.sha256
    assert "line 5" in second.error
    assert (state / LAST_GOOD_NAME).read_text() == VALID


def test_invalid_without_last_good_raises(tmp_path):
    planner_file = tmp_path / "policy.yml"
    planner_file.write_text("name: x\nchannels: []\n")

    with pytest.raises(PolicyError, match="line 2"):
        resolve_policy(planner_file, tmp_path / "state")


def test_missing_policy_file_reported(tmp_path):
    with pytest.raises(PolicyError, match="cannot read the policy file"):
        load_policy(Path(tmp_path / "absent.yml"))
