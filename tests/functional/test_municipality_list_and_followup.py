"""The case list (search, drafts, markers, constant queries) and the follow-up on a case."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal import workflow
from portal.extensions import db
from portal.models import (
    AuditEvent,
    Person,
    Request,
    RequestKind,
    RequestPerson,
    StatusEvent,
)
from portal.workflow import Status
from tests.sql_counting import statements_of_get


def _request(app, case, status=Status.DRAFT, kind=RequestKind.DEPARTURE, step="departure"):
    with app.app_context():
        req = Request(case_id=case.id, municipality_id=case.municipality_id, kind=kind,
                      status=status, draft_step=step)
        req.participants.append(RequestPerson(person_id=case.persons[0].id))
        req.events.append(StatusEvent(from_status=None, to_status=status))
        db.session.add(req)
        db.session.commit()
        return req.id


def _count_statements(app, client, url):
    """Statements of a GET after a warm-up (tests/sql_counting.py) and the page's text."""
    count, response = statements_of_get(app, client, url)
    return count, response.get_data(as_text=True)


def test_case_list_uses_the_same_number_of_statements_for_5_and_50_cases(
        client, login_as, english, make, app):
    login_as("caseworker")
    for _ in range(5):
        _request(app, make.case(family=True))
    few, html = _count_statements(app, client, "/municipality/")
    assert html.count("Continue draft<") == 5
    for _ in range(45):
        _request(app, make.case(family=True))
    many, html = _count_statements(app, client, "/municipality/")
    assert few == many
    assert html.count("Continue draft<") == 25
    assert "Next page" in html


def test_case_list_search_marker_and_resume_link(client, login_as, english, make, app):
    login_as("caseworker")
    draft_case = make.case(persons=[{"full_name": "Khaled Mansour", "relation": "applicant",
                                     "birth_date": date(1975, 2, 2)}])
    waiting_case = make.case(persons=[{"full_name": "Huda Saleh", "relation": "applicant",
                                       "birth_date": date(1970, 2, 2)}])
    make.case(municipality_code="101", persons=[{"full_name": "Khaled Other",
                                                 "relation": "applicant",
                                                 "birth_date": date(1970, 2, 2)}])
    draft_id = _request(app, draft_case, step="cash")
    _request(app, waiting_case, status=Status.AWAITING_MUNICIPALITY)
    html = client.get("/municipality/").get_data(as_text=True)
    assert "The agency needs something from you" in html
    assert html.index(waiting_case.reference) < html.index(draft_case.reference)  # newest first
    assert f"/municipality/requests/{draft_id}/continue" in html
    resume = client.get(f"/municipality/requests/{draft_id}/continue")
    assert resume.headers["Location"].endswith(f"/requests/{draft_id}/steps/cash")
    found = client.form_post("/municipality/", {"q": "khaled"},
                             follow_redirects=True).get_data(as_text=True)
    assert draft_case.reference in found
    assert waiting_case.reference not in found
    assert "Khaled Other" not in found  # never another municipality's case
    by_ref = client.form_post("/municipality/", {"q": waiting_case.reference},
                              follow_redirects=True).get_data(as_text=True)
    assert waiting_case.reference in by_ref
    assert draft_case.reference not in by_ref


def test_answer_information_request_moves_back_to_review(client, login_as, english, make, app):
    login_as("caseworker")
    agency = make.user("agency")
    case = make.case()
    request_id = _request(app, case, status=Status.IN_REVIEW)
    with app.app_context():
        req = db.session.get(Request, request_id)
        workflow.transition(req, Status.AWAITING_MUNICIPALITY, db.session.merge(agency),
                            note="Please send the passport of Omar.")
        db.session.commit()
    page = client.get(f"/municipality/cases/{case.id}").get_data(as_text=True)
    assert "Please send the passport of Omar." in page
    r = client.form_post(f"/municipality/requests/{request_id}/answer", {"answer": ""},
                         page=f"/municipality/cases/{case.id}")
    assert r.status_code == 200
    assert "Write your answer to the agency." in r.get_data(as_text=True)
    r = client.form_post(f"/municipality/requests/{request_id}/answer",
                         {"answer": "The passport is on its way – محمد"},
                         page=f"/municipality/cases/{case.id}", follow_redirects=True)
    assert "Your answer has been sent to the agency." in r.get_data(as_text=True)
    with app.app_context():
        req = db.session.get(Request, request_id)
        assert req.status is Status.IN_REVIEW
        assert req.events[-1].note == "The passport is on its way – محمد"


