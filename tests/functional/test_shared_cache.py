"""The per-process copies of shared lists (portal/shared_cache.py): a commit to a source
table drops them at once, a rollback keeps them, and they expire after their TTL."""

from __future__ import annotations

import itertools

from portal.extensions import db
from portal.models import Role
from portal.shared_cache import SharedCache


def _assignee_options(client) -> str:
    html = client.get("/agency/").get_data(as_text=True)
    start = html.index('name="assignee"')
    return html[start:html.index("</select>", start)]


def test_a_new_agency_member_is_in_the_assignee_filter_right_after_the_commit(client, make,
                                                                                login_as):
    login_as("agency")
    assert "Birte Nyansat" not in _assignee_options(client)

    make.user(Role.AGENCY, name="Birte Nyansat")

    assert "Birte Nyansat" in _assignee_options(client)


def test_a_rolled_back_change_keeps_the_copy(app):
    cache = app.extensions["shared_cache"]
    loads = itertools.count()
    with app.app_context():
        first = cache.get("key", ["users"], lambda: next(loads))
        db.session.info.setdefault("changed_tables", set()).add("users")
        db.session.rollback()
        assert cache.get("key", ["users"], lambda: next(loads)) == first == 0
        db.session.info.setdefault("changed_tables", set()).add("users")
        db.session.commit()
        assert cache.get("key", ["users"], lambda: next(loads)) == 1


def test_a_copy_is_read_again_after_its_ttl(monkeypatch):
    clock = iter([100.0, 100.0 + 29.9, 100.0 + 30.1])
    monkeypatch.setattr("portal.shared_cache.time.monotonic", lambda: next(clock))
    cache = SharedCache(ttl=30)
    loads = itertools.count()

    assert cache.get("key", [], lambda: next(loads)) == 0
    assert cache.get("key", [], lambda: next(loads)) == 0
    assert cache.get("key", [], lambda: next(loads)) == 1


def test_forgetting_one_table_keeps_copies_read_from_others():
    cache = SharedCache(ttl=30)
    cache.get("staff", ["users"], lambda: "staff")
    cache.get("teaser", ["newsletter_issues"], lambda: "teaser")

    cache.forget(["users"])

    assert cache.get("staff", ["users"], lambda: "again") == "again"
    assert cache.get("teaser", ["newsletter_issues"], lambda: "again") == "teaser"


def _confirmed_meeting(app, municipality_code: str, topic: str) -> None:
    from datetime import timedelta

    from sqlalchemy import select

    from portal.db import utcnow
    from portal.models import MeetingRequest, MeetingStatus, Municipality

    with app.app_context():
        municipality = db.session.scalar(
            select(Municipality).where(Municipality.code == municipality_code))
        db.session.add(MeetingRequest(municipality=municipality, topic=topic,
                                      preferred_times="any", agency_message="",
                                      status=MeetingStatus.CONFIRMED,
                                      confirmed_at=utcnow() + timedelta(days=3)))
        db.session.commit()


def test_the_meetings_panel_is_shared_per_municipality_and_shows_a_new_meeting_at_once(
        app, client, login_as, english):
    login_as("caseworker", municipality_code="751")
    _confirmed_meeting(app, "101", "Copenhagen's own meeting")
    assert "No meetings planned." in client.get("/municipality/").get_data(as_text=True)

    _confirmed_meeting(app, "751", "Aarhus departure wave")

    page = client.get("/municipality/").get_data(as_text=True)
    assert "Aarhus departure wave" in page
    assert "Copenhagen's own meeting" not in page
