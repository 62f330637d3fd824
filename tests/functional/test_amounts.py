"""Amounts typed on Danish pages are read the Danish way and checked for plausibility:
an exchange rate near the previous one, a payout above 0 and near the suggested amount."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, ExchangeRate, Request
from portal.workflow import Status
from tests.agency_helpers import load, make_request

RATES = "/agency/reference/rates"


def _usd_today(app):
    with app.app_context():
        rate = db.session.scalar(select(ExchangeRate.units_per_eur).where(
            ExchangeRate.currency == "USD", ExchangeRate.rate_date == date.today()))
        db.session.remove()
        return rate


def _previous_usd(app, value: str):
    with app.app_context():
        db.session.add(ExchangeRate(currency="USD", units_per_eur=Decimal(value),
                                    rate_date=date.today() - timedelta(days=3)))
        db.session.commit()
        db.session.remove()


def test_a_danish_exchange_rate_is_saved_as_typed_and_shown_back_the_danish_way(
        app, login_as, client):
    login_as("agency")
    _previous_usd(app, "1.1500")
    response = client.form_post(RATES, {"currency": "USD", "units_per_eur": "1,1581"},
                                follow_redirects=True)
    assert _usd_today(app) == Decimal("1.1581")
    assert "<td>1,1581</td>" in response.get_data(as_text=True)


def test_an_english_rate_on_a_danish_page_is_refused_with_the_danish_way_shown(
        app, login_as, client):
    login_as("agency")
    response = client.form_post(RATES, {"currency": "USD", "units_per_eur": "1.1581"})
    html = response.get_data(as_text=True)
    assert "Skriv et tal som 1.234,56." in html
    assert 'value="1.1581"' in html
    assert _usd_today(app) is None


def test_a_rate_far_from_the_previous_one_is_refused_unless_confirmed(app, login_as, client):
    login_as("agency")
    _previous_usd(app, "1.1581")
    response = client.form_post(RATES, {"currency": "USD", "units_per_eur": "11581"})
    html = response.get_data(as_text=True)
    assert "mere end 50 % fra den forrige (1,1581" in html
    assert 'value="11581"' in html
    assert _usd_today(app) is None
    client.form_post(RATES, {"currency": "USD", "units_per_eur": "1,7"})
    assert _usd_today(app) == Decimal("1.7")  # +47 % is allowed; a same-day correction is
    client.form_post(RATES, {"currency": "USD", "units_per_eur": "1,85"})  # still compared
    assert _usd_today(app) == Decimal("1.7")  # with the day before: +60 % is not
    client.form_post(RATES, {"currency": "USD", "units_per_eur": "1,85", "confirm_change": "y"})
    assert _usd_today(app) == Decimal("1.85")


def _payout_page(app, make, *, status=Status.TRAVEL_BOOKED):
    made = make_request(app, make, status=status)
    with app.app_context():
        participant = db.session.get(Request, made.request_id).participants[0].id
        db.session.remove()
    return made, participant


def _post_payout(app, client, made, participant, **fields):
    prefix = f"payout-{participant}"
    data = {f"{prefix}-version": load(app, made.request_id)["version"],
            f"{prefix}-participant": participant,
            **{f"{prefix}-{name}": value for name, value in fields.items()}}
    return client.form_post(f"/agency/requests/{made.request_id}/payout/{participant}", data,
                            page=f"/agency/requests/{made.request_id}")


def _paid(app, made):
    return [amount for _p, amount in load(app, made.request_id)["payouts"]]


def test_a_danish_payout_is_saved_to_the_oere_and_shown_back(app, make, login_as, client):
    login_as("agency")
    made, participant = _payout_page(app, make)
    response = _post_payout(app, client, made, participant, amount="117.984,06")
    assert response.status_code == 302
    assert Decimal("117984.06") in _paid(app, made)
    page = client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    assert "117.984,06\xa0kr." in page
    assert 'value="117.984,06"' in page


def test_a_zero_or_negative_payout_is_refused_at_the_field(app, make, login_as, client):
    login_as("agency")
    made, participant = _payout_page(app, make)
    for typed in ("0", "-117.984,06", "0,00"):
        response = _post_payout(app, client, made, participant, amount=typed)
        html = response.get_data(as_text=True)
        assert "mere end 0 kroner" in html
        assert f'value="{typed}"' in html
        assert 'class="error-summary"' in html
    assert _paid(app, made) == [None]


def test_a_payout_far_from_the_suggested_amount_needs_a_reason(app, make, login_as, client):
    """117,98 (the old misreading of 117.984,06) is refused; with a reason it is kept, and the
    reason and amounts are in the audit log."""
    login_as("agency")
    made, participant = _payout_page(app, make)
    response = _post_payout(app, client, made, participant, amount="117,98")
    html = response.get_data(as_text=True)
    assert "mere end 5 % fra det foreslåede 117.984,06\xa0kr." in html
    assert 'value="117,98"' in html
    assert _paid(app, made) == [None]
    response = _post_payout(app, client, made, participant, amount="112.000",
                            reason="Familien fik et forskud")
    assert response.status_code == 302
    assert _paid(app, made) == [Decimal("112000.00")]
    with app.app_context():
        detail = db.session.scalar(select(AuditEvent.detail).where(
            AuditEvent.action == "record_payout"))
        db.session.remove()
    assert "amount=112000" in detail
    assert "reason=Familien fik et forskud" in detail


def test_a_payout_within_five_percent_of_the_suggestion_needs_no_reason(
        app, make, login_as, client):
    login_as("agency")
    made, participant = _payout_page(app, make)
    response = _post_payout(app, client, made, participant, amount="112.100")
    assert response.status_code == 302
    assert _paid(app, made) == [Decimal("112100.00")]
