"""Ordinary departure with an escort, and the reconnaissance trip, end to end."""

from __future__ import annotations

from datetime import date, timedelta

from portal.extensions import db
from portal.models import Relation, Request
from portal.workflow import Status
from tests.filing_helpers import location_id, pdf_text, post_step, start_request, step_url, submit


def _elderly_with_escort(make, user, departure):
    return make.case(departure=departure, destination="IQ", persons=[
        {"full_name": "Fatima Jaber", "birth_date": date(1941, 4, 3),
         "relation": Relation.APPLICANT, "cpr": "0304414321"},
        {"full_name": "Mette Ærø Holm", "birth_date": date(1979, 8, 12),
         "relation": Relation.ESCORT, "cpr": "1208794562", "nationality": "DK"}])


def _elderly_request(client, make, user):
    """A departure request of the elderly applicant and her escort, at the departure step."""
    departure = date.today() + timedelta(days=45)
    case = _elderly_with_escort(make, user, departure)
    request_id = location_id(start_request(client, case.id, "departure"),
                             r"/requests/(\d+)/steps/travellers")
    ids = [p.id for p in case.persons]
    r = post_step(client, request_id, "travellers", {"travellers": ids})
    assert r.headers["Location"].endswith("/steps/departure")
    return departure, request_id, ids


def test_ordinary_departure_with_escort_gets_supplement_and_pdfs(client, login_as, english,
                                                                  make, app):
    departure, request_id, ids = _elderly_request(client, make, login_as("caseworker"))
    r = post_step(client, request_id, "departure", {
        f"p{ids[0]}_needs": "Wheelchair", f"p{ids[0]}_address_dk": "Åbyvej 2, 8230 Åbyhøj",
        f"p{ids[0]}_address": "Basra, Al-Ashar", f"p{ids[0]}_contact": "Nevø, +964 770 0000"})
    # An escort travels: the supplement appears by itself.
    assert r.headers["Location"].endswith("/steps/supplement")
    r = post_step(client, request_id, "supplement", {
        "escort_person": str(ids[1]), "escort_organisation": "Røde Kors",
        "escort_returns_on": (departure - timedelta(days=1)).isoformat()})
    assert r.status_code == 200
    assert "return date cannot be before the departure" in r.get_data(as_text=True)
    assert "Røde Kors" in r.get_data(as_text=True)  # nothing typed is lost
    r = post_step(client, request_id, "supplement", {
        "escort_person": str(ids[1]), "escort_organisation": "Røde Kors",
        "escort_returns_on": (departure + timedelta(days=3)).isoformat()})
    assert r.headers["Location"].endswith("/steps/cash")
    r = post_step(client, request_id, "cash", {f"p{ids[0]}_amount": "", f"p{ids[1]}_amount": ""})
    assert r.headers["Location"].endswith("/steps/attachments")  # no declaration needed
    response, _token = submit(client, request_id)
    assert response.headers["Location"].endswith("/confirmation")
    with app.app_context():
        req = db.session.get(Request, request_id)
        assert req.status is Status.SUBMITTED
        reference = req.case.reference
    supplement = pdf_text(client.get(f"/documents/requests/{request_id}/supplement.pdf").data)
    assert "Mette Ærø Holm" in supplement
    assert "Røde Kors" in supplement
    form = pdf_text(client.get(f"/documents/requests/{request_id}/departure-1.pdf").data)
    assert "Fatima Jaber" in form
    assert "Wheelchair" in form
    # The escort's fields were left blank: the household's answers are printed.
    escort = pdf_text(client.get(f"/documents/requests/{request_id}/departure-2.pdf").data)
    assert "Åbyvej 2, 8230 Åbyhøj" in escort
    assert "Basra, Al-Ashar" in escort
    response = client.get(f"/documents/requests/{request_id}/departure-2.pdf")
    # A Danish file name a caseworker can keep: the reference, the form and the person.
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="{reference}-udrejseblanket-mette-aeroe-holm.pdf"'


