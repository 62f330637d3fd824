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


def test_demo_texts_are_danish_and_booked_demo_requests_have_a_two_leg_booking(app):
    """The demo's notes are stored in Danish (the pages translate them, see
    test_standard_notes), so exports and the Danish letters hold no English demo text."""
    import re

    from portal.models import Booking, BookingStatus, Case, CashDeclaration, StatusEvent

    assert app.test_cli_runner().invoke(args=["load-demo"]).exit_code == 0
    english = re.compile(r"\b(the|please|internal|has been|uploaded|cancelled|check)\b", re.I)
    with app.app_context():
        notes = db.session.scalars(select(StatusEvent.note).join(Request).join(Case).where(
            Case.reference.like("R-%-9%"), StatusEvent.note != "")).all()
        assert notes
        assert [n for n in notes if english.search(n)] == []
        texts = [*db.session.scalars(select(Route.note)),
                 *db.session.scalars(select(CashDeclaration.intended_use)),
                 *db.session.scalars(select(Booking.cancel_reason))]
        assert [t for t in texts if t and english.search(t)] == []
        booked = db.session.scalars(select(Request).where(
            Request.status.in_((Status.TRAVEL_BOOKED, Status.DEPARTED)))).all()
        assert booked
        for req in booked:
            [active] = [b for b in req.bookings if b.status is BookingStatus.ACTIVE]
            assert len(active.legs) == 2
            assert active.flight_numbers == req.flight_numbers
        db.session.remove()
