"""The child/escort supplement refuses contradictions at the step, next to the field: a
refused consent cannot be confirmed, and children never travel with neither a consenting
holder of custody nor an escort. A minor's form is signed by the holders of custody, and an
escort is not counted as a returnee."""

from __future__ import annotations

import re
from datetime import date, timedelta

from portal.extensions import db
from portal.models import Relation, Request
from portal.services.filing import submission
from tests.agency_helpers import request_ctx
from tests.filing_helpers import (
    departure_answers,
    location_id,
    pdf_text,
    post_step,
    start_request,
    submit,
)

TODAY = date.today().isoformat()
GUARDIANS = {"guardian1_name": "Rami Al-Hassan", "guardian1_relation": "Far",
             "guardian1_consents": "yes", "guardian1_consent_date": TODAY,
             "guardian2_name": "Lina Al-Hassan", "guardian2_relation": "Mor",
             "guardian2_consents": "no", "guardian2_consent_date": TODAY,
             "consent_confirmed": "y"}


def _to_supplement(client, make, persons=None, *, who=None):
    departure = date.today() + timedelta(days=45)
    case = make.case(departure=departure, family=persons is None, persons=persons)
    request_id = location_id(start_request(client, case.id, "departure"),
                             r"/requests/(\d+)/steps/travellers")
    ids = [p.id for p in case.persons]
    travelling = ids if who is None else [ids[i] for i in who]
    post_step(client, request_id, "travellers", {"travellers": travelling})
    response = post_step(client, request_id, "departure", departure_answers(travelling[0]))
    assert response.headers["Location"].endswith("/steps/supplement")
    return case, request_id


