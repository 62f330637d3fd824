"""The transition table both ways: every allowed move works through the services, and each
role has a move it is refused; the paused clock leaves out the time awaiting the municipality."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from portal.agency._helpers import FORM_CLASSES
from portal.extensions import db
from portal.models import Request, Route, User
from portal.services.processing import actions, bookings
from portal.workflow import (
    AGENCY,
    CASEWORKER,
    TRANSITIONS,
    Status,
    TransitionError,
    transition,
)
from tests.agency_helpers import load, make_request, request_ctx


def _aleppo_id() -> int:
    return db.session.scalar(select(Route.id).where(Route.destination == "Aleppo",
                                                    Route.active.is_(True)))


def _plan(req, day, at) -> bookings.TravelPlan:
    """One leg, TK 1784 from Copenhagen, every traveller on it."""
    leg = bookings.Leg(carrier="Turkish Airlines", flight_number="TK 1784", from_airport="CPH",
                       to_airport="IST", departs_local=datetime.combine(day, at))
    return bookings.TravelPlan(route_id=_aleppo_id(), legs=(leg,),
                               person_ids=tuple(p.id for p in bookings.travellers(req)))


def _run(name: str, req, actor):
    version = req.version_id
    if name == "plan_travel":
        plan = _plan(req, date.today() + timedelta(days=10), time(10, 45))
        return bookings.plan_travel(req, actor, expected_version=version, plan=plan)
    if name == "ask_info":
        return actions.ask_for_information(req, actor, expected_version=version,
                                              message="Upload the waiver declaration.")
    if name in ("reject", "cancel", "reopen", "annul"):
        handler = getattr(bookings if name == "cancel" else actions, name)
        return handler(req, actor, expected_version=version, reason="The airspace is closed.")
    if name == "resume_review":
        return actions.resume_review(req, actor, expected_version=version,
                                        note="Answered by phone.")
    handler = {"receive": actions.receive, "start_review": actions.start_review,
               "approve": actions.approve, "depart": actions.mark_departed,
               "rebook": bookings.rebook, "close": actions.close}[name]
    return handler(req, actor, expected_version=version)


#: (from, to) -> the agency's action name, as the workflow table gives them.
AGENCY_ACTIONS = {key: move.action for key, move in TRANSITIONS.items() if AGENCY in move.roles}


def test_every_agency_move_in_the_table_has_an_action_with_a_form():
    assert all(AGENCY_ACTIONS.values())
    assert set(AGENCY_ACTIONS.values()) <= set(FORM_CLASSES)


@pytest.mark.parametrize(("move", "name"), sorted(AGENCY_ACTIONS.items()),
                         ids=lambda v: "-".join(v) if isinstance(v, tuple) else v)
def test_every_allowed_agency_move_works_through_the_service(app, make, move, name):
    frm, to = move
    # A reopened request goes back where it came from: walk it there, then on to `frm`.
    made = make_request(app, make, status=to if name == "reopen" else frm)
    with request_ctx(app):
        req = db.session.get(Request, made.request_id)
        actor = db.session.get(User, made.agency.id)
        if name == "reopen":
            transition(req, frm, actor, note="Set by mistake.")
            db.session.flush()
        event = _run(name, req, actor)
        db.session.commit()
        assert (event.from_status, event.to_status) == (frm, to)
        assert event.actor_id == actor.id
        db.session.remove()
    snapshot = load(app, made.request_id)
    assert snapshot["status"] is to
    assert snapshot["events"][-1][:2] == (frm, to)


CASEWORKER_MOVES = sorted(key for key, move in TRANSITIONS.items() if CASEWORKER in move.roles)


@pytest.mark.parametrize("move", CASEWORKER_MOVES, ids=lambda m: f"{m[0]}-{m[1]}")
def test_every_allowed_caseworker_move_works(app, make, move):
    frm, to = move
    made = make_request(app, make, status=frm)
    with request_ctx(app):
        req = db.session.get(Request, made.request_id)
        event = transition(req, to, db.session.get(User, made.caseworker.id),
                           note="The family has changed its mind.")
        db.session.commit()
        assert event.to_status is to
        db.session.remove()
    assert load(app, made.request_id)["status"] is to


def test_agency_cannot_submit_a_draft(app, make):
    made = make_request(app, make, status=Status.DRAFT)
    with request_ctx(app):
        req = db.session.get(Request, made.request_id)
        with pytest.raises(actions.ProcessingError):
            actions.move(req, Status.SUBMITTED, db.session.get(User, made.agency.id),
                            expected_version=req.version_id)
        db.session.remove()
    assert load(app, made.request_id)["status"] is Status.DRAFT


def test_caseworker_cannot_approve_and_service_refuses_non_agency(app, make):
    made = make_request(app, make, status=Status.IN_REVIEW)
    with request_ctx(app):
        req = db.session.get(Request, made.request_id)
        caseworker = db.session.get(User, made.caseworker.id)
        with pytest.raises(TransitionError):
            transition(req, Status.APPROVED, caseworker)
        with pytest.raises(actions.ProcessingError, match="Only agency staff"):
            actions.approve(req, caseworker, expected_version=req.version_id)
        db.session.remove()
    assert load(app, made.request_id)["status"] is Status.IN_REVIEW


@pytest.mark.parametrize("role", ["drc_adviser", "admin"])
def test_drc_and_admin_cannot_move_anything(app, make, role):
    made = make_request(app, make, status=Status.SUBMITTED)
    other = make.user(role)
    with request_ctx(app):
        req = db.session.get(Request, made.request_id)
        with pytest.raises(TransitionError):
            transition(req, Status.RECEIVED, db.session.get(User, other.id))
        db.session.remove()
    assert load(app, made.request_id)["status"] is Status.SUBMITTED


def test_caseworker_of_another_municipality_cannot_withdraw(app, make):
    made = make_request(app, make, status=Status.SUBMITTED, code="751")
    copenhagen = make.user("caseworker", municipality_code="101")
    with request_ctx(app):
        req = db.session.get(Request, made.request_id)
        with pytest.raises(TransitionError):
            transition(req, Status.WITHDRAWN, db.session.get(User, copenhagen.id))
        db.session.remove()


def test_rejecting_without_a_reason_is_refused(app, make):
    made = make_request(app, make, status=Status.IN_REVIEW)
    with request_ctx(app):
        req = db.session.get(Request, made.request_id)
        with pytest.raises(actions.ProcessingError, match="note"):
            actions.reject(req, db.session.get(User, made.agency.id),
                              expected_version=req.version_id, reason="  ")
        db.session.remove()


def test_awaiting_the_municipality_for_three_days_is_left_out_of_the_processing_time(
        app, make):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    made = make_request(app, make, status=Status.IN_REVIEW, start=start,
                        step=timedelta(days=1))  # submitted 2 March, in review 4 March
    with request_ctx(app):
        req = db.session.get(Request, made.request_id)
        agency = db.session.get(User, made.agency.id)
        caseworker = db.session.get(User, made.caseworker.id)
        actions.ask_for_information(req, agency, expected_version=req.version_id,
                                       message="Which airport?",
                                       now=datetime(2026, 3, 5, 9, 0, tzinfo=UTC))
        transition(req, Status.IN_REVIEW, caseworker, note="Copenhagen.",
                   now=datetime(2026, 3, 8, 9, 0, tzinfo=UTC))
        assert req.paused_seconds == 3 * 86400
        actions.approve(req, agency, expected_version=req.version_id,
                           now=datetime(2026, 3, 9, 9, 0, tzinfo=UTC))
        plan = _plan(req, date.today() + timedelta(days=20), time(11, 0))
        bookings.plan_travel(req, agency, expected_version=req.version_id, plan=plan,
                               now=datetime(2026, 3, 12, 9, 0, tzinfo=UTC))
        db.session.commit()
        db.session.remove()
    snapshot = load(app, made.request_id)
    # 2 March 09:00 → 12 March 09:00 is 10 days; 3 of them awaited the municipality.
    assert snapshot["processing_seconds"] == 7 * 86400
    assert snapshot["paused_seconds"] == 3 * 86400


def test_clock_shown_while_awaiting_does_not_run(app, make):
    start = datetime.now(UTC) - timedelta(days=10)
    made = make_request(app, make, status=Status.AWAITING_MUNICIPALITY, start=start,
                        step=timedelta(days=1))
    with request_ctx(app):
        req = db.session.get(Request, made.request_id)
        # submitted 10 days ago, asked 3 days later: 3 days of clock, then paused.
        assert actions.days(actions.processing_seconds_now(req)) == 3.0
        assert not actions.is_overdue(req)
        db.session.remove()
