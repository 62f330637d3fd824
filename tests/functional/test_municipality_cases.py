"""Household cases: list, create, persons, CPR rules, access and bad input."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Case


def _new_case_data(**overrides):
    data = {"destination_country": "SY", "kind": "ordinary",
            "planned_departure": (date.today() + timedelta(days=40)).isoformat(),
            "full_name": "Søren Ærø", "cpr": "", "birth_date": "1980-05-17",
            "nationality": "SY", "passport_number": "N123", "passport_country": "SY",
            "passport_expiry": "", "relation": "applicant", "phone": "12345678"}
    data.update(overrides)
    return data


def test_caseworker_creates_case_with_reference_and_audit(client, login_as, english, app):
    login_as("caseworker")
    response = client.form_post("/municipality/cases/new", _new_case_data(),
                                follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Søren Ærø" in text
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert case.reference == f"R-{case.created_at.year}-{case.id:06d}"
        assert case.reference in text
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"create_case", "view_case"} <= actions
