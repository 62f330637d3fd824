"""The demo data covers every status in both demo municipalities, several assignees, a
suspended route and pending payouts, and loads twice without duplicates."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Municipality, PendingPayout, Request, RequestStatusCount, Route, User
from portal.workflow import Status


def test_demo_requests_cover_every_status_in_both_municipalities(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    with app.app_context():
        count_after_first = db.session.scalar(select(func.count()).select_from(Request))
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Request)) == count_after_first
        rows = db.session.execute(
            select(Municipality.code, Request.status).join(
                Municipality, Municipality.id == Request.municipality_id).distinct()).all()
        for code in ("751", "101"):
            assert {status for c, status in rows if c == code} == set(Status), code
        assignees = set(db.session.scalars(
            select(User.email).join(Request, Request.assignee_id == User.id)))
        assert {"agency@demo.test", "agency2@demo.test"} <= assignees
        routes = db.session.scalars(select(Route)).all()
        assert any(not r.active for r in routes)
        assert sum(r.active for r in routes) >= 3  # the seeded routes stay active
        suspended = next(r for r in routes if not r.active)
        assert db.session.scalar(select(func.count()).select_from(Request).where(
            Request.route_id == suspended.id, Request.status == Status.TRAVEL_BOOKED)) >= 2
        assert db.session.scalar(select(func.count()).select_from(PendingPayout)) > 0
        counted = db.session.scalar(select(func.sum(RequestStatusCount.count)))
        assert counted == count_after_first  # the counters agree with the table
        db.session.remove()
