"""`flask send-reminders`: the municipality is reminded of the agency's unanswered question
after N Danish working days, once a day, by e-mail without personal data."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine

from portal import rules
from portal.extensions import db
from portal.models import Request
from portal.services.processing import reminders
from portal.workflow import Status
from tests.agency_helpers import make_request

#: Asked on Friday 18 December 2026: five working days later is Monday 28 December
#: (the weekends and Christmas Day and Boxing Day do not count).
ASKED = datetime(2026, 12, 18, 10, 0, tzinfo=UTC)


def _awaiting(app, make, **kwargs):
    made = make_request(app, make, status=Status.AWAITING_MUNICIPALITY, **kwargs)
    with app.app_context():
        db.session.get(Request, made.request_id).awaiting_since = ASKED
        db.session.commit()
        db.session.remove()
    return made


def test_working_days_skip_weekends_and_danish_holidays():
    assert rules.working_days_between(date(2026, 12, 18), date(2026, 12, 24)) == 4
    assert rules.working_days_between(date(2026, 12, 18), date(2026, 12, 28)) == 5
    assert rules.working_days_between(date(2026, 12, 18), date(2026, 12, 18)) == 0


def _run(app):
    return app.test_cli_runner().invoke(args=["send-reminders"])


def test_a_reminder_goes_out_after_five_working_days_once_a_day(app, make, mail_outbox):
    caseworker = make.user("caseworker", email="karim@aarhus.example")
    made = _awaiting(app, make, caseworker=caseworker)
    with time_machine.travel(datetime(2026, 12, 24, 7, 0, tzinfo=UTC), tick=False):
        result = _run(app)
    assert result.exit_code == 0, result.output
    assert "0 request(s)" in result.output
    assert mail_outbox.messages == []

    with time_machine.travel(datetime(2026, 12, 28, 7, 0, tzinfo=UTC), tick=False):
        assert "1 request(s)" in _run(app).output
        assert "0 request(s)" in _run(app).output  # the same day again: nothing twice
    assert [m["To"] for m in mail_outbox.messages] == ["karim@aarhus.example"]
    body = mail_outbox.bodies()[0]
    assert made.reference in body
    assert f"/municipality/cases/{made.case_id}" in body
    assert "5" in body
    assert "Omar" not in body  # no names, only the reference
    assert "Haddad" not in body

    with time_machine.travel(datetime(2026, 12, 29, 7, 0, tzinfo=UTC), tick=False):
        assert "1 request(s)" in _run(app).output  # and again the next working day
    with app.app_context():
        assert reminders.reminders_sent(made.request_id) == 2


def test_an_answered_request_is_not_reminded(app, make, mail_outbox):
    made = _awaiting(app, make)
    with app.app_context():
        req = db.session.get(Request, made.request_id)
        req.status = Status.IN_REVIEW
        db.session.commit()
        db.session.remove()
    with time_machine.travel(datetime(2027, 1, 11, 7, 0, tzinfo=UTC), tick=False):
        assert "0 request(s)" in _run(app).output
    assert mail_outbox.messages == []
