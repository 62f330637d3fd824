"""Demo households for both demo municipalities: the right states, safe to load twice."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Attachment, Case, Municipality, Request, RequestKind
from portal.workflow import Status


def _load(app):
    result = app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_households_for_both_municipalities_loaded_once(app):
    _load(app)
    with app.app_context():
        first = db.session.scalar(select(func.count(Case.id)))
    output = _load(app)
    assert "Demo households: 0 municipalities filled, 2 already there." in output
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id))) == first
        for code in ("751", "101"):
            municipality = db.session.scalar(select(Municipality).where(
                Municipality.code == code))
            requests = db.session.scalars(select(Request).where(
                Request.municipality_id == municipality.id,
                Request.created_by_id.is_not(None))).all()
            flex = [r for r in requests if r.kind is RequestKind.FLEXIBLE_PAYMENT
                    and r.status is Status.SUBMITTED and len(r.case.persons) == 5]
            assert flex, code
            kinds = {a.kind.value for a in db.session.scalars(select(Attachment).where(
                Attachment.request_id == flex[0].id))}
            assert kinds == {"waiver", "in325"}
            assert len(flex[0].cash_declarations) == 2
            assert any(r.kind is RequestKind.RECON_TRIP for r in requests)
            assert any(r.kind is RequestKind.DEPARTURE and r.status is Status.SUBMITTED
                       and r.supplement is not None and r.supplement.escort_person_id
                       for r in requests)
            assert sum(r.status is Status.DRAFT for r in requests) >= 2
