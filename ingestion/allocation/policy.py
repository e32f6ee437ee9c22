"""The allocation policy file planners edit: its rules, validation and the last valid copy.

A policy that fails validation never reaches the engine. `resolve_policy` keeps a
copy of the last valid policy under the data root and puts it in force when the
edited file is invalid, so a typo cannot empty every channel's listing.
"""

import csv
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ingestion.allocation.yaml_lines import LinedDocument, PolicyError, load_lined

log = logging.getLogger(__name__)

POLICY_ENV = "MARKETOPS_ALLOCATION_POLICY"
DEFAULT_POLICY = Path(__file__).resolve().parents[2] / "config" / "allocation_policy.yml"
LAST_GOOD_NAME = "allocation_policy.last_good.yml"
# The channels of the dbt seed. A policy channel missing from it has no ATP pool, so validation rejects it.
CHANNELS_SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "channels.csv"
MODES = ("exclusive", "shared")
FAVOUR = ("contribution_margin",)


@dataclass(frozen=True)
class ChannelRule:
    """One channel's service: its priority, its mode (exclusive or shared) and its limits."""

    channel: str
    priority: int
    mode: str
    buffer_units: int
    max_listed_units: int | None
    shared_pool_cap_percent: float | None


@dataclass(frozen=True)
class RingFence:
    """Contract units per SKU held for strategic B2B accounts, partly released while their service holds."""

    name: str
    channel: str
    accounts: tuple[str, ...]
    skus: tuple[str, ...] | None  # None: every SKU
    units: int
    service_threshold: float
    lookback_days: int
    release_percent: float

    def kept_units(self, service_level: float | None) -> int:
        """Return the units held back for the accounts at a service level (None: unknown)."""
        if service_level is None or service_level < self.service_threshold:
            return self.units
        return self.units - int(self.units * self.release_percent // 100)


@dataclass(frozen=True)
class LowStockRule:
    """Below `below_atp_units` of ATP, `channels` are served by contribution margin, highest first."""

    below_atp_units: int
    favour: str
    channels: tuple[str, ...]


@dataclass(frozen=True)
class Policy:
    """A validated allocation policy."""

    name: str
    description: str
    channels: tuple[ChannelRule, ...]
    ring_fences: tuple[RingFence, ...]
    low_stock: LowStockRule | None
    sha256: str
    source: str

    def rule(self, channel: str) -> ChannelRule:
        return next(rule for rule in self.channels if rule.channel == channel)

    @property
    def channel_names(self) -> list[str]:
        """Return the channels in priority order."""
        return [rule.channel for rule in sorted(self.channels, key=lambda rule: (rule.priority, rule.channel))]


@dataclass(frozen=True)
class PolicyResolution:
    """The policy in force and its status: `valid`, or `invalid` when the last valid copy is in force."""

    policy: Policy
    status: str
    error: str | None
    requested_path: str


def policy_path() -> Path:
    """Return the policy file to use: MARKETOPS_ALLOCATION_POLICY when set, else config/allocation_policy.yml."""
    configured = os.environ.get(POLICY_ENV, "").strip()
    return Path(configured) if configured else DEFAULT_POLICY


def policy_state_dir() -> Path:
    """Return where the last valid policy is kept: `policy/` under the data root."""
    return Path(os.environ.get("MARKETOPS_DATA_DIR", "data")) / "policy"


def load_policy(path: Path) -> Policy:
    """Read and validate a policy file; an invalid one raises PolicyError naming the line and reason."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(f"{path}: cannot read the policy file: {error.strerror}") from error
    return parse_policy(text, str(path))


def known_channels() -> set[str]:
    """Return the channel keys of the channels seed, or an empty set when the seed is not on disk."""
    if not CHANNELS_SEED.is_file():
        return set()
    with CHANNELS_SEED.open(encoding="utf-8", newline="") as handle:
        return {row["channel"].strip().lower() for row in csv.DictReader(handle)}


def parse_policy(text: str, source: str) -> Policy:
    """Validate policy YAML text; `source` names it in error messages."""
    document = load_lined(text, source)
    return _Validator(document, source).policy(hashlib.sha256(text.encode()).hexdigest())


def resolve_policy(path: Path, state_dir: Path) -> PolicyResolution:
    """Load the policy at `path`, or the last valid one when it is invalid.

    A valid policy is copied to `state_dir` as the new last valid policy. With no
    valid copy to fall back on, the PolicyError is raised.
    """
    last_good = state_dir / LAST_GOOD_NAME
    try:
        policy = load_policy(path)
    except PolicyError as error:
        if not last_good.is_file():
            log.error("Allocation policy %s is invalid and no last valid policy exists: %s", path, error)
            raise
        fallback = load_policy(last_good)
        log.error("Allocation policy %s is invalid, so the last valid policy '%s' (%s) stays in force: %s",
                  path, fallback.name, fallback.sha256[:12], error)
        return PolicyResolution(fallback, "invalid", str(error), str(path))

    _store_last_good(path, last_good, policy)
    log.info("Allocation policy '%s' (%s) loaded from %s", policy.name, policy.sha256[:12], path)
    return PolicyResolution(policy, "valid", None, str(path))


def _store_last_good(path: Path, last_good: Path, policy: Policy) -> None:
    text = path.read_text(encoding="utf-8")
    if last_good.is_file() and last_good.read_text(encoding="utf-8") == text:
        return
    last_good.parent.mkdir(parents=True, exist_ok=True)
    partial = last_good.with_suffix(".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(last_good)
    log.info("Stored policy '%s' as the last valid policy in %s", policy.name, last_good)


class _Validator:
    """Turn a lined YAML document into a Policy, raising at the first invalid value."""

    def __init__(self, document: LinedDocument, source: str) -> None:
        self.document = document
        self.source = source

    def fail(self, path: tuple, reason: str) -> PolicyError:
        where = ".".join(str(part) for part in path) or "document"
        return PolicyError(f"{self.source}, line {self.document.line(path)}: {where}: {reason}")

    def mapping(self, value, path: tuple, required: set[str], optional: set[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected a mapping with keys {', '.join(sorted(required | optional))}")
        unknown = sorted(set(value) - required - optional)
        if unknown:
            raise self.fail(path + (unknown[0],), f"unknown key '{unknown[0]}'; valid keys: "
                            f"{', '.join(sorted(required | optional))}")
        missing = sorted(required - set(value))
        if missing:
            raise self.fail(path, f"missing required key '{missing[0]}'")
        return value

    def integer(self, value, path: tuple, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, f"expected a whole number of units, got {value!r}")
        if value < minimum:
            raise self.fail(path, f"must be at least {minimum}, got {value}")
        return value

    def number(self, value, path: tuple, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(path, f"expected a number from {low:g} to {high:g}, got {value!r}")
        if not low <= value <= high:
            raise self.fail(path, f"must be from {low:g} to {high:g}, got {value:g}")
        return float(value)

    def text(self, value, path: tuple) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"expected a non-empty text, got {value!r}")
        return value.strip()

    def policy(self, sha256: str) -> Policy:
        top = self.mapping(self.document.value, (), {"name", "channels"},
                           {"description", "ring_fences", "low_stock"})
        channels = self.channels(top["channels"], ("channels",))
        names = {rule.channel for rule in channels}
        fences = tuple(self.fence(item, ("ring_fences", index), channels)
                       for index, item in enumerate(top.get("ring_fences") or []))
        fence_names = [fence.name for fence in fences]
        if len(set(fence_names)) != len(fence_names):
            raise self.fail(("ring_fences",), "ring fence names must be unique")
        low_stock = None
        if top.get("low_stock") is not None:
            low_stock = self.low_stock(top["low_stock"], ("low_stock",), names, fences)
        return Policy(self.text(top["name"], ("name",)), str(top.get("description") or "").strip(),
                      channels, fences, low_stock, sha256, self.source)

    def channels(self, value, path: tuple) -> tuple[ChannelRule, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(path, "expected a list of at least one channel")
        rules, seen_channels, seen_priorities = [], set(), set()
        for index, item in enumerate(value):
            rule = self.channel(item, path + (index,))
            if rule.channel in seen_channels:
                raise self.fail(path + (index, "channel"), f"channel '{rule.channel}' is listed twice")
            if rule.priority in seen_priorities:
                raise self.fail(path + (index, "priority"), f"priority {rule.priority} is given to two channels")
            seen_channels.add(rule.channel)
            seen_priorities.add(rule.priority)
            rules.append(rule)
        return tuple(rules)

    def channel(self, item, path: tuple) -> ChannelRule:
        item = self.mapping(item, path, {"channel", "priority"},
                            {"mode", "buffer_units", "max_listed_units", "shared_pool_cap_percent"})
        mode = item.get("mode", "exclusive")
        if mode not in MODES:
            raise self.fail(path + ("mode",), f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        cap = item.get("shared_pool_cap_percent")
        if mode == "shared" and cap is None:
            raise self.fail(path, "a shared channel needs shared_pool_cap_percent")
        if mode == "exclusive" and cap is not None:
            raise self.fail(path + ("shared_pool_cap_percent",), "only a shared channel takes a percentage cap")
        max_listed = item.get("max_listed_units")
        name = self.text(item["channel"], path + ("channel",)).lower()
        known = known_channels()
        if known and name not in known:
            raise self.fail(path + ("channel",), f"channel '{name}' is not one of the known channels "
                            f"({', '.join(sorted(known))}); fix the name or add it to {CHANNELS_SEED.name}")
        return ChannelRule(
            channel=name,
            priority=self.integer(item["priority"], path + ("priority",), minimum=1),
            mode=mode,
            buffer_units=self.integer(item.get("buffer_units", 0), path + ("buffer_units",)),
            max_listed_units=None if max_listed is None else self.integer(max_listed, path + ("max_listed_units",)),
            shared_pool_cap_percent=None if cap is None else self.number(cap, path + ("shared_pool_cap_percent",), 0, 100),
        )

    def fence(self, item, path: tuple, channels: tuple[ChannelRule, ...]) -> RingFence:
        item = self.mapping(item, path, {"name", "channel", "accounts", "units", "service_threshold"},
                            {"skus", "lookback_days", "release_percent"})
        channel = self.text(item["channel"], path + ("channel",)).lower()
        rule = next((rule for rule in channels if rule.channel == channel), None)
        if rule is None:
            raise self.fail(path + ("channel",), f"channel '{channel}' is not in the policy's channels")
        if rule.mode != "exclusive":
            raise self.fail(path + ("channel",), f"a ring fence needs an exclusive channel; '{channel}' is shared")
        accounts = item["accounts"]
        if not isinstance(accounts, list) or not accounts:
            raise self.fail(path + ("accounts",), "expected a list of at least one account id")
        skus = item.get("skus", "all")
        if skus != "all" and (not isinstance(skus, list) or not skus):
            raise self.fail(path + ("skus",), "expected 'all' or a list of canonical SKUs")
        return RingFence(
            name=self.text(item["name"], path + ("name",)),
            channel=channel,
            accounts=tuple(self.text(account, path + ("accounts", index)) for index, account in enumerate(accounts)),
            skus=None if skus == "all" else tuple(str(sku) for sku in skus),
            units=self.integer(item["units"], path + ("units",)),
            service_threshold=self.number(item["service_threshold"], path + ("service_threshold",), 0, 1),
            lookback_days=self.integer(item.get("lookback_days", 30), path + ("lookback_days",), minimum=1),
            release_percent=self.number(item.get("release_percent", 100), path + ("release_percent",), 0, 100),
        )

    def low_stock(self, item, path: tuple, names: set[str], fences: tuple[RingFence, ...]) -> LowStockRule:
        item = self.mapping(item, path, {"below_atp_units"}, {"favour", "channels"})
        favour = item.get("favour", "contribution_margin")
        if favour not in FAVOUR:
            raise self.fail(path + ("favour",), f"favour must be one of {', '.join(FAVOUR)}, got {favour!r}")
        fenced = {fence.channel for fence in fences}
        listed = item.get("channels")
        if listed is None:
            channels = tuple(sorted(names - fenced))
        else:
            if not isinstance(listed, list) or not listed:
                raise self.fail(path + ("channels",), "expected a list of channels")
            channels = tuple(str(channel).lower() for channel in listed)
            unknown = [channel for channel in channels if channel not in names]
            if unknown:
                raise self.fail(path + ("channels",), f"channel '{unknown[0]}' is not in the policy's channels")
        return LowStockRule(self.integer(item["below_atp_units"], path + ("below_atp_units",), minimum=1),
                            favour, channels)
