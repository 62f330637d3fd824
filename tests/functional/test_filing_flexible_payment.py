"""The flexible-payment request end to end through the HTTP client."""

from __future__ import annotations

from datetime import date, timedelta

from babel.numbers import format_decimal
from sqlalchemy import func, select

from portal import rules
from portal.extensions import db
from portal.models import Case, Request, StatusEvent
from portal.workflow import Status
from tests.filing_helpers import (
    PNG_BYTES,
    location_id,
    pdf_text,
    post_step,
    small_pdf,
    start_request,
    step_url,
    submit,
    upload,
)

HOME = "Åbyvej 2, 8230 Åbyhøj"


def danish_amount(value) -> str:
    """An amount as the forms print it: in Danish, whatever the interface language."""
    return format_decimal(value, format="#,##0.00", locale="da")


def _person(name, birth, relation, cpr=""):
    return {"full_name": name, "cpr": cpr, "birth_date": birth, "nationality": "SY",
            "passport_number": "P1", "passport_country": "SY", "passport_expiry": "",
            "relation": relation, "phone": ""}


def test_family_flexible_payment_from_empty_case_to_pdfs(client, login_as, english, app):
    login_as("caseworker")
    departure = date.today() + timedelta(days=60)
    baby = departure - timedelta(days=400)
    response = client.form_post("/municipality/cases/new", {
        "destination_country": "SY", "kind": "flexible_payment",
        "planned_departure": departure.isoformat(),
        **_person("Rami Al-Hassan", "", "applicant", "020384-1235")})
    case_id = location_id(response, r"/cases/(\d+)")
    for person in (_person("Lina Al-Hassan", "1987-11-20", "spouse", "2011874562"),
                   _person("Sami Al-Hassan", "2014-06-01", "child"),
                   _person("Nour Al-Hassan", "2018-09-09", "child"),
                   _person("Yara Al-Hassan", baby.isoformat(), "child")):
        r = client.form_post(f"/municipality/cases/{case_id}/persons/new", person)
        assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    page = client.get(f"/municipality/cases/{case_id}").get_data(as_text=True)
    assert "Minor on the departure date" in page
    assert "1984" in page  # birth date filled in from the CPR

    response = start_request(client, case_id, "flexible_payment")
    request_id = location_id(response, r"/requests/(\d+)/steps/travellers")
    with app.app_context():
        persons = db.session.get(Case, case_id).persons
        ids = [p.id for p in persons]
    r = post_step(client, request_id, "travellers", {"travellers": ids})
    assert r.headers["Location"].endswith("/steps/waivers")
    page = client.get(step_url(request_id, "waivers")).get_data(as_text=True)
    assert "rates of 2024" in page
    assert "has not entered the rates for" in page  # the fallback year is said
    # A missing waiver is an error next to the field; nothing is saved as done.
    r = post_step(client, request_id, "waivers", {f"p{ids[0]}_regret": "y"})
    assert r.status_code == 200
    assert "must waive the right to regret" in r.get_data(as_text=True)
    r = post_step(client, request_id, "waivers",
                  {f"p{ids[0]}_regret": "y", f"p{ids[1]}_regret": "y"})
    assert r.headers["Location"].endswith("/steps/departure")
    page = client.get(step_url(request_id, "departure")).get_data(as_text=True)
    assert "23 kg" in page
    assert "no own allowance" in page
    r = post_step(client, request_id, "departure", {f"p{ids[0]}_address": "Damascus, Mezzeh 4",
                                                    f"p{ids[0]}_address_dk": HOME,
                                                    f"p{ids[0]}_contact": "Fætter, +963 11"})
    # Minors travel, so the supplement appears by itself.
    assert r.headers["Location"].endswith("/steps/supplement")
    r = post_step(client, request_id, "supplement", {
        "guardian1_name": "Rami Al-Hassan", "guardian1_relation": "Father",
        "guardian1_consents": "yes", "guardian2_name": "Lina Al-Hassan",
        "guardian2_relation": "Mother", "guardian2_consents": "yes",
        "guardian1_consent_date": date.today().isoformat(),
        "guardian2_consent_date": date.today().isoformat(),
        "consent_confirmed": "y", "escort_person": ""})
    assert r.headers["Location"].endswith("/steps/cash")
    page = client.get(step_url(request_id, "cash")).get_data(as_text=True)
    # The children's money is carried by the applicant: both adults carry >= 10,000 EUR.
    assert "A cash declaration is required for: Rami Al-Hassan, Lina Al-Hassan." in page
    r = post_step(client, request_id, "cash", {
        f"p{ids[2]}_carrier": str(ids[0]), f"p{ids[3]}_carrier": str(ids[1]),
        f"p{ids[4]}_carrier": str(ids[0]), f"p{ids[0]}_amount": "500",
        f"p{ids[0]}_currency": "USD"})
    assert r.headers["Location"].endswith("/steps/declarations")
    page = client.get(step_url(request_id, "declarations")).get_data(as_text=True)
    assert page.count(f'value="{HOME}"') == 6  # the household's address, offered 3 times each
    decl = {f"p{pid}_{name}": HOME for pid in ids[:2]
            for name in ("carrier_address", "owner_address", "recipient_address")}
    for pid in ids[:2]:
        decl.update({f"p{pid}_owner": "Owner", f"p{pid}_intended_recipient": "Recipient",
                     f"p{pid}_cash_type": "currency", f"p{pid}_origin": "Assistance",
                     f"p{pid}_intended_use": "Housing", f"p{pid}_route": "CPH-IST-DAM",
                     f"p{pid}_means_of_transport": "Air"})
    r = post_step(client, request_id, "declarations", {**decl, "customs_assist": "y"})
    assert r.headers["Location"].endswith("/steps/attachments")
    check = client.get(f"/municipality/requests/{request_id}/check").get_data(as_text=True)
    assert "Upload the signed waiver declaration." in check
    upload(client, request_id, "waiver", "waiver.pdf", small_pdf("waiver"))
    upload(client, request_id, "in325", "in325.png", PNG_BYTES)
    response, token = submit(client, request_id)
    assert response.headers["Location"].endswith(f"/requests/{request_id}/confirmation")
    page = client.get(f"/municipality/requests/{request_id}/confirmation").get_data(
        as_text=True)
    with app.app_context():
        req = db.session.get(Request, request_id)
        reference = req.case.reference
        assert req.status is Status.SUBMITTED
        assert len(req.cash_declarations) == 2
        assert all(d.rate and d.rate_date for d in req.cash_declarations)
        rates = rules.RATES_2024
        adult = rules.flexible_payment_amount(rates, date(1984, 3, 2), departure)
        child = rates.child_departure + rates.child_after_arrival
    assert reference in page
    assert "3–4 weeks" in page
    # A second POST with the same token (double click) creates no second submission.
    again = client.form_post(f"/municipality/requests/{request_id}/submit", {"token": token},
                             page=f"/municipality/cases/{case_id}")
    assert again.headers["Location"].endswith("/confirmation")
    with app.app_context():
        events = db.session.scalar(select(func.count(StatusEvent.id)).where(
            StatusEvent.request_id == request_id, StatusEvent.to_status == Status.SUBMITTED))
    assert events == 1

    listing = client.get(f"/documents/requests/{request_id}/").get_data(as_text=True)
    for name in ("anmodning-om-fleksibel-udbetaling", "udrejseblanket-rami-al-hassan",
                 "udrejseblanket-yara-al-hassan", "tillaegsark-boern-og-eskorte",
                 "toddokument-rami-al-hassan", "toddokument-lina-al-hassan", "kvittering"):
        assert f"{reference}-{name}.pdf" in listing
    assert "Departure form, Yara Al-Hassan" in listing  # the person's name, not a number
    flex = client.get(f"/documents/requests/{request_id}/flexible-payment.pdf")
    assert flex.headers["Content-Disposition"] == \
        f'attachment; filename="{reference}-anmodning-om-fleksibel-udbetaling.pdf"'
    text = pdf_text(flex.data)
    assert "Rami Al-Hassan" in text
    assert "Yara Al-Hassan" in text
    assert danish_amount(adult) in text
    assert danish_amount(child) in text
    total = 2 * adult + 3 * child
    assert danish_amount(total) in text
    departure_pdf = pdf_text(client.get(
        f"/documents/requests/{request_id}/departure-1.pdf").data)
    assert "Rami Al-Hassan" in departure_pdf
    assert "Damascus, Mezzeh 4" in departure_pdf
    assert "2 Mar 1984" in departure_pdf or "2. mar. 1984" in departure_pdf
    cash_pdf = pdf_text(client.get(f"/documents/requests/{request_id}/cash-1.pdf").data)
    assert "Rami Al-Hassan" in cash_pdf
    assert cash_pdf.count(HOME) == 3  # bearer, owner and recipient
    with app.app_context():
        declaration = db.session.get(Request, request_id).cash_declarations[0]
        declared_eur, currency = declaration.amount_eur, declaration.currency
    assert currency == "EUR"  # kroner and dollars together are declared in euro
    with app.app_context():
        lina = db.session.get(Request, request_id).cash_declarations[1]
        # Nour's money was moved to Lina: her own amount plus one child's, in kroner.
        assert lina.currency == "DKK"
        assert lina.amount == adult + child
    assert danish_amount(declared_eur) in cash_pdf
    receipt = pdf_text(client.get(f"/documents/requests/{request_id}/receipt.pdf").data)
    assert "Nour Al-Hassan" in receipt
    assert "waiver.pdf" in receipt
    supplement = pdf_text(client.get(f"/documents/requests/{request_id}/supplement.pdf").data)
    assert "Sami Al-Hassan" in supplement
    assert "Lina Al-Hassan" in supplement