def test_withdraw_needs_a_note_and_then_withdraws(client, login_as, english, make, app):
    login_as("caseworker")
    case = make.case()
    request_id = _request(app, case, status=Status.SUBMITTED)
    r = client.form_post(f"/municipality/requests/{request_id}/withdraw", {"note": ""},
                         page=f"/municipality/cases/{case.id}")
    assert r.status_code == 200
    assert "Write why the request is withdrawn." in r.get_data(
        as_text=True)
    client.form_post(f"/municipality/requests/{request_id}/withdraw",
                     {"note": "The family stays"}, page=f"/municipality/cases/{case.id}")
    with app.app_context():
        assert db.session.get(Request, request_id).status is Status.WITHDRAWN


def test_cpr_deregistration_reminder_after_departure_until_ticked_off(
        client, login_as, english, make, app):
    login_as("caseworker")
    case = make.case(family=True)
    _request(app, case, status=Status.DEPARTED, kind=RequestKind.FLEXIBLE_PAYMENT)
    page = client.get(f"/municipality/cases/{case.id}").get_data(as_text=True)
    assert "Deregister from the CPR register" in page
    for person in case.persons:
        client.form_post(f"/municipality/cases/{case.id}/persons/{person.id}/deregistered", {},
                         page=f"/municipality/cases/{case.id}")
    page = client.get(f"/municipality/cases/{case.id}").get_data(as_text=True)
    assert "Mark as deregistered" not in page
    with app.app_context():
        assert all(p.cpr_deregistered_at for p in db.session.scalars(select(Person)))
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "cpr_deregistered")) is not None


def _row(html: str, reference: str) -> str:
    start = html.rindex("<tr>", 0, html.index(reference))
    return html[start:html.index("</tr>", start)]


def test_case_list_row_shows_the_applicant_persons_and_each_request(client, login_as, english,
                                                                   make, app):
    login_as("caseworker")
    escort_first = make.case(persons=[
        {"full_name": "Fadi Escort", "relation": "escort", "birth_date": date(1970, 1, 1)},
        {"full_name": "Maha Applicant", "relation": "applicant",
         "birth_date": date(1980, 1, 1)}])
    no_applicant = make.case(destination="IQ", persons=[
        {"full_name": "Karim Child", "relation": "child", "birth_date": date(2015, 1, 1)}])
    _request(app, escort_first, status=Status.DRAFT)
    waiting_id = _request(app, escort_first, status=Status.AWAITING_MUNICIPALITY,
                          kind=RequestKind.FLEXIBLE_PAYMENT)
    html = client.get("/municipality/").get_data(as_text=True)
    row = _row(html, escort_first.reference)
    assert "Maha Applicant" in row
    assert "Fadi Escort" not in row
    assert "persons)" not in row  # the escort comes back: one returnee, no count shown
    assert "Syria" in row
    assert "Ordinary repatriation" in row
    assert 'Departure: <span class="tag tag-grey">Draft</span>' in row
    assert ('Flexible-payment request: <span class="tag tag-yellow">Awaiting the municipality'
            '</span>') in row
    assert f'/municipality/cases/{escort_first.id}#request-{waiting_id}"' in row
    assert row.index("Departure:") < row.index("Flexible-payment request:")  # oldest first
    other = _row(html, no_applicant.reference)
    assert "Karim Child" in other
    assert "persons)" not in other
    assert "Iraq" in other
    assert "No requests yet" in other
