"""Short-lived, per-process copies of lists that every user of a page shares.

The agency's queue shows the same filter choices (municipalities, agency staff, destination
countries) and the same newsletter teaser to every clerk; reading them on every view was
four statements and a fifth of the page's time. Each copy is kept for at most TTL seconds
and dropped as soon as this process commits a change to a table it was read from, so a
clerk sees their own change at once and every other worker within TTL seconds.

Only shared reference data goes here, keyed by the organisation where it differs between
them (the meetings panel): never anything about one user, and never personal data about a
case.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

DEFAULT_TTL = 30.0


class SharedCache:
    def __init__(self, ttl: float = DEFAULT_TTL) -> None:
        self.ttl = ttl
        self._entries: dict[Any, tuple[float, frozenset[str], Any]] = {}
        self._lock = threading.Lock()

    def get(self, key, tables: Iterable[str], load: Callable[[], Any]):
        """The copy under `key`, loaded again when it is older than TTL or was dropped."""
        entry = self._entries.get(key)
        now = time.monotonic()
        if entry is not None and entry[0] > now:
            return entry[2]
        value = load()
        with self._lock:
            self._entries[key] = (now + self.ttl, frozenset(tables), value)
        return value

    def forget(self, tables: Iterable[str]) -> None:
        """Drop every copy read from one of these tables."""
        changed = set(tables)
        if not changed:
            return
        with self._lock:
            for key in [k for k, (_, read, _) in self._entries.items() if read & changed]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def shared_cache() -> SharedCache:
    """The app's cache (one per app, so tests with their own app never share copies)."""
    return current_app.extensions["shared_cache"]


def _tables_of(objects) -> set[str]:
    return {obj.__table__.name for obj in objects if hasattr(obj, "__table__")}


def _remember_flushed(session: Session, _flush_context, _instances) -> None:
    changed = session.info.setdefault("changed_tables", set())
    changed |= _tables_of(session.new) | _tables_of(session.dirty) | _tables_of(session.deleted)


def _remember_statement(orm_execute_state) -> None:
    statement = orm_execute_state.statement
    if orm_execute_state.is_insert or orm_execute_state.is_update or \
            orm_execute_state.is_delete:
        table = getattr(statement, "table", None)
        if table is not None and hasattr(table, "name"):
            orm_execute_state.session.info.setdefault("changed_tables", set()).add(table.name)


def _forget_committed(session: Session) -> None:
    changed = session.info.pop("changed_tables", None)
    if changed:
        # Outside an app context, or in an app without the cache, there is nothing to drop.
        with suppress(RuntimeError, KeyError):
            shared_cache().forget(changed)


def _drop_rolled_back(session: Session) -> None:
    session.info.pop("changed_tables", None)


def init_app(app, ttl: float | None = None) -> None:
    app.extensions["shared_cache"] = SharedCache(DEFAULT_TTL if ttl is None else ttl)
    if not event.contains(Session, "before_flush", _remember_flushed):
        event.listen(Session, "before_flush", _remember_flushed)
        event.listen(Session, "do_orm_execute", _remember_statement)
        event.listen(Session, "after_commit", _forget_committed)
        event.listen(Session, "after_rollback", _drop_rolled_back)
