"""Persons are one identity across the country (issue 16, point 4): a person's CPR number, or
else passport number and nationality, is compared with every open case of any municipality;
the agency sees "possible duplicate" on both requests and in the queue, and searches by CPR
or passport number; the caseworker learns only that the agency will check."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from portal import rules
from portal.extensions import db
from portal.models import AuditEvent, AuditSubject, Person, RequestKind
from portal.workflow import Status
from tests.agency_helpers import make_request
from tests.conftest import login
from tests.sql_counting import statements_of_get

OMAR = {"full_name": "Omar Haddad", "birth_date": date(1980, 5, 17), "relation": "applicant",
        "cpr": "1705801234", "passport_number": "N 123-456", "nationality": "SY"}


def _person(**changes) -> dict:
    return {**OMAR, **changes}


def _pair(app, make, *, second=None, first_status=Status.IN_REVIEW,
          second_status=Status.SUBMITTED):
    """The same person filed by Aarhus (751) and by København (101)."""
    aarhus = make_request(app, make, code="751", status=first_status, persons=[_person()])
    copenhagen = make_request(app, make, code="101", status=second_status,
                              persons=[second or _person(full_name="Omar Hadad")])
    return aarhus, copenhagen


def _page(client, made) -> str:
    return client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)


def test_a_duplicate_across_two_municipalities_shows_on_both_requests_for_the_agency(
        app, client, make, login_as, english):
    aarhus, copenhagen = _pair(app, make)
    login_as("agency")
    first, second = _page(client, aarhus), _page(client, copenhagen)
    assert "Possible duplicate" in first
    assert "Possible duplicate" in second
    assert f'href="/agency/requests/{copenhagen.request_id}"' in first
    assert copenhagen.reference in first
    assert "København" in first
    assert f'href="/agency/requests/{aarhus.request_id}"' in second
    assert aarhus.reference in second
    assert "Aarhus" in second
    assert "CPR number" in first


def test_the_duplicate_is_named_mulig_dublet_in_danish(app, client, make, login_as):
    aarhus, _copenhagen = _pair(app, make)
    login_as("agency")
    assert "Mulig dublet" in _page(client, aarhus)


def test_passport_number_and_nationality_match_when_there_is_no_cpr(
        app, client, make, login_as, english):
    aarhus = make_request(app, make, code="751", persons=[_person(cpr=None)])
    same = make_request(app, make, code="101", persons=[
        _person(cpr=None, passport_number="n123456")])
    other_country = make_request(app, make, code="101", persons=[
        _person(cpr=None, passport_number="N123456", nationality="IQ")])
    login_as("agency")
    page = _page(client, aarhus)
    assert same.reference in page
    assert other_country.reference not in page
    assert "Passport number and nationality" in page
    assert "Possible duplicate" not in _page(client, other_country)


def test_a_different_person_is_no_duplicate(app, client, make, login_as, english):
    aarhus, copenhagen = _pair(app, make, second=_person(cpr="0203841235",
                                                         passport_number="X999"))
    login_as("agency")
    assert "Possible duplicate" not in _page(client, aarhus)
    assert "Possible duplicate" not in _page(client, copenhagen)


def test_a_closed_or_rejected_case_is_not_an_open_duplicate(
        app, client, make, login_as, english):
    aarhus = make_request(app, make, code="751", status=Status.REJECTED, persons=[_person()])
    make_request(app, make, code="101", status=Status.CLOSED, persons=[_person()])
    fresh = make_request(app, make, code="101", status=Status.SUBMITTED, persons=[_person()])
    login_as("agency")
    assert "Possible duplicate" not in _page(client, fresh)
    # the rejected request still shows the open one it shares a person with
    assert fresh.reference in _page(client, aarhus)


def _token(html: str) -> str:
    return re.search(r'name="token"[^>]*value="([^"]+)"', html).group(1)


def test_filing_checks_the_persons_and_tells_the_caseworker_only_that_the_agency_will_check(
        app, client, make, english):
    aarhus = make_request(app, make, code="751", status=Status.IN_REVIEW, persons=[_person()])
    draft = make_request(app, make, code="101", status=Status.DRAFT,
                         kind=RequestKind.DEPARTURE, persons=[_person()])
    login(client, draft.caseworker.email)
    check = client.get(f"/municipality/requests/{draft.request_id}/check").get_data(
        as_text=True)
    assert "The agency will check the possible duplicate" in check
    response = client.form_post(f"/municipality/requests/{draft.request_id}/submit",
                                {"token": _token(check)},
                                page=f"/municipality/requests/{draft.request_id}/check")
    assert response.headers["Location"].endswith(f"/requests/{draft.request_id}/confirmation")
    confirmation = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The agency will check the possible duplicate" in confirmation
    for page in (check, confirmation):  # nothing of the other municipality's case
        assert aarhus.reference not in page
        assert "Aarhus" not in page
        assert f"/requests/{aarhus.request_id}" not in page
    with app.app_context():
        row = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "possible_duplicate"))
        assert row.request_id == draft.request_id
        assert row.detail == f"requests={aarhus.request_id}"


def test_no_notice_for_the_caseworker_without_a_duplicate(app, client, make, english):
    draft = make_request(app, make, code="101", status=Status.DRAFT,
                         kind=RequestKind.DEPARTURE, persons=[_person()])
    login(client, draft.caseworker.email)
    check = client.get(f"/municipality/requests/{draft.request_id}/check").get_data(
        as_text=True)
    assert "possible duplicate" not in check


# --- the queue ------------------------------------------------------------------------------


def test_the_queue_marks_duplicates_in_a_fixed_number_of_statements(
        app, client, make, login_as, english):
    agency = login_as("agency")
    serial = iter(range(1000, 2000))

    def add_pairs(n: int) -> None:
        for _ in range(n):
            cpr = f"170580{next(serial)}"
            for code in ("751", "101"):
                make_request(app, make, code=code, status=Status.IN_REVIEW, agency=agency,
                             persons=[_person(cpr=cpr, passport_number=f"P{cpr}")])
        make_request(app, make, code="751", status=Status.IN_REVIEW, agency=agency,
                     persons=[_person(cpr=f"170580{next(serial)}", passport_number="")])

    add_pairs(2)
    few, response = statements_of_get(app, client, "/agency/?status=in_review")
    html = response.get_data(as_text=True)
    assert html.count("Possible duplicate</span>") == 4
    assert len(set(re.findall(r'/agency/requests/(\d+)"', html))) == 5
    add_pairs(14)
    many, response = statements_of_get(app, client, "/agency/?status=in_review")
    html = response.get_data(as_text=True)
    assert html.count("Possible duplicate</span>") == 32
    assert len(set(re.findall(r'/agency/requests/(\d+)"', html))) == 34
    assert many == few


# --- the agency's search by CPR or passport --------------------------------------------------


def _search(client, by: str, number: str):
    response = client.form_post("/agency/persons", {"by": by, "number": number})
    assert response.status_code in (302, 303)
    assert number not in response.headers["Location"]
    return response, client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_agency_finds_every_request_of_a_cpr_number_of_any_status_without_it_in_the_url(
        app, client, make, login_as, english):
    aarhus, copenhagen = _pair(app, make, second_status=Status.CLOSED)
    other = make_request(app, make, code="101", persons=[_person(cpr="0203841235",
                                                                 passport_number="Q1")])
    login_as("agency")
    response, page = _search(client, "cpr", "170580-1234")
    assert "1705801234" not in response.headers["Location"]
    assert aarhus.reference in page
    assert copenhagen.reference in page
    assert f'href="/agency/requests/{copenhagen.request_id}"' in page
    assert other.reference not in page
    assert "170580-1234" in page  # the number stays in the field, typed as it was
    for href in re.findall(r'(?:href|action)="([^"]*)"', page):
        assert "1705801234" not in href
        assert "170580-1234" not in href
    with app.app_context():
        rows = list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "search_person")))
        assert [r.detail for r in rows] == ["by=cpr term=170580-xxxx found=2"]
        assert set(db.session.scalars(select(AuditSubject.person_id).where(
            AuditSubject.event_id == rows[0].id))) == set(db.session.scalars(
            select(Person.id).where(Person.cpr == "1705801234")))


def test_the_agency_finds_requests_by_passport_number_however_it_is_written(
        app, client, make, login_as, english):
    aarhus, copenhagen = _pair(app, make, second=_person(cpr=None, passport_number="n123456"))
    login_as("agency")
    _response, page = _search(client, "passport", "N123 456")
    assert aarhus.reference in page
    assert copenhagen.reference in page
    _response, page = _search(client, "passport", "N123457")
    assert "No submitted request holds this number." in page


def test_a_malformed_cpr_number_is_refused_next_to_the_field_and_kept(
        app, client, make, login_as, english):
    login_as("agency")
    _response, page = _search(client, "cpr", "3213801234")
    assert "must be a real date" in page
    assert 'value="3213801234"' in page
    assert "error-summary" in page
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "search_person")) is None


def test_passport_numbers_compare_without_spaces_dashes_or_case():
    assert rules.passport_key(" n 123-456 ") == "N123456"
    assert rules.passport_key(None) == ""
    assert rules.passport_key("--") == ""


def test_the_person_keeps_its_passport_key_when_the_number_changes(app, make):
    case = make.case(persons=[_person()])
    with app.app_context():
        person = db.session.get(Person, case.persons[0].id)
        assert person.passport_key == "N123456"
        person.passport_number = "ab 9"
        assert person.passport_key == "AB9"
        db.session.rollback()
