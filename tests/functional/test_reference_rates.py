"""Agency staff keep the rates per year and the exchange rates."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import ExchangeRate, RateYear

RATES_2025 = {"year": "2025", "adult_departure": "27000.10", "child_departure": "16200",
              "adult_after_arrival": "91800.5", "adult_after_arrival_with_reintegration":
              "75600", "child_after_arrival": "43200", "source": "LOV 2025"}


def test_agency_adds_a_year_and_edits_it(app, login_as, client, english):
    login_as("agency")
    response = client.form_post("/agency/reference/rates/new", RATES_2025,
                                follow_redirects=True)
    assert "The rates for 2025 have been added." in response.get_data(as_text=True)
    client.form_post("/agency/reference/rates/2025", {**RATES_2025, "child_departure": "16300"})
    with app.app_context():
        rates = db.session.get(RateYear, 2025)
        assert rates.child_departure == Decimal("16300.00")
        assert rates.adult_departure == Decimal("27000.10")


def test_a_year_that_exists_is_refused_and_letters_in_amounts_are_explained(app, login_as,
                                                                            client, english):
    login_as("agency")
    response = client.form_post("/agency/reference/rates/new", {**RATES_2025, "year": "2024"})
    assert "Rates for this year exist already" in response.get_data(as_text=True)
    response = client.form_post("/agency/reference/rates/new",
                                {**RATES_2025, "adult_departure": "tolv tusind"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "tolv tusind" in html
    with app.app_context():
        assert db.session.get(RateYear, 2025) is None
        assert db.session.get(RateYear, 2024).adult_departure == Decimal("26814.56")


def test_todays_exchange_rate_is_added_and_corrected_the_same_day(app, login_as, client,
                                                                  english):
    login_as("agency")
    client.form_post("/agency/reference/rates", {"currency": "usd", "units_per_eur": "1.2"})
    response = client.form_post("/agency/reference/rates",
                                {"currency": "USD", "units_per_eur": "1.1612"},
                                follow_redirects=True)
    assert "rate for USD has been saved." in response.get_data(as_text=True)
    with app.app_context():
        today = db.session.scalars(select(ExchangeRate).where(
            ExchangeRate.currency == "USD", ExchangeRate.rate_date == date.today())).all()
        assert [r.units_per_eur for r in today] == [Decimal("1.161200")]


def test_bad_exchange_rates_are_refused_without_an_error_page(login_as, client, english):
    login_as("agency")
    for data in ({"currency": "EURO", "units_per_eur": "1"},
                 {"currency": "USD", "units_per_eur": "abc"},
                 {"currency": "USD", "units_per_eur": "0"}):
        response = client.form_post("/agency/reference/rates", data)
        assert response.status_code == 200
        assert "There is a problem" in response.get_data(as_text=True)


def test_only_agency_staff_see_the_rates(login_as, client):
    login_as("drc_adviser")
    assert client.get("/agency/reference/rates").status_code == 403
