"""SQLite runs in WAL mode with a busy timeout, so two workers writing at once wait for
each other instead of failing with "database is locked"."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from portal.db import configure_sqlite
from portal.extensions import db


@pytest.fixture
def sqlite_url(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite"):
        pytest.skip("SQLite only")
    return url


def _engine(url: str, busy_ms: int):
    engine = create_engine(url, connect_args={"check_same_thread": False})
    configure_sqlite(engine, busy_ms)
    return engine


def test_app_database_is_in_wal_mode_with_a_busy_timeout(app, sqlite_url):
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == \
            app.config["SQLITE_BUSY_TIMEOUT_MS"]
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.session.remove()


def _writers(url: str, busy_ms: int, hold: float = 0.6) -> list[Exception]:
    """Two workers write at once; the first holds its write transaction for `hold` s."""
    errors: list[Exception] = []
    first_has_lock = threading.Event()

    def worker(name: str, hold_for: float, wait_first: bool):
        engine = _engine(url, busy_ms)
        try:
            if wait_first:
                first_has_lock.wait(5)
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO fault_writes (who) VALUES (:w)"), {"w": name})
                if not wait_first:
                    first_has_lock.set()
                time.sleep(hold_for)
        except Exception as exc:
            errors.append(exc)
            first_has_lock.set()
        finally:
            engine.dispose()

    threads = [threading.Thread(target=worker, args=("a", hold, False)),
               threading.Thread(target=worker, args=("b", 0, True))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return errors


@pytest.fixture
def fault_table(sqlite_url):
    engine = _engine(sqlite_url, 1000)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS fault_writes (id INTEGER PRIMARY KEY, "
                          "who TEXT)"))
        conn.execute(text("DELETE FROM fault_writes"))
    yield engine
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE fault_writes"))
    engine.dispose()


def test_two_workers_writing_at_once_do_not_fail(sqlite_url, fault_table, app):
    errors = _writers(sqlite_url, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    assert errors == []
    with fault_table.connect() as conn:
        assert sorted(conn.execute(text("SELECT who FROM fault_writes")).scalars()) == ["a", "b"]


def test_without_the_busy_timeout_the_second_writer_would_fail(sqlite_url, fault_table):
    # The control: the same race with no busy timeout gives "database is locked".
    errors = _writers(sqlite_url, 0)
    assert len(errors) == 1
    assert isinstance(errors[0], OperationalError)
    assert "database is locked" in str(errors[0])
