"""The per-page look-ups: a request with its case in one statement, the rates in one.

request_for and rates_for run on every request, case and PDF page; their behaviour (404 and
an audit row for another municipality's request, the rate year or the latest one before it)
is kept while each costs a single statement.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event, inspect, select
from werkzeug.exceptions import NotFound

from portal.extensions import db
from portal.models import RateYear, User
from portal.services.accounts import access
from portal.services.filing import cash
from tests.agency_helpers import make_request


@contextmanager
def counted():
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _audit_actions(app) -> list[tuple[str, str]]:
    from portal.models import AuditEvent

    with app.app_context():
        return [(e.action, e.detail) for e in db.session.scalars(
            select(AuditEvent).order_by(AuditEvent.id))]


def test_request_for_reads_request_case_and_participants_in_one_statement(app, make):
    made = make_request(app, make, family=True)
    with app.test_request_context():
        user = db.session.get(User, made.caseworker.id)
        with counted() as statements:
            req = access.request_for(user, made.request_id)
            names = [rp.person.full_name for rp in req.participants]
            reference = req.case.reference
            code = req.case.municipality.code
        assert len(statements) == 1
        assert names[0] == "Rami Al-Hassan"
        assert len(names) == 5
        assert reference == made.reference
        assert code == "751"


def test_request_for_without_participants_leaves_them_to_the_caller(app, make):
    made = make_request(app, make)
    with app.test_request_context():
        user = db.session.get(User, made.caseworker.id)
        with counted() as statements:
            req = access.request_for(user, made.request_id, participants=False)
        assert len(statements) == 1
        assert "participants" in inspect(req).unloaded
        assert "case" not in inspect(req).unloaded


def test_request_for_another_municipality_is_404_with_an_audit_row(app, make):
    made = make_request(app, make, code="751")
    stranger = make.user("caseworker", municipality_code="101")
    with app.test_request_context():
        user = db.session.get(User, stranger.id)
        with pytest.raises(NotFound):
            access.request_for(user, made.request_id, action="download_pdf")
    assert ("access_denied", f"download_pdf request={made.request_id}") in _audit_actions(app)


@pytest.mark.parametrize("role", ["agency", "drc_adviser"])
def test_agency_and_drc_see_any_request_and_a_missing_one_is_404(app, make, role):
    made = make_request(app, make, code="101")
    viewer = make.user(role)
    with app.test_request_context():
        user = db.session.get(User, viewer.id)
        assert access.request_for(user, made.request_id).id == made.request_id
        with pytest.raises(NotFound):
            access.request_for(user, made.request_id + 1000)


def test_admin_sees_no_request(app, make):
    made = make_request(app, make)
    admin = make.user("admin")
    with app.test_request_context(), pytest.raises(NotFound):
        access.request_for(db.session.get(User, admin.id), made.request_id)
    assert ("access_denied", f"view_request request={made.request_id}") in _audit_actions(app)


def test_rates_for_the_year_itself_a_later_year_and_a_year_before_all(app):
    with app.test_request_context():
        years = list(db.session.scalars(select(RateYear.year).order_by(RateYear.year)))
        newest, oldest = years[-1], years[0]
        with counted() as statements:
            exact = cash.rates_for(date(newest, 6, 1))
        assert len(statements) == 1
        assert (exact.rates.year, exact.wanted_year, exact.fallback) == (newest, newest, False)
        with counted() as statements:
            later = cash.rates_for(date(newest + 2, 1, 1))
        assert len(statements) == 1
        assert (later.rates.year, later.wanted_year, later.fallback) == \
            (newest, newest + 2, True)
        with pytest.raises(cash.CashError):
            cash.rates_for(date(oldest - 1, 12, 31))
