"""Roles of planners (viewer, planner, approver) and the approval threshold, from a YAML file.

The file is `MARKETOPS_ROLES_FILE` when set, else `roles.yaml` in the data root:

    users:
      alice@example.com: approver
      bob: planner
    default_role: viewer          # for users not listed; viewer when omitted
    approval_threshold:           # order value per currency above which an approver must approve
      USD: 5000
      EUR: 4500

A line in a currency with no threshold always needs an approver, because values in
different currencies are never compared. Without a file every user is a viewer.
"""

import logging
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import IntEnum
from pathlib import Path

import yaml

from ingestion.paths import DataPaths

logger = logging.getLogger(__name__)

ROLES_FILE_ENV = "MARKETOPS_ROLES_FILE"
ROLES_FILE_NAME = "roles.yaml"


class RolesFileError(ValueError):
    """Raised when the roles file exists but cannot be read as a valid roles file."""


class Role(IntEnum):
    """A user's permission level; each role may do everything the roles below it may."""

    VIEWER = 0
    PLANNER = 1
    APPROVER = 2

    @classmethod
    def parse(cls, text: str, where: str) -> "Role":
        try:
            return cls[str(text).strip().upper()]
        except KeyError:
            raise RolesFileError(f"{where}: invalid role {text!r}; expected viewer, planner or approver") from None


@dataclass(frozen=True)
class RolesConfig:
    """Each user's role and the approval threshold per currency."""

    users: dict[str, Role] = field(default_factory=dict)
    default_role: Role = Role.VIEWER
    thresholds: dict[str, Decimal] = field(default_factory=dict)
    source: str = "no roles file"

    def role_of(self, user: str) -> Role:
        return self.users.get(user, self.default_role)

    def needs_approver(self, order_value: Decimal | None, currency: str | None) -> bool:
        """Tell whether a line's value is above the threshold of its currency, or unknown."""
        if order_value is None or currency is None or currency not in self.thresholds:
            return True
        return order_value > self.thresholds[currency]


def roles_file_path(paths: DataPaths) -> Path:
    configured = os.environ.get(ROLES_FILE_ENV)
    return Path(configured).expanduser() if configured else paths.root / ROLES_FILE_NAME


def load_roles(paths: DataPaths) -> RolesConfig:
    """Read the roles file; a missing file makes every user a viewer."""
    path = roles_file_path(paths)
    if not path.exists():
        logger.info("no roles file at %s: every user is a viewer", path)
        return RolesConfig(source=f"no roles file at {path}")

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise RolesFileError(f"{path}: cannot be read as YAML: {error}") from error
    if not isinstance(document, dict):
        raise RolesFileError(f"{path}: expected a mapping with `users` and `approval_threshold`")

    return RolesConfig(
        users=_parse_users(document.get("users") or {}, path),
        default_role=Role.parse(document.get("default_role", "viewer"), f"{path}, default_role"),
        thresholds=_parse_thresholds(document.get("approval_threshold") or {}, path),
        source=str(path),
    )


def _parse_users(users, path: Path) -> dict[str, Role]:
    if not isinstance(users, dict):
        raise RolesFileError(f"{path}: `users` must map user names to roles")
    return {str(user): Role.parse(role, f"{path}, user {user!r}") for user, role in users.items()}


def _parse_thresholds(thresholds, path: Path) -> dict[str, Decimal]:
    if not isinstance(thresholds, dict):
        raise RolesFileError(f"{path}: `approval_threshold` must map currency codes to amounts")

    parsed = {}
    for currency, amount in thresholds.items():
        try:
            value = Decimal(str(amount))
        except InvalidOperation:
            raise RolesFileError(f"{path}: approval_threshold {currency}: invalid amount {amount!r}") from None
        if not value.is_finite() or value < 0:
            raise RolesFileError(f"{path}: approval_threshold {currency}: invalid amount {amount!r}")
        parsed[str(currency).upper()] = value
    return parsed
