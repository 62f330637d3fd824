"""Optimistic locking for every edit form (issue 18, finding 2).

A form carries the version of the record it was built from; a save made from an older version
is refused, so the first of two concurrent saves is kept. The agency's request actions use the
same check (`processing.actions.check_version`). The refusal names the fields whose stored
value now differs from what was typed, so the page can show the other person's values.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal


class StaleEdit(Exception):
    """The record changed since the form was built; nothing was saved."""

    def __init__(self, current_version: int, changed: dict[str, object]):
        super().__init__("stale_edit")
        self.current_version = current_version
        #: field name -> the value stored now (where it differs from what was typed)
        self.changed = changed


def is_stale(record, expected_version) -> bool:
    """True unless the form's version is the record's (a missing or bad version is stale)."""
    try:
        return int(expected_version) != record.version_id
    except (TypeError, ValueError):
        return True


def comparable(value):
    """A value as typed and as stored compare equal: enums by value, blanks as ""."""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, str):
        value = value.strip()
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def check(record, expected_version, typed: Mapping[str, object]) -> None:
    """Refuse a save from an older version, naming the stored values that differ from `typed`."""
    if not is_stale(record, expected_version):
        return
    changed = {name: getattr(record, name) for name, value in typed.items()
               if comparable(getattr(record, name)) != comparable(value)}
    raise StaleEdit(record.version_id, changed)
