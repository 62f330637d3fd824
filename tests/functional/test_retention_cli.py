"""`flask retention`: cases closed longer than the period are anonymised with their
requests, attachments and file contents removed; open and recent cases are kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    Attachment,
    AttachmentBlob,
    AttachmentKind,
    AuditEvent,
    Case,
    Person,
    Request,
    RequestKind,
    RequestPerson,
    RequestStatusCount,
    StatusEvent,
)
from portal.workflow import Status

NOW = datetime(2031, 6, 1, 9, 0, tzinfo=UTC)


def _close(app, case_id, closed_at, *, with_request=True):
    with app.app_context():
        case = db.session.get(Case, case_id)
        case.closed_at = closed_at
        if with_request:
            req = Request(case=case, municipality=case.municipality,
                          kind=RequestKind.FLEXIBLE_PAYMENT, status=Status.CLOSED)
            db.session.add(req)
            for person in case.persons:
                req.participants.append(RequestPerson(person=person))
            req.events.append(StatusEvent(from_status=Status.DEPARTED, to_status=Status.CLOSED))
            db.session.add(req)
            db.session.flush()
            att = Attachment(case_id=case.id, request_id=req.id, kind=AttachmentKind.PASSPORT,
                             original_name="pas.pdf", stored_name=f"s{case.id}.pdf",
                             content_type="application/pdf", size=9, sha256="0" * 64)
            att.blob = AttachmentBlob(data=b"%PDF-1.4\n")
            db.session.add(att)
        db.session.commit()
        db.session.remove()


def _state(app, case_id):
    with app.app_context():
        case = db.session.get(Case, case_id)
        state = {
            "names": [p.full_name for p in case.persons],
            "cprs": [p.cpr for p in case.persons],
            "passports": [p.passport_number for p in case.persons],
            "requests": db.session.scalar(select(func.count()).select_from(Request)
                                          .where(Request.case_id == case_id)),
            "attachments": db.session.scalar(select(func.count()).select_from(Attachment)
                                             .where(Attachment.case_id == case_id)),
            "anonymised": case.anonymised_at is not None,
            "reference": case.reference,
        }
        db.session.remove()
    return state


def _run(app, *args):
    result = app.test_cli_runner().invoke(args=["retention", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _closed_count(app) -> int:
    with app.app_context():
        n = db.session.scalar(select(RequestStatusCount.count).where(
            RequestStatusCount.kind == RequestKind.FLEXIBLE_PAYMENT,
            RequestStatusCount.status == Status.CLOSED))
        db.session.remove()
    return n


def test_old_closed_cases_are_anonymised_and_open_and_recent_ones_kept(app, make):
    old = make.case(family=True)
    recent = make.case()
    still_open = make.case()
    _close(app, old.id, NOW - timedelta(days=400))
    _close(app, recent.id, NOW - timedelta(days=100))
    assert _closed_count(app) == 2
    with time_machine.travel(NOW, tick=False):
        output = _run(app, "--days", "365")
    assert "Anonymised 1 case(s)" in output
    assert "5 person(s), 1 request(s), 1 attachment(s)" in output

    gone = _state(app, old.id)
    assert gone["names"] == ["Anonymiseret"] * 5
    assert gone["cprs"] == [None] * 5
    assert gone["passports"] == [""] * 5
    assert (gone["requests"], gone["attachments"], gone["anonymised"]) == (0, 0, True)
    assert gone["reference"] == old.reference  # kept for statistics and the audit log

    kept = _state(app, recent.id)
    assert (kept["requests"], kept["attachments"], kept["anonymised"]) == (1, 1, False)
    assert kept["cprs"] == ["1705801234"]
    assert _state(app, still_open.id)["names"] == ["Omar Haddad"]
    assert _closed_count(app) == 1  # counters recounted
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AttachmentBlob)) == 1
        assert db.session.scalar(select(func.count()).select_from(Person).where(
            Person.full_name.like("Rami%"))) == 0
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "retention_anonymised"))
        assert (event.case_id, event.case_reference) == (old.id, old.reference)
        assert event.person_id is None
        db.session.remove()


def test_dry_run_counts_and_changes_nothing(app, make):
    old = make.case(family=True)
    _close(app, old.id, NOW - timedelta(days=400))
    with time_machine.travel(NOW, tick=False):
        output = _run(app, "--days", "365", "--dry-run")
    assert "Would anonymise 1 case(s)" in output
    state = _state(app, old.id)
    assert state["names"][0] == "Rami Al-Hassan"
    assert (state["requests"], state["attachments"], state["anonymised"]) == (1, 1, False)


def test_default_period_comes_from_config_and_the_clock_decides(app, make):
    case = make.case()
    _close(app, case.id, NOW - timedelta(days=app.config["RETENTION_DAYS"] - 1),
           with_request=False)
    with time_machine.travel(NOW, tick=False):
        assert "Anonymised 0 case(s)" in _run(app)
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        assert "Anonymised 1 case(s)" in _run(app)
        assert "Anonymised 0 case(s)" in _run(app)  # already done: nothing twice


def test_zero_or_letters_as_days_are_refused_cleanly(app):
    runner = app.test_cli_runner()
    for bad in ("0", "abc", "-5"):
        result = runner.invoke(args=["retention", "--days", bad])
        assert result.exit_code == 2
        assert "Invalid value" in result.output