def _recon_case(make, user):
    return make.case(persons=[
        {"full_name": "محمد العلي", "birth_date": date(1990, 1, 15),
         "relation": Relation.APPLICANT, "cpr": "1501904567"}])


def _trip(ids, first: date, days: int, **extra):
    return {"travellers": ids, "destination_country": "SY", "purpose": "See the housing",
            "first_day": first.isoformat(),
            "last_day": (first + timedelta(days=days - 1)).isoformat(),
            "benefit_kept": "Selvforsørgelses- og hjemrejseydelse", "support_requested": "y",
            **extra}


def test_recon_trip_of_56_days_has_no_notice_and_57_days_says_support_stops(
        client, login_as, english, make, app):
    user = login_as("caseworker")
    case = _recon_case(make, user)
    request_id = location_id(start_request(client, case.id, "recon_trip"),
                             r"/requests/(\d+)/steps/trip")
    ids = [case.persons[0].id]
    first = date.today() + timedelta(days=20)
    post_step(client, request_id, "trip", _trip(ids, first, 56))
    page = client.get(step_url(request_id, "trip")).get_data(as_text=True)
    assert "<dd>56</dd>" in page
    assert "The trip is 56 days long" not in page
    post_step(client, request_id, "trip", _trip(ids, first, 57))
    page = client.get(step_url(request_id, "trip")).get_data(as_text=True)
    assert "The trip is 57 days long" in page
    assert "support stops after 56 days" in page
    response, _token = submit(client, request_id)
    assert response.headers["Location"].endswith("/confirmation")
    text = pdf_text(client.get(f"/documents/requests/{request_id}/recon-trip.pdf").data)
    assert "57" in text
    assert "56" in text
    assert "See the housing" in text
    with app.app_context():
        assert db.session.get(Request, request_id).status is Status.SUBMITTED


def test_recon_trip_last_day_before_first_is_an_error_and_keeps_input(client, login_as,
                                                                        english, make):
    user = login_as("caseworker")
    case = _recon_case(make, user)
    request_id = location_id(start_request(client, case.id, "recon_trip"),
                             r"/requests/(\d+)/steps/trip")
    first = date.today() + timedelta(days=20)
    data = _trip([case.persons[0].id], first, 1)
    data["last_day"] = (first - timedelta(days=1)).isoformat()
    r = post_step(client, request_id, "trip", data)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "cannot be before the first day" in html
    assert "See the housing" in html
    data["first_day"] = "2026-02-30"
    r = post_step(client, request_id, "trip", data)
    assert r.status_code == 200
    assert "Enter a real date" in r.get_data(as_text=True)


def test_a_request_whose_departure_forms_would_print_blank_addresses_is_not_submitted(
        client, login_as, english, make, app):
    departure, request_id, ids = _elderly_request(client, make, login_as("caseworker"))
    post_step(client, request_id, "departure", {f"p{ids[0]}_address": "Basra, Al-Ashar"})
    post_step(client, request_id, "supplement", {
        "escort_person": str(ids[1]), "escort_organisation": "Røde Kors",
        "escort_returns_on": (departure + timedelta(days=3)).isoformat()})
    post_step(client, request_id, "cash", {f"p{ids[0]}_amount": "", f"p{ids[1]}_amount": ""})
    check = client.get(f"/municipality/requests/{request_id}/check").get_data(as_text=True)
    message = "Enter the address in Denmark, the address abroad and a contact person abroad"
    assert message in check
    assert 'name="token"' not in check  # no submit button while something is missing
    with app.app_context():
        req = db.session.get(Request, request_id)
        assert req.status is Status.DRAFT
        assert [rp.address_abroad for rp in req.participants] == ["Basra, Al-Ashar"] * 2
        db.session.remove()
    page = client.get(step_url(request_id, "departure")).get_data(as_text=True)
    assert "Leave it blank if it is the same as for Fatima Jaber." in page
