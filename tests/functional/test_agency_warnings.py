"""Warnings on the request page: a departure within 7 days without its cash declaration or
past the customs deadline, and the overdue marker after 4 weeks of running clock."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from portal import rules
from portal.models import Case, CaseKind, CashDeclaration, Request, RequestKind, RequestPerson
from portal.services.processing import actions
from portal.workflow import Status
from tests.agency_helpers import request_ctx

TODAY = date(2026, 6, 1)  # a Monday


def _booked(days_ahead: int, *, declaration_received: date | None = None,
            customs_assist: bool = False) -> Request:
    case = Case(kind=CaseKind.FLEXIBLE_PAYMENT, destination_country="SY")
    departure = datetime.combine(TODAY + timedelta(days=days_ahead), time(10, 0), tzinfo=UTC)
    req = Request(kind=RequestKind.FLEXIBLE_PAYMENT, status=Status.TRAVEL_BOOKED,
                  departure_at=departure)
    req.case = case
    req.participants = [RequestPerson(travels=True)]
    if declaration_received is not None:
        req.cash_declarations = [CashDeclaration(
            amount=Decimal("12000"), currency="EUR", amount_eur=Decimal("12000"),
            customs_assist=customs_assist,
            received_at=datetime.combine(declaration_received, time(9, 0), tzinfo=UTC))]
    return req


def test_departure_in_three_days_without_a_declaration_warns(app):
    with request_ctx(app):
        warnings = actions.departure_warnings(_booked(3), TODAY)
    assert any("cash declaration has not been received" in w for w in warnings)


def test_declaration_received_in_time_gives_no_warning(app):
    with request_ctx(app):
        assert actions.departure_warnings(
            _booked(5, declaration_received=TODAY, customs_assist=True), TODAY) == []


def test_declaration_received_after_the_customs_deadline_warns(app):
    departure_day = TODAY + timedelta(days=3)
    late = rules.customs_deadline(departure_day) + timedelta(days=1)
    with request_ctx(app):
        warnings = actions.departure_warnings(
            _booked(3, declaration_received=late, customs_assist=True), TODAY)
    assert any("customs deadline" in w for w in warnings)


def test_departure_further_ahead_gives_no_warning(app):
    with request_ctx(app):
        assert actions.departure_warnings(_booked(20), TODAY) == []


def test_overdue_after_four_weeks_of_running_clock_only():
    now = datetime(2026, 6, 1, tzinfo=UTC)
    req = Request(status=Status.IN_REVIEW, submitted_at=now - timedelta(days=29),
                  paused_seconds=0)
    assert actions.is_overdue(req, now)
    req.paused_seconds = 3 * 86400  # 3 days awaited the municipality: 26 days of clock
    assert not actions.is_overdue(req, now)
    req.status = Status.TRAVEL_BOOKED  # the clock stops at the booking
    req.paused_seconds = 0
    assert not actions.is_overdue(req, now)


def test_the_customs_deadline_warning_writes_the_date_the_readers_way_not_iso(app):
    from portal import formatting

    departure_day = TODAY + timedelta(days=3)
    deadline = rules.customs_deadline(departure_day)
    with request_ctx(app):
        text = " ".join(actions.departure_warnings(
            _booked(3, declaration_received=deadline + timedelta(days=1), customs_assist=True),
            TODAY))
        assert formatting.day(deadline) in text
    assert deadline.isoformat() not in text
