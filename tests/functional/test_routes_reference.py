"""Agency staff keep the routes; a suspended route shows as suspended wherever offered."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Route
from portal.services.reference import flight_routes


def _aleppo_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Route.id).where(Route.destination == "Aleppo"))


def test_caseworker_sees_the_seeded_routes_with_the_warning(login_as, client, english):
    login_as("caseworker")
    html = client.get("/routes").get_data(as_text=True)
    assert "Routes change." in html
    assert "before promising the person anything" in html
    for text in ("Turkish Airlines", "Qatar Airways", "Istanbul", "Doha", "Aleppo", "Damaskus"):
        assert text in html


def test_a_suspended_route_is_shown_as_suspended_to_caseworkers(app, login_as, client, make,
                                                                english):
    login_as("agency")
    route_id = _aleppo_id(app)
    response = client.form_post(f"/agency/reference/routes/{route_id}/active",
                                page="/agency/reference/routes", follow_redirects=True)
    assert "The route is suspended." in response.get_data(as_text=True)
    with app.app_context():
        offered = {r.destination + "/" + r.airline: r.active
                   for r in flight_routes.offered_routes("sy")}
        assert offered["Aleppo/Turkish Airlines"] is False
        assert len(offered) == 3
        assert db.session.scalar(select(AuditEvent.detail).where(
            AuditEvent.action == "route.suspended")) == f"route={route_id}"
    client.post("/logout", data={"csrf_token": client.csrf_token("/agency/reference/routes")})
    from tests.conftest import login

    login(client, make.user("caseworker").email)
    html = client.get("/routes").get_data(as_text=True)
    row = html[html.index("Aleppo") - 300: html.index("Aleppo") + 400]
    assert "Suspended" in row


def test_agency_adds_and_edits_a_route(app, login_as, client, english):
    login_as("agency")
    response = client.form_post("/agency/reference/routes/new", {
        "airline": "Pegasus", "via": "Istanbul Sabiha", "destination": "Tehran",
        "country_code": "ir", "note": "Twice a week", "active": "y"}, follow_redirects=True)
    assert "The route has been added." in response.get_data(as_text=True)
    with app.app_context():
        route = db.session.scalar(select(Route).where(Route.airline == "Pegasus"))
        assert route.country_code == "IR"
        assert route.active
        route_id = route.id
    client.form_post(f"/agency/reference/routes/{route_id}", {
        "airline": "Pegasus", "via": "Istanbul", "destination": "Tehran",
        "country_code": "IR", "note": ""})
    with app.app_context():
        route = db.session.get(Route, route_id)
        assert route.via == "Istanbul"
        assert route.active is False


def test_bad_route_input_is_explained_and_kept(login_as, client, english):
    login_as("agency")
    response = client.form_post("/agency/reference/routes/new", {
        "airline": "ط" * 150, "via": "", "destination": "Ålborg", "country_code": "Syria"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter the two-letter country code" in html
    assert "Enter where the route changes planes." in html
    assert "Ålborg" in html


def test_caseworkers_cannot_keep_routes(app, login_as, client):
    login_as("caseworker")
    route_id = _aleppo_id(app)
    assert client.get("/agency/reference/routes").status_code == 403
    client.post(f"/agency/reference/routes/{route_id}/active")
    with app.app_context():
        assert db.session.get(Route, route_id).active is True


def test_routes_table_partial_can_be_included_for_one_country(app):
    """Other areas include the partial with offered_routes(country)."""
    from flask import render_template_string

    with app.test_request_context("/"):
        syria = render_template_string(
            '{% with routes=offered_routes("SY") %}'
            '{% include "info/_routes_table.html" %}{% endwith %}')
        iran = render_template_string(
            '{% with routes=offered_routes("IR") %}'
            '{% include "info/_routes_table.html" %}{% endwith %}')
    assert syria.count("<tr") == 4  # the header and three routes
    assert "Aleppo" in syria
    assert "<table" not in iran
