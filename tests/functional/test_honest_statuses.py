"""Issue 16, points 6 and 8: "Afsluttet efter udrejse" and "Annulleret" are two statuses, and
"Afventer kommunen" is read from the status, never stored beside it."""

import re
from datetime import UTC, date, datetime

from flask_migrate import upgrade
from sqlalchemy import select, text

from portal import create_app
from portal.extensions import db
from portal.models import Case, Obstacle, Request
from portal.workflow import TERMINAL, Status
from tests.agency_helpers import load, make_request
from tests.conftest import _database_url, login
from tests.migration_helpers import insert_row


def _action(app, client, made, name, data=None):
    url = f"/agency/requests/{made.request_id}"
    return client.form_post(f"{url}/actions/{name}", {
        f"{name}-version": load(app, made.request_id)["version"],
        **{f"{name}-{key}": value for key, value in (data or {}).items()}}, page=url)


def _as_agency(app, make, login_as, status):
    login_as("agency")
    return make_request(app, make, status=status)


def test_an_approved_request_closed_without_departure_is_annulled_with_a_reason(
        app, make, login_as, client):
    login_as("agency")
    made = make_request(app, make, status=Status.APPROVED)
    page = client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    assert "Afslut uden udrejse" in page
    response = _action(app, client, made, "annul", {"note": ""})
    assert response.status_code == 200
    assert load(app, made.request_id)["status"] is Status.APPROVED
    assert _action(app, client, made, "annul",
                   {"note": "Familien bliver i Danmark."}).status_code == 302
    snapshot = load(app, made.request_id)
    assert snapshot["status"] is Status.ANNULLED
    assert snapshot["events"][-1][:3] == (Status.APPROVED, Status.ANNULLED,
                                          "Familien bliver i Danmark.")
    assert Status.ANNULLED in TERMINAL
    page = client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    assert "Annulleret" in page
    assert "Afsluttet efter udrejse" not in page
    with app.app_context():
        assert db.session.get(Case, made.case_id).closed_at is not None
        db.session.remove()


def test_only_a_departed_request_is_closed_after_departure(app, make, login_as, client):
    login_as("agency")
    departed = make_request(app, make, status=Status.DEPARTED)
    approved = make_request(app, make, status=Status.APPROVED)
    assert _action(app, client, departed, "close").status_code == 302
    assert load(app, departed.request_id)["status"] is Status.CLOSED
    assert "Afsluttet efter udrejse" in client.get(
        f"/agency/requests/{departed.request_id}").get_data(as_text=True)
    _action(app, client, approved, "close")
    assert load(app, approved.request_id)["status"] is Status.APPROVED


def test_a_cancelled_booking_that_will_not_be_rebooked_is_annulled(app, make, login_as,
                                                                   client):
    made = _as_agency(app, make, login_as, Status.CANCELLED)
    assert _action(app, client, made, "annul",
                   {"note": "Ingen ny rejse."}).status_code == 302
    assert load(app, made.request_id)["status"] is Status.ANNULLED
    assert _action(app, client, made, "reopen", {"note": "Fejl."}).status_code == 302
    assert load(app, made.request_id)["status"] is Status.CANCELLED


def test_the_queue_filters_annulled_apart_from_closed_after_departure(app, make, login_as,
                                                                     client):
    login_as("agency")
    closed = make_request(app, make, status=Status.CLOSED)
    annulled = make_request(app, make, status=Status.ANNULLED)
    page = client.get("/agency/?status=annulled").get_data(as_text=True)
    assert annulled.reference in page
    assert closed.reference not in page
    page = client.get("/agency/?status=closed").get_data(as_text=True)
    assert closed.reference in page
    assert annulled.reference not in page
    assert annulled.reference not in client.get("/agency/?status=open").get_data(as_text=True)


def _obstacle_figures(client):
    html = client.get("/agency/statistics").get_data(as_text=True)
    section = html[html.index('id="obst-title"'):]
    return {value: int(count) for value, count in re.findall(
        r'obstacle=(\w+)">[^<]*</a></th><td>(\d+)</td>', section)}


