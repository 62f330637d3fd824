"""Every rule at its edges, through the forms."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal import rules
from portal.extensions import db
from portal.models import Case, Relation, Request
from portal.services.filing import submission
from portal.workflow import Status
from tests.filing_helpers import (
    departure_answers,
    location_id,
    post_step,
    start_request,
    step_url,
    submit,
)


def _person(**overrides):
    data = {"full_name": "Omar Haddad", "cpr": "", "birth_date": "1980-05-17",
            "nationality": "SY", "passport_number": "", "passport_country": "",
            "passport_expiry": "", "relation": "child", "phone": ""}
    data.update(overrides)
    return data


@pytest.fixture
def case(make, login_as):
    login_as("caseworker")
    return make.case(departure=date.today() + timedelta(days=60))


def test_cpr_and_birth_date_must_agree_error_next_to_cpr_and_input_kept(client, english, case):
    r = client.form_post(f"/municipality/cases/{case.id}/persons/new",
                         _person(full_name="Søren Ærø", cpr="170580-1234",
                                 birth_date="1980-05-18"))
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'id="cpr-error"' in html
    assert "The CPR number says the person was born" in html
    assert 'value="Søren Ærø"' in html
    assert 'value="170580-1234"' in html


@pytest.mark.parametrize("cpr", ["310299-1234", "3002901234", "12345", "abcdef-ghij"])
def test_cpr_for_a_non_existent_date_or_malformed_is_refused(client, english, case, cpr):
    r = client.form_post(f"/municipality/cases/{case.id}/persons/new",
                         _person(cpr=cpr, birth_date=""))
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'id="cpr-error"' in html
    assert f'value="{cpr}"' in html


def test_cpr_fills_in_the_birth_date(client, english, case, app):
    r = client.form_post(f"/municipality/cases/{case.id}/persons/new",
                         _person(cpr="0106144013", birth_date=""))
    assert r.status_code == 302
    with app.app_context():
        person = db.session.get(Case, case.id).persons[-1]
        assert person.birth_date == date(2014, 6, 1)
        assert person.cpr == "0106144013"


def _single_traveller_case(make, birth: date, departure: date, relation=Relation.APPLICANT):
    return make.case(departure=departure, persons=[
        {"full_name": "Ali Nasser", "birth_date": birth, "relation": relation}])


@pytest.mark.parametrize(("birth", "supplement"), [(date(2009, 3, 10), False),
                                                   (date(2009, 3, 11), True)])
def test_minor_on_departure_day_brings_the_supplement(client, english, make, login_as,
                                                       birth, supplement):
    """18 on the departure day is an adult; one day younger is a minor."""
    login_as("caseworker")
    departure = date(2027, 3, 10)
    case = _single_traveller_case(make, birth, departure)
    request_id = location_id(start_request(client, case.id, "departure"),
                             r"/requests/(\d+)/steps/travellers")
    post_step(client, request_id, "travellers", {"travellers": [case.persons[0].id]})
    r = post_step(client, request_id, "departure", {})
    assert r.headers["Location"].endswith("/steps/supplement" if supplement else "/steps/cash")


@pytest.mark.parametrize(("birth", "text"), [(date(2025, 3, 10), "23 kg"),
                                             (date(2025, 3, 11), "no own allowance")])
def test_baggage_allowance_starts_on_the_second_birthday(client, english, make, login_as,
                                                         birth, text):
    login_as("caseworker")
    departure = date(2027, 3, 10)
    case = make.case(departure=departure, persons=[
        {"full_name": "Adult Parent", "birth_date": date(1990, 1, 1),
         "relation": Relation.APPLICANT},
        {"full_name": "Little One", "birth_date": birth, "relation": Relation.CHILD}])
    request_id = location_id(start_request(client, case.id, "departure"),
                             r"/requests/(\d+)/steps/travellers")
    post_step(client, request_id, "travellers", {"travellers": [p.id for p in case.persons]})
    page = client.get(step_url(request_id, "departure")).get_data(as_text=True)
    start = page.find("<legend>Little One")
    assert text in page[start:start + 600]


def _cash_request(client, make, departure):
    case = _single_traveller_case(make, date(1980, 1, 1), departure)
    request_id = location_id(start_request(client, case.id, "departure"),
                             r"/requests/(\d+)/steps/travellers")
    pid = case.persons[0].id
    post_step(client, request_id, "travellers", {"travellers": [pid]})
    post_step(client, request_id, "departure", departure_answers(pid))
    return request_id, pid


@pytest.mark.parametrize(("amount", "required"), [("9999.99", False), ("10000.00", True)])
def test_cash_declaration_from_10000_eur(client, english, make, login_as, amount, required):
    login_as("caseworker")
    request_id, pid = _cash_request(client, make, date.today() + timedelta(days=30))
    r = post_step(client, request_id, "cash", {f"p{pid}_amount": amount,
                                               f"p{pid}_currency": "EUR"})
    assert r.headers["Location"].endswith(
        "/steps/declarations" if required else "/steps/attachments")
    check = client.get(f"/municipality/requests/{request_id}/check").get_data(as_text=True)
    assert ("A cash declaration is required for: Ali Nasser." in check) is required


def _declaration(pid):
    return {f"p{pid}_owner": "Ali Nasser", f"p{pid}_intended_recipient": "Ali Nasser",
            f"p{pid}_cash_type": "currency", f"p{pid}_origin": "Savings",
            f"p{pid}_intended_use": "Housing", f"p{pid}_route": "CPH-IST-DAM",
            f"p{pid}_means_of_transport": "Air", "customs_assist": "y"}


@pytest.mark.parametrize("late", [False, True])
def test_customs_deadline_day_accepted_and_day_after_refused(client, english, make, login_as,
                                                              monkeypatch, app, late):
    login_as("caseworker")
    departure = date.today() + timedelta(days=30)
    deadline = rules.customs_deadline(departure)
    monkeypatch.setattr(submission, "today", lambda: deadline)
    request_id, pid = _cash_request(client, make, departure)
    post_step(client, request_id, "cash", {f"p{pid}_amount": "15000", f"p{pid}_currency": "EUR"})
    r = post_step(client, request_id, "declarations", _declaration(pid))
    assert r.status_code == 302
    if late:
        monkeypatch.setattr(submission, "today", lambda: deadline + timedelta(days=1))
    response, _token = submit(client, request_id, follow_redirects=True)
    html = response.get_data(as_text=True)
    with app.app_context():
        status = db.session.get(Request, request_id).status
    if late:
        assert status is Status.DRAFT
        long_date = f"{deadline.day} {deadline:%B} {deadline.year}"  # en_GB
        assert f"The declaration had to reach the agency by {long_date}" in html
    else:
        assert status is Status.SUBMITTED
    page = client.get(step_url(request_id, "declarations")) if late else None
    if page is not None:
        assert "2 working days before departure" in page.get_data(as_text=True)


def test_flexible_payment_to_a_country_not_allowed_is_refused(client, english, make,
                                                               login_as, app):
    login_as("caseworker")
    case = make.case(destination="IQ")
    r = start_request(client, case.id, "flexible_payment")
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Flexible payment is only possible to Iran, Syria" in html
    with app.app_context():
        assert db.session.scalars(select(Request)).first() is None


def test_zero_persons_and_31_persons_are_refused(client, english, make, login_as, app):
    login_as("caseworker")
    case = make.case(persons=[{"full_name": f"Person {n}", "birth_date": date(1980, 1, 1),
                               "relation": Relation.CHILD} for n in range(30)])
    r = client.form_post(f"/municipality/cases/{case.id}/persons/new", _person())
    assert r.status_code == 200
    assert "at most 30 persons" in r.get_data(as_text=True)
    single = make.case()
    r = client.form_post(
        f"/municipality/cases/{single.id}/persons/{single.persons[0].id}/remove", {},
        page=f"/municipality/cases/{single.id}", follow_redirects=True)
    assert "at least one person" in r.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.get(Case, single.id).persons) == 1
        assert len(db.session.get(Case, case.id).persons) == 30


def test_new_flexible_payment_case_to_a_country_not_allowed_is_refused(client, login_as,
                                                                       english, app):
    login_as("caseworker")
    response = client.form_post("/municipality/cases/new", {
        "destination_country": "IQ", "kind": "flexible_payment",
        "planned_departure": (date.today() + timedelta(days=30)).isoformat(),
        "full_name": "Ahmad Karimi", "cpr": "", "birth_date": "1980-01-01",
        "nationality": "IQ", "passport_number": "", "passport_country": "",
        "passport_expiry": "", "relation": "applicant", "phone": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="destination_country-error"' in html
    assert "Flexible payment is only possible to Iran, Syria" in html
    assert 'value="Ahmad Karimi"' in html
    with app.app_context():
        assert db.session.scalars(select(Case)).first() is None
