"""Amounts that rest on out-of-date reference data say so: a departure year without rates
and an exchange rate more than 7 days old at filing are flagged for the agency, on the
caseworker's check page and on the PDF; the PDF prints the rate with the decimals used."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import delete, select

from portal.extensions import db
from portal.models import Case, CashDeclaration, ExchangeRate, RateYear, Request
from portal.workflow import Status
from tests.agency_helpers import make_request
from tests.filing_helpers import pdf_text

NEXT_YEAR = date.today().year + 1


def _depart_next_year(app, request_id) -> None:
    with app.app_context():
        req = db.session.get(Request, request_id)
        db.session.get(Case, req.case_id).planned_departure = date(NEXT_YEAR, 3, 2)
        # only the 2024 rates exist (LOV 414/2024), as in the reference data
        db.session.execute(delete(RateYear).where(RateYear.year > 2024))
        db.session.commit()
        db.session.remove()


def _fresh_rates(app, *currencies) -> None:
    with app.app_context():
        for currency in currencies:
            db.session.add(ExchangeRate(currency=currency, units_per_eur=Decimal("7.4604"),
                                        rate_date=date.today()))
        db.session.commit()
        db.session.remove()


def test_the_agency_sees_that_a_departure_year_has_no_rates(app, make, login_as, client):
    made = make_request(app, make, status=Status.IN_REVIEW)
    _depart_next_year(app, made.request_id)
    _fresh_rates(app, "DKK")
    login_as("agency")
    page = client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    assert f"beregnet på 2024-satser; satser for {NEXT_YEAR} mangler" in page
    with app.app_context():
        db.session.add(RateYear(year=NEXT_YEAR, adult_departure=Decimal("27000"),
                                child_departure=Decimal("16200"),
                                adult_after_arrival=Decimal("91800"),
                                adult_after_arrival_with_reintegration=Decimal("75600"),
                                child_after_arrival=Decimal("43200"), source="test"))
        db.session.commit()
        db.session.remove()
    page = client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    assert "satser for" not in page


def test_an_exchange_rate_older_than_seven_days_at_filing_is_flagged(app, make, login_as,
                                                                    client):
    made = make_request(app, make, status=Status.IN_REVIEW)
    with app.app_context():
        submitted = db.session.get(Request, made.request_id).submitted_at.date()
        db.session.execute(delete(ExchangeRate).where(ExchangeRate.currency == "DKK"))
        db.session.add(ExchangeRate(currency="DKK", units_per_eur=Decimal("7.4604"),
                                    rate_date=submitted - timedelta(days=8)))
        db.session.commit()
        db.session.remove()
    login_as("agency")
    page = client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    assert "valutakursen for DKK er fra" in page
    assert "mere end 7 dage før indsendelsen" in page
    with app.app_context():
        rate = db.session.scalar(select(ExchangeRate).where(ExchangeRate.currency == "DKK"))
        rate.rate_date = submitted - timedelta(days=7)  # seven days old is still current
        db.session.commit()
        db.session.remove()
    page = client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    assert "valutakursen for DKK" not in page


def test_the_caseworker_sees_the_same_warning_on_the_check_page(app, make, client):
    made = make_request(app, make, status=Status.DRAFT)
    _depart_next_year(app, made.request_id)
    _fresh_rates(app, "DKK")
    from tests.conftest import login

    login(client, made.caseworker.email)
    page = client.get(f"/municipality/requests/{made.request_id}/check").get_data(as_text=True)
    assert f"beregnet på 2024-satser; satser for {NEXT_YEAR} mangler" in page


def test_the_pdf_warns_of_missing_rates_and_prints_the_rate_with_its_decimals(
        app, make, login_as, client):
    made = make_request(app, make, status=Status.SUBMITTED)
    _depart_next_year(app, made.request_id)
    _fresh_rates(app, "DKK")
    with app.app_context():
        req = db.session.get(Request, made.request_id)
        person = req.case.persons[0]
        req.cash_declarations.append(CashDeclaration(
            person=person, owner=person.full_name, intended_recipient=person.full_name,
            amount=Decimal("117984.06"), currency="DKK", amount_eur=Decimal("15814.76"),
            rate=Decimal("7.4604"), rate_date=date.today(), origin="Hjælp til repatriering",
            intended_use="Bolig", route="København–Istanbul–Damaskus",
            means_of_transport="Fly"))
        db.session.commit()
        db.session.remove()
    login_as("agency")
    flex = pdf_text(client.get(
        f"/documents/requests/{made.request_id}/flexible-payment.pdf").data)
    assert f"beregnet på 2024-satser; satser for {NEXT_YEAR} mangler" in " ".join(flex.split())
    declaration = pdf_text(client.get(
        f"/documents/requests/{made.request_id}/cash-1.pdf").data)
    assert "7,4604" in declaration
    assert "7,46 " not in declaration


def test_the_rate_a_declaration_was_filed_with_is_the_one_checked(app, make, login_as, client):
    """A newer rate entered after filing does not hide that the filed one was stale."""
    made = make_request(app, make, status=Status.IN_REVIEW)
    _fresh_rates(app, "DKK")
    with app.app_context():
        req = db.session.get(Request, made.request_id)
        person = req.case.persons[0]
        req.cash_declarations.append(CashDeclaration(
            person=person, owner=person.full_name, intended_recipient=person.full_name,
            amount=Decimal("117984.06"), currency="DKK", amount_eur=Decimal("15814.76"),
            rate=Decimal("7.4604"), rate_date=req.submitted_at.date() - timedelta(days=30),
            origin="Hjælp til repatriering", intended_use="Bolig", route="København–Damaskus",
            means_of_transport="Fly"))
        db.session.commit()
        db.session.remove()
    login_as("agency")
    page = client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    assert "valutakursen for DKK er fra" in page
