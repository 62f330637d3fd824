"""Reference data the agency types is checked: ISO currencies and countries, one route per
carrier, legs and destination, and a route in use is suspended rather than deleted."""

from datetime import date

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, ExchangeRate, Request, Route
from portal.workflow import Status
from tests.agency_helpers import make_request

ROUTES = "/agency/reference/routes"
NEW_ROUTE = {"airline": "Pegasus", "via": "Istanbul Sabiha", "destination": "Tehran",
             "country_code": "IR", "note": "", "active": "y"}


def _count(app, model, *where) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(model).where(*where))
        db.session.remove()
        return n


def test_an_unknown_currency_is_refused_at_the_field(app, login_as, client):
    login_as("agency")
    response = client.form_post("/agency/reference/rates",
                                {"currency": "XYZ", "units_per_eur": "1,5"})
    html = response.get_data(as_text=True)
    assert "XYZ er ikke en valutakode (ISO 4217)" in html
    assert 'class="error-summary"' in html
    assert 'value="1,5"' in html
    assert _count(app, ExchangeRate, ExchangeRate.currency == "XYZ") == 0


def test_an_iso_currency_without_a_previous_rate_is_accepted(app, login_as, client):
    login_as("agency")
    client.form_post("/agency/reference/rates", {"currency": "chf", "units_per_eur": "0,9412"})
    with app.app_context():
        rate = db.session.scalar(select(ExchangeRate).where(ExchangeRate.currency == "CHF"))
        assert (str(rate.units_per_eur), rate.rate_date) == ("0.941200", date.today())


def test_an_unknown_country_is_refused_at_the_field(app, login_as, client):
    login_as("agency")
    for code in ("XX", "EU", "ZZ"):
        response = client.form_post(f"{ROUTES}/new", {**NEW_ROUTE, "country_code": code})
        html = response.get_data(as_text=True)
        assert f"{code} er ikke en landekode (ISO 3166)" in html
        assert 'value="Istanbul Sabiha"' in html  # nothing typed is lost
    assert _count(app, Route, Route.airline == "Pegasus") == 0


def test_the_same_route_twice_is_refused_whatever_the_case_and_spaces(app, login_as, client):
    login_as("agency")
    assert client.form_post(f"{ROUTES}/new", NEW_ROUTE).status_code == 302
    response = client.form_post(f"{ROUTES}/new", {
        **NEW_ROUTE, "airline": " pegasus ", "via": "Istanbul  sabiha", "destination": "TEHRAN"})
    html = response.get_data(as_text=True)
    assert "Ruten findes allerede" in html
    assert _count(app, Route, Route.airline.ilike("%pegasus%")) == 1
    # another destination is another route; editing it into the first one is refused too
    assert client.form_post(f"{ROUTES}/new", {**NEW_ROUTE, "destination": "Mashhad"}
                            ).status_code == 302
    with app.app_context():
        mashhad = db.session.scalar(select(Route.id).where(Route.destination == "Mashhad"))
    response = client.form_post(f"{ROUTES}/{mashhad}", NEW_ROUTE)
    assert "Ruten findes allerede" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Route, mashhad).destination == "Mashhad"


def test_an_unused_mistaken_route_can_be_deleted(app, login_as, client):
    login_as("agency")
    client.form_post(f"{ROUTES}/new", NEW_ROUTE)
    with app.app_context():
        route_id = db.session.scalar(select(Route.id).where(Route.airline == "Pegasus"))
    page = client.get(f"{ROUTES}/{route_id}").get_data(as_text=True)
    assert f'action="{ROUTES}/{route_id}/delete"' in page
    # without the box ticked nothing happens
    response = client.form_post(f"{ROUTES}/{route_id}/delete", {}, page=f"{ROUTES}/{route_id}")
    assert "Sæt kryds for at slette ruten." in response.get_data(as_text=True)
    assert _count(app, Route, Route.id == route_id) == 1
    client.form_post(f"{ROUTES}/{route_id}/delete", {"confirm": "y"},
                     page=f"{ROUTES}/{route_id}")
    assert _count(app, Route, Route.id == route_id) == 0
    with app.app_context():
        detail = db.session.scalar(select(AuditEvent.detail).where(
            AuditEvent.action == "route.deleted"))
    assert detail.startswith(f"route={route_id} Pegasus")


def test_a_route_used_by_a_booking_cannot_be_deleted_only_suspended(app, make, login_as,
                                                                     client):
    made = make_request(app, make, status=Status.TRAVEL_BOOKED)
    with app.app_context():
        route_id = db.session.scalar(select(Route.id).order_by(Route.id))
        db.session.get(Request, made.request_id).route_id = route_id
        db.session.commit()
        db.session.remove()
    login_as("agency")
    page = client.get(f"{ROUTES}/{route_id}").get_data(as_text=True)
    assert f"{route_id}/delete" not in page
    assert "kan ikke slettes" in page
    token_page = f"{ROUTES}/{route_id}"
    response = client.form_post(f"{ROUTES}/{route_id}/delete", {"confirm": "y"},
                                page=token_page)
    assert "kan ikke slettes" in response.get_data(as_text=True)
    assert _count(app, Route, Route.id == route_id) == 1
    client.form_post(f"{ROUTES}/{route_id}/active", {}, page=ROUTES)
    with app.app_context():
        assert db.session.get(Route, route_id).active is False
