"""What the caseworker sees: progress, help in context, shared history only, editing."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from portal import workflow
from portal.extensions import db
from portal.models import AuditEvent, Person, Request
from portal.workflow import Status
from tests.filing_helpers import location_id, post_step, start_request, step_url


def _flex_draft(client, make):
    case = make.case(family=True, kind="flexible_payment",
                     departure=date.today() + timedelta(days=50))
    request_id = location_id(start_request(client, case.id, "flexible_payment"),
                             r"/requests/(\d+)/")
    post_step(client, request_id, "travellers", {"travellers": [p.id for p in case.persons]})
    return case, request_id


def test_progress_indicator_marks_the_current_step(client, login_as, english, make):
    login_as("caseworker")
    _case, request_id = _flex_draft(client, make)
    html = client.get(step_url(request_id, "waivers")).get_data(as_text=True)
    assert '<li aria-current="step">' in html
    assert 'class="visually-hidden">Step 2 of 8<' in html
    assert 'class="steps"' in html


def test_good_to_know_appears_where_it_matters(client, login_as, english, make, app):
    login_as("caseworker")
    case, request_id = _flex_draft(client, make)
    attachments = client.get(step_url(request_id, "attachments")).get_data(as_text=True)
    assert "Documents for the Danish Refugee Council" in attachments
    assert "the municipality must always also send both to DRC" in attachments
    departure = client.get(step_url(request_id, "departure")).get_data(as_text=True)
    assert "Baggage allowance" in departure
    assert "Flight routes can change" in departure
    assert "about 200 kr per kg" in departure
    case_page = client.get(f"/municipality/cases/{case.id}").get_data(as_text=True)
    assert "Deregistration from the CPR register" in case_page
    with app.app_context():
        req = db.session.get(Request, request_id)
        req.status = Status.SUBMITTED
        db.session.commit()
    confirmation = client.get(f"/municipality/requests/{request_id}/confirmation")
    html = confirmation.get_data(as_text=True)
    assert "Deregistration from the CPR register" in html
    assert "3–4 weeks" in html


def test_internal_agency_notes_never_reach_the_municipality(client, login_as, english, make,
                                                             app):
    login_as("caseworker")
    agency = make.user("agency")
    case, request_id = _flex_draft(client, make)
    with app.app_context():
        req = db.session.get(Request, request_id)
        req.status = Status.SUBMITTED
        actor = db.session.merge(agency)
        workflow.transition(req, Status.RECEIVED, actor, note="Internal: check the passport",
                            shared=False)
        workflow.transition(req, Status.IN_REVIEW, actor, note="We are looking at it")
        db.session.commit()
    html = client.get(f"/municipality/cases/{case.id}").get_data(as_text=True)
    assert "We are looking at it" in html
    assert "Internal: check the passport" not in html


def test_edit_person_prefills_and_saves_with_audit(client, login_as, english, make, app):
    login_as("caseworker")
    case = make.case()
    person = case.persons[0]
    url = f"/municipality/cases/{case.id}/persons/{person.id}/edit"
    html = client.get(url).get_data(as_text=True)
    assert 'value="170580-1234"' in html
    assert 'value="Omar Haddad"' in html
    response = client.form_post(url, {
        "full_name": "Omar Søren Haddad", "cpr": "170580-1234", "birth_date": "",
        "nationality": "SY", "passport_number": "N1", "passport_country": "SY",
        "passport_expiry": "2031-01-01", "relation": "applicant", "phone": "+45 12 34 56 78",
        "danish_citizen": "y"})
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Person, person.id)
        assert saved.full_name == "Omar Søren Haddad"
        assert saved.danish_citizen is True
        assert saved.passport_expiry == date(2031, 1, 1)
        actions = list(db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.person_id == person.id)))
    assert "update_person" in actions


def test_every_wizard_page_renders_in_danish(client, login_as, make):
    login_as("caseworker")
    case, request_id = _flex_draft(client, make)
    pages = [f"/municipality/cases/{case.id}", "/municipality/", "/municipality/cases/new",
             f"/municipality/cases/{case.id}/edit",
             f"/municipality/cases/{case.id}/persons/new",
             f"/municipality/requests/{request_id}/check",
             f"/documents/requests/{request_id}/"]
    pages += [step_url(request_id, step) for step in
              ("travellers", "waivers", "departure", "supplement", "cash", "declarations",
               "attachments")]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="da">' in response.get_data(as_text=True)


def test_deleting_a_draft_removes_it(client, login_as, english, make, app):
    login_as("caseworker")
    case, request_id = _flex_draft(client, make)
    response = client.form_post(f"/municipality/requests/{request_id}/delete", {},
                                page=f"/municipality/cases/{case.id}", follow_redirects=True)
    assert "The draft has been deleted." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Request, request_id) is None
