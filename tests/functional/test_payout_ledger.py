"""Issue 16, point 5: every payout is an entry of the payout ledger (amount, date paid,
reference, who, the entry it corrects), shown with amounts to the agency only."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, CaseKind, PayoutEntry, PendingPayout, RequestKind
from portal.workflow import Status
from tests.agency_helpers import load, make_request
from tests.conftest import login
from tests.functional.test_amounts import _payout_page, _post_payout


def _entries(app, request_id):
    with app.app_context():
        rows = [(e.id, e.amount, e.reference, e.paid_on, e.corrects_id, e.follow_up,
                 e.recorded_by_id) for e in db.session.scalars(
            select(PayoutEntry).where(PayoutEntry.request_id == request_id)
            .order_by(PayoutEntry.id))]
        db.session.remove()
    return rows


def _action(app, client, made, name, data):
    url = f"/agency/requests/{made.request_id}"
    return client.form_post(f"{url}/actions/{name}", {
        f"{name}-version": load(app, made.request_id)["version"],
        **{f"{name}-{key}": value for key, value in data.items()}}, page=url)


def test_a_payout_and_its_correction_are_two_entries_shown_with_amounts_to_the_agency(
        app, make, login_as, client):
    me = login_as("agency")
    made, participant = _payout_page(app, make)
    assert _post_payout(app, client, made, participant, amount="117.984,06",
                        paid_on="2026-12-01", reference="KASSE-17").status_code == 302
    assert _post_payout(app, client, made, participant, amount="116.000",
                        reason="Rettet efter kvittering").status_code == 302
    (first, second) = _entries(app, made.request_id)
    assert first[1:5] == (Decimal("117984.06"), "KASSE-17", date(2026, 12, 1), None)
    assert second[1] == Decimal("116000.00")
    assert second[4] == first[0]
    assert first[6] == second[6] == me.id
    page = client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    assert "Udbetalingsregnskab" in page
    assert "117.984,06\xa0kr." in page
    assert "116.000,00\xa0kr." in page
    assert f"retter #{first[0]}" in page
    # the timeline of the case carries the payouts with their amounts
    timeline = page[page.index('id="timeline-title"'):]
    assert "Udbetaling registreret" in timeline
    assert "116.000,00\xa0kr." in timeline


def test_the_ledger_explains_the_difference_from_the_suggested_amount(app, make, login_as,
                                                                      client):
    login_as("agency")
    made, participant = _payout_page(app, make)
    _post_payout(app, client, made, participant, amount="112.000",
                 reason="Familien fik et forskud")
    page = client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    assert ("5.984,06\xa0kr. mindre end de foreslåede 117.984,06\xa0kr.; "
            "begrundelse: Familien fik et forskud" in page)


def test_the_audit_log_keeps_each_entry_with_its_amounts(app, make, login_as, client):
    login_as("agency")
    made, participant = _payout_page(app, make)
    _post_payout(app, client, made, participant, amount="117.984,06", reference="KASSE-1")
    _post_payout(app, client, made, participant, amount="117.000")
    with app.app_context():
        details = list(db.session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "record_payout").order_by(AuditEvent.id)))
        db.session.remove()
    assert "amount=117984.06 DKK" in details[0]
    assert "reference=KASSE-1" in details[0]
    assert "amount=117000.00 DKK" in details[1] or "amount=117000 DKK" in details[1]
    assert "previous=117984.06" in details[1]


def test_the_municipality_sees_that_a_payout_was_made_but_never_the_amount(
        app, make, login_as, client):
    login_as("agency")
    made, participant = _payout_page(app, make)
    _post_payout(app, client, made, participant, amount="117.984,06", reference="KASSE-9")
    client.form_post("/logout", page="/agency/")
    login(client, made.caseworker.email)
    page = client.get(f"/municipality/cases/{made.case_id}").get_data(as_text=True)
    assert "Der er foretaget en udbetaling" in page
    assert "117.984" not in page
    assert "117984" not in page
    assert "KASSE-9" not in page


def _pending(app, make, client):
    made = make_request(app, make, status=Status.TRAVEL_BOOKED, kind=RequestKind.DEPARTURE,
                        case_kind=CaseKind.ORDINARY)
    url = f"/agency/requests/{made.request_id}"
    client.form_post(f"{url}/actions/depart",
                     {"depart-version": load(app, made.request_id)["version"]}, page=url)
    with app.app_context():
        payout_id = db.session.scalars(select(PendingPayout.id).where(
            PendingPayout.request_id == made.request_id)).first()
        db.session.remove()
    return made, payout_id


def test_marking_a_waiting_payment_paid_asks_for_the_date_reference_and_a_confirmation(
        app, make, login_as, client):
    login_as("agency")
    made, payout_id = _pending(app, make, client)
    prefix = f"paid-{payout_id}"
    response = client.form_post(f"/agency/payouts/{payout_id}/paid", {
        f"{prefix}-paid_on": "2026-12-02", f"{prefix}-reference": "BANK-77"},
        page="/agency/payouts")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Sæt flueben for at bekræfte udbetalingen." in html
    assert 'value="BANK-77"' in html
    assert _entries(app, made.request_id) == []
    response = client.form_post(f"/agency/payouts/{payout_id}/paid", {
        f"{prefix}-paid_on": "2026-12-02", f"{prefix}-reference": "BANK-77",
        f"{prefix}-confirm": "y"}, page="/agency/payouts")
    assert response.status_code == 302
    [entry] = _entries(app, made.request_id)
    assert entry[2:4] == ("BANK-77", date(2026, 12, 2))
    with app.app_context():
        assert db.session.get(PendingPayout, payout_id).paid_at is not None
        detail = db.session.scalar(select(AuditEvent.detail).where(
            AuditEvent.action == "payout_paid"))
        db.session.remove()
    assert "amount=" in detail
    assert "reference=BANK-77" in detail


def test_cancelling_flags_a_recorded_payout_for_follow_up_until_it_is_settled(
        app, make, login_as, client):
    login_as("agency")
    made, participant = _payout_page(app, make)
    _post_payout(app, client, made, participant, amount="117.984,06")
    assert _entries(app, made.request_id)[0][5] is False
    assert _action(app, client, made, "cancel",
                   {"note": "Luftrummet er lukket."}).status_code == 302
    assert _entries(app, made.request_id)[0][5] is True
    page = client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    assert "Udbetaling skal følges op" in page
    listing = client.get("/agency/payouts").get_data(as_text=True)
    follow_up = listing[listing.index("Udbetalinger, der skal følges op"):]
    assert made.reference in follow_up
    assert "117.984,06\xa0kr." in follow_up
    assert _action(app, client, made, "settle_follow_up",
                   {"note": "Betalt tilbage 3.12."}).status_code == 302
    assert _entries(app, made.request_id)[0][5] is False
    assert made.reference not in client.get("/agency/payouts").get_data(as_text=True)