def _error_of(html: str, field: str) -> str:
    match = re.search(rf'id="{field}-error">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)) if match else ""


def test_a_refused_consent_cannot_be_confirmed_and_the_message_is_at_the_field(
        client, login_as, english, make):
    login_as("caseworker")
    _case, request_id = _to_supplement(client, make)
    response = post_step(client, request_id, "supplement", GUARDIANS)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    message = "Lina Al-Hassan does not consent, so the consent cannot be confirmed"
    assert message in _error_of(html, "guardian2_consents")
    assert "error-summary" in html
    assert html.count(message) == 2  # at the field and in the summary on top
    assert 'value="Lina Al-Hassan"' in html  # nothing typed is lost
    assert not _error_of(html, "guardian1_consents")
    response = post_step(client, request_id, "supplement", {**GUARDIANS,
                                                             "guardian2_consents": "yes"})
    assert response.headers["Location"].endswith("/steps/cash")


def test_children_with_neither_a_consenting_parent_nor_an_escort_cannot_be_submitted(
        client, login_as, english, make, app):
    login_as("caseworker")
    # The children travel; their parents stay, and no escort goes with them.
    _case, request_id = _to_supplement(client, make, who=[2, 3, 4])
    answers = {**GUARDIANS, "guardian2_consents": "yes"}
    response = post_step(client, request_id, "supplement", answers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "A child cannot travel without a holder of custody who consents" in _error_of(
        html, "escort_person")
    with request_ctx(app):  # the draft cannot be submitted either
        req = db.session.get(Request, request_id)
        assert any("A child cannot travel" in message
                   for _step, message in submission.problems(req))
    check = client.get(f"/municipality/requests/{request_id}/check").get_data(as_text=True)
    assert "A child cannot travel without a holder of custody" in check
    assert 'name="token"' not in check


def test_a_minors_form_names_the_guardians_and_the_escort_is_no_returnee(
        client, login_as, english, make, app):
    login_as("caseworker")
    departure = date.today() + timedelta(days=45)
    persons = [
        {"full_name": "Rania Al-Masri", "birth_date": date(1990, 2, 2),
         "relation": Relation.APPLICANT, "cpr": "0202904321"},
        {"full_name": "Adam Al-Masri", "birth_date": departure - timedelta(days=2 * 366),
         "relation": Relation.CHILD, "cpr": None},
        {"full_name": "Mette Ærø Holm", "birth_date": date(1979, 8, 12),
         "relation": Relation.ESCORT, "cpr": "1208794562", "nationality": "DK"}]
    case, request_id = _to_supplement(client, make, persons)
    start = client.get("/municipality/").get_data(as_text=True)
    assert "(2 persons)" in start  # the escort is not counted
    assert "(3 persons)" not in start
    answers = {"guardian1_name": "Rania Al-Masri", "guardian1_relation": "Mor",
               "guardian1_consents": "yes", "guardian1_consent_date": "2026-01-05",
               "consent_confirmed": "y", "escort_person": str(case.persons[2].id)}
    # An escort with children travelling is tied to the children escorted (issue 15).
    refused = post_step(client, request_id, "supplement", answers).get_data(as_text=True)
    assert "Choose the children the escort travels with." in _error_of(refused, "escorted")
    response = post_step(client, request_id, "supplement",
                         {**answers, "escorted": str(case.persons[1].id)})
    assert response.headers["Location"].endswith("/steps/cash")
    post_step(client, request_id, "cash", {})
    response, _token = submit(client, request_id)
    assert response.headers["Location"].endswith("/confirmation")
    child_form = pdf_text(client.get(f"/documents/requests/{request_id}/departure-2.pdf").data)
    assert "Adam Al-Masri" in child_form
    signature = re.sub(r"\s+", " ", child_form.split("Kommunens underskrift")[-1]
                       if "Kommunens underskrift" in child_form else child_form)
    assert "Rania Al-Masri Indehaver af forældremyndighed for Adam Al-Masri" in signature
    supplement = pdf_text(client.get(f"/documents/requests/{request_id}/supplement.pdf").data)
    assert re.search(r"Rejser med\s*☒ Ja", supplement)  # the mother travels along
    assert re.search(r"Ledsager for\s*Adam Al-Masri", supplement)  # the escort's child
    assert re.search(r"Dato for samtykke\n\s*5\. jan\. 2026", supplement)
    receipt = pdf_text(client.get(f"/documents/requests/{request_id}/receipt.pdf").data)
    assert "Personer (2)" in receipt


def test_the_departure_step_asks_the_address_in_denmark_and_the_interpreters_language(
        client, login_as, english, make):
    login_as("caseworker")
    departure = date.today() + timedelta(days=45)
    case = make.case(departure=departure)
    request_id = location_id(start_request(client, case.id, "departure"),
                             r"/requests/(\d+)/steps/travellers")
    pid = case.persons[0].id
    post_step(client, request_id, "travellers", {"travellers": [pid]})
    answers = {f"p{pid}_address_dk": "Nørrebrogade 1, 2200 København N",
               f"p{pid}_language": "xx", f"p{pid}_address": "Damascus, Mezzeh 4",
               f"p{pid}_contact": "Fætter, +963 11 000 0000"}
    response = post_step(client, request_id, "departure", answers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200  # a language not on Babel's list is refused
    assert _error_of(html, f"p{pid}_language")
    assert "Nørrebrogade 1, 2200 København N" in html  # nothing typed is lost
    response = post_step(client, request_id, "departure", {**answers, f"p{pid}_language": "ar"})
    assert response.headers["Location"].endswith("/steps/cash")
    page = client.get(f"/municipality/requests/{request_id}/steps/departure").get_data(
        as_text=True)
    assert '<option selected value="ar">Arabic</option>' in page
    post_step(client, request_id, "cash", {})
    response, _token = submit(client, request_id)
    assert response.headers["Location"].endswith("/confirmation")
    form = pdf_text(client.get(f"/documents/requests/{request_id}/departure-1.pdf").data)
    assert re.search(r"Adresse i Danmark\n\s*Nørrebrogade 1, 2200 København N", form)
    assert re.search(r"Sprog \(behov for tolk\)\n\s*arabisk", form)


def test_a_consent_needs_its_date_and_it_cannot_be_in_the_future(client, login_as, english,
                                                                 make):
    login_as("caseworker")
    _case, request_id = _to_supplement(client, make)
    form = client.get(f"/municipality/requests/{request_id}/steps/supplement").get_data(
        as_text=True)
    assert f'name="guardian1_consent_date" type="date" value="{TODAY}"' in form or \
        f'value="{TODAY}"' in form  # the day of filing is offered, and can be changed
    answers = {**GUARDIANS, "guardian2_consents": "yes", "guardian1_consent_date": "",
               "guardian2_consent_date": (date.today() + timedelta(days=3)).isoformat()}
    html = post_step(client, request_id, "supplement", answers).get_data(as_text=True)
    assert "Enter the date the consent was given." in _error_of(html, "guardian1_consent_date")
    assert "cannot be in the future" in _error_of(html, "guardian2_consent_date")
    response = post_step(client, request_id, "supplement", {
        **answers, "guardian1_consent_date": TODAY, "guardian2_consent_date": TODAY})
    assert response.headers["Location"].endswith("/steps/cash")


def test_an_escort_without_a_passport_is_refused_at_the_field(client, login_as, english, make):
    login_as("caseworker")
    persons = [
        {"full_name": "Fatima Jaber", "birth_date": date(1941, 4, 3),
         "relation": Relation.APPLICANT, "cpr": "0304414321"},
        {"full_name": "Mette Ærø Holm", "birth_date": date(1979, 8, 12),
         "relation": Relation.ESCORT, "cpr": "1208794562", "nationality": "DK",
         "passport_number": ""}]
    case, request_id = _to_supplement(client, make, persons)
    html = post_step(client, request_id, "supplement", {
        "escort_person": str(case.persons[1].id)}).get_data(as_text=True)
    assert "Enter Mette Ærø Holm&#39;s passport" in _error_of(html, "escort_person")
