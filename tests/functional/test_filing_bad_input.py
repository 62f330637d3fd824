"""Malformed input to every form: never a 500, an error next to the field, nothing lost."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.models import Relation
from tests.filing_helpers import location_id, post_step, start_request

LONG = "Ø" * 10_000


def _assert_kept(response, *values):
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html
    for value in values:
        assert value in html


@pytest.mark.parametrize(("field", "value"), [
    ("planned_departure", "2026-02-30"), ("planned_departure", "tomorrow"),
    ("planned_departure", "2001-01-01"),
    ("birth_date", "2026-13-01"), ("cpr", "310299-1234"), ("full_name", LONG),
    ("passport_expiry", "31/12/2030"), ("destination_country", "XX"), ("relation", "uncle"),
])
def test_new_case_bad_input_is_re_rendered(client, login_as, english, field, value):
    login_as("caseworker")
    data = {"destination_country": "SY", "kind": "ordinary", "planned_departure": "2027-01-05",
            "full_name": "محمد Søren Ærø", "cpr": "", "birth_date": "1980-05-17",
            "nationality": "SY", "passport_number": "", "passport_country": "",
            "passport_expiry": "", "relation": "applicant", "phone": ""}
    data[field] = value
    response = client.form_post("/municipality/cases/new", data)
    kept = [] if field in ("destination_country", "relation") else [value[:50]]
    if field != "full_name":
        kept.append("محمد Søren Ærø")
    _assert_kept(response, *kept)


@pytest.fixture
def draft(client, login_as, make):
    login_as("caseworker")
    departure = date.today() + timedelta(days=50)
    case = make.case(departure=departure, persons=[
        {"full_name": "Samir Darwish", "birth_date": date(1980, 1, 1),
         "relation": Relation.APPLICANT},
        {"full_name": "Dana Darwish", "birth_date": date(2015, 1, 1),
         "relation": Relation.CHILD}])
    request_id = location_id(start_request(client, case.id, "departure"), r"/requests/(\d+)/")
    post_step(client, request_id, "travellers", {"travellers": [p.id for p in case.persons]})
    return request_id, [p.id for p in case.persons]


@pytest.mark.parametrize("amount", ["abc", "12,5,0", "1e999999", "-5", "١٢٣"])
def test_cash_letters_and_odd_amounts_are_errors_not_500(client, english, draft, amount):
    request_id, ids = draft
    response = post_step(client, request_id, "cash", {
        f"p{ids[0]}_amount": amount, f"p{ids[0]}_currency": "USD",
        f"p{ids[1]}_carrier": str(ids[0])})
    if response.status_code == 302:  # a number WTForms could read must still be sensible
        assert amount == "١٢٣"
        return
    _assert_kept(response, amount)


def test_unknown_currency_and_huge_text_in_departure_step(client, english, draft):
    request_id, ids = draft
    response = post_step(client, request_id, "cash", {f"p{ids[0]}_amount": "10",
                                                      f"p{ids[0]}_currency": "XYZ"})
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)
    response = post_step(client, request_id, "departure", {f"p{ids[0]}_address": LONG})
    _assert_kept(response, LONG[:100])


def test_supplement_impossible_date_and_foreign_escort_id(client, english, draft):
    request_id, _ids = draft
    post_step(client, request_id, "departure", {})
    response = post_step(client, request_id, "supplement", {
        "guardian1_name": "Samir Darwish", "guardian1_consents": "maybe",
        "escort_person": "999999", "escort_returns_on": "2026-02-30"})
    _assert_kept(response, "Samir Darwish")


def test_unknown_step_and_odd_page_numbers_are_not_500(client, english, draft):
    request_id, _ids = draft
    assert client.get(f"/municipality/requests/{request_id}/steps/nope").status_code == 404
    client.form_post("/municipality/", {"q": "x" * 500})
    page = client.get("/municipality/?page=99999999999999")
    assert page.status_code == 200
    assert "My cases" in page.get_data(as_text=True)