def test_awaiting_the_municipality_is_derived_and_answering_removes_it(app, make, login_as,
                                                                       client):
    made = _as_agency(app, make, login_as, Status.IN_REVIEW)
    assert _action(app, client, made, "ask_info",
                   {"note": "Upload erklæringen."}).status_code == 302
    assert load(app, made.request_id)["obstacle"] is Obstacle.NONE  # nothing stored
    queue = client.get("/agency/?status=open&obstacle=awaiting_municipality")
    assert made.reference in queue.get_data(as_text=True)
    assert _obstacle_figures(client)["awaiting_municipality"] == 1
    client.form_post("/logout", page="/agency/")
    login(client, made.caseworker.email)
    response = client.form_post(f"/municipality/requests/{made.request_id}/answer",
                                {"answer": "Erklæringen er uploadet."},
                                page=f"/municipality/cases/{made.case_id}")
    assert response.status_code == 302
    assert load(app, made.request_id)["status"] is Status.IN_REVIEW
    client.form_post("/logout", page=f"/municipality/cases/{made.case_id}")
    login_as("agency")
    queue = client.get("/agency/?status=open&obstacle=awaiting_municipality")
    assert made.reference not in queue.get_data(as_text=True)
    assert _obstacle_figures(client)["awaiting_municipality"] == 0
    assert _obstacle_figures(client)["none"] == 1
    page = client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    assert "<dd>Ingen hindring</dd>" in page


def test_awaiting_the_municipality_is_not_offered_as_an_obstacle_to_set(app, make, login_as,
                                                                        client):
    login_as("agency")
    made = make_request(app, make, status=Status.IN_REVIEW)
    page = client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    select_html = page[page.index('name="obstacle-obstacle"'):]
    select_html = select_html[:select_html.index("</select>")]
    assert 'value="awaiting_municipality"' not in select_html
    _action(app, client, made, "obstacle", {"obstacle": "awaiting_municipality"})
    assert load(app, made.request_id)["obstacle"] is Obstacle.NONE


def _closed_request(conn, municipality: int, *, departed: datetime | None) -> int:
    """A flexible-payment request "closed" as before 0015, its case still carrying the stored
    obstacle "awaiting the municipality"; returns the request's id."""
    case = insert_row(conn, "cases", municipality_id=municipality, destination_country="SY",
                      kind="flexible_payment", obstacle="awaiting_municipality")
    person = insert_row(conn, "persons", case_id=case, full_name="A", relation="applicant",
                        birth_date=date(1980, 1, 1), nationality="SY")
    request = insert_row(conn, "requests", case_id=case, municipality_id=municipality,
                         kind="flexible_payment", status="closed", departed_at=departed)
    insert_row(conn, "request_persons", request_id=request, person_id=person, travels=True)
    return request


def test_migration_0015_annuls_closed_requests_without_departure_and_books_old_payouts(
        app_config, tmp_path_factory):
    application = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": _database_url(
        tmp_path_factory, "migration0015")})
    with application.app_context():
        # Plain SQL at revision 0016: today's models hold columns of later migrations.
        upgrade(revision="0016")
        with db.engine.begin() as conn:
            municipality = conn.execute(text("SELECT id FROM municipalities LIMIT 1")).scalar()
            gone, stayed = (
                _closed_request(conn, municipality, departed=departed) for departed in (
                    datetime(2026, 11, 30, 9, tzinfo=UTC), None))
            conn.execute(text(
                "UPDATE request_persons SET payout_amount = 117984.06, "
                "paid_out_at = '2026-11-30 09:00:00.000000' WHERE request_id = :a"),
                {"a": gone})
        db.session.remove()
        upgrade()
        statuses = dict(db.session.execute(select(Request.id, Request.status)).all())
        assert statuses[gone] is Status.CLOSED
        assert statuses[stayed] is Status.ANNULLED
        rows = db.session.execute(text(
            "SELECT request_id, amount, paid_on, kind FROM payout_entries")).all()
        assert [(r[0], str(r[1]), str(r[2]), r[3]) for r in rows] == [
            (gone, "117984.06", "2026-11-30", "cash_at_departure")]
        assert db.session.scalar(text(
            "SELECT count FROM request_status_counts WHERE status = 'annulled' "
            "AND kind = 'flexible_payment'")) == 1
        assert db.session.scalar(text(
            "SELECT count(*) FROM cases WHERE obstacle = 'awaiting_municipality'")) == 0
        db.session.remove()
        db.engine.dispose()
