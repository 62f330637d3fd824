"""List pages issue the same number of SQL statements for 5 and 50 rows (no N+1)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from portal.extensions import db
from portal.models import MeetingRequest, Municipality
from tests.newsletter_helpers import make_issue


def _count(app, client, url: str) -> int:
    with app.app_context():
        engine = db.engine
    statements = []

    def counter(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", counter)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    assert response.status_code == 200
    return len(statements)


def _issues(app, start: int, count: int) -> None:
    for n in range(start, start + count):
        make_issue(app, number=(n % 12) + 1, year=2000 + n // 12, title=f"Issue {n}",
                   sections=(("A", "a"), ("B", "b")),
                   published_at=datetime(2020, 1, 1, tzinfo=UTC) + timedelta(days=n))


def _meetings(app, user, start: int, count: int) -> None:
    with app.app_context():
        municipality = db.session.get(Municipality, user.municipality_id)
        for n in range(start, start + count):
            db.session.add(MeetingRequest(municipality=municipality, requested_by_id=user.id,
                                          topic=f"Topic {n}", preferred_times="any",
                                          agency_message=""))
        db.session.commit()
        db.session.remove()


def test_archive_manage_and_feed_do_not_grow_with_the_number_of_issues(app, make, client):
    from tests.conftest import login

    login(client, make.user("agency").email)
    _issues(app, 0, 5)
    five = [_count(app, client, url) for url in
            ("/newsletter/", "/newsletter/manage", "/newsletter/feed.atom")]
    _issues(app, 5, 45)
    fifty = [_count(app, client, url) for url in
             ("/newsletter/", "/newsletter/manage", "/newsletter/feed.atom")]
    assert five == fifty


def test_meeting_lists_do_not_grow_with_the_number_of_requests(app, make, client):
    from tests.conftest import login

    caseworker = make.user("caseworker")
    login(client, make.user("agency").email)
    _meetings(app, caseworker, 0, 5)
    five = _count(app, client, "/meetings")
    _meetings(app, caseworker, 5, 45)
    assert _count(app, client, "/meetings") == five
