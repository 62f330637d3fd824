"""The issue's acceptance path with three browsers: the agency receives and asks, the
caseworker answers, the agency approves, books Turkish Airlines via Istanbul to Aleppo, pays
out and marks departed; the caseworker sees each step and the CPR reminder; DRC sees the
milestones but not the internal note; København reaches none of it."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import Request, Route
from portal.workflow import Status
from tests.agency_helpers import load, make_request, travel_form
from tests.conftest import PortalClient, login

INTERNAL = "Internal: check the passport with NIDC first."
QUESTION = "Please upload the signed waiver declaration."


def _browser(app, user):
    app.test_client_class = PortalClient
    browser = app.test_client()
    browser.form_post("/language", {"lang": "en", "next": "/"}, page="/login")
    login(browser, user.email)
    return browser


def _act(browser, app, made, action, data=None):
    url = f"/agency/requests/{made.request_id}"
    form = {f"{action}-{k}": v for k, v in (data or {}).items()}
    form[f"{action}-version"] = load(app, made.request_id)["version"]
    response = browser.form_post(f"{url}/actions/{action}", form, page=url)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def test_the_whole_path_in_three_browsers(app, make, mail_outbox):
    caseworker = make.user("caseworker", email="anne@aarhus.example")
    clerk = make.user("agency", email="clerk@hjemst.example")
    adviser = make.user("drc_adviser")
    made = make_request(app, make, status=Status.SUBMITTED, family=True,
                        caseworker=caseworker, agency=clerk)
    agency, municipality, drc = (_browser(app, u) for u in (clerk, caseworker, adviser))

    _act(agency, app, made, "receive", {"visibility": "shared"})
    _act(agency, app, made, "note", {"note": INTERNAL, "visibility": "internal"})
    _act(agency, app, made, "start_review", {"visibility": "shared"})
    _act(agency, app, made, "ask_info", {"note": QUESTION})
    case_page = f"/municipality/cases/{made.case_id}"
    page = municipality.get(case_page).get_data(as_text=True)
    assert QUESTION in page
    assert INTERNAL not in page

    mail_outbox.messages.clear()
    response = municipality.form_post(f"/municipality/requests/{made.request_id}/answer",
                                      {"answer": "Uploaded today."}, page=case_page)
    assert response.status_code == 302
    assert load(app, made.request_id)["status"] is Status.IN_REVIEW
    assert [m["To"] for m in mail_outbox.messages] == ["clerk@hjemst.example"]

    _act(agency, app, made, "approve", {"visibility": "shared"})
    with app.app_context():
        route_id = db.session.scalar(select(Route.id).where(
            Route.airline == "Turkish Airlines", Route.via == "Istanbul",
            Route.destination == "Aleppo"))
        participants = [p.id for p in db.session.get(Request, made.request_id).participants]
        db.session.remove()
    _act(agency, app, made, "plan_travel", travel_form(
        app, made.request_id, route_id=route_id, day=date.today() + timedelta(days=12)))
    for participant_id in participants:
        url = f"/agency/requests/{made.request_id}/payout/{participant_id}"
        prefix = f"payout-{participant_id}"
        response = agency.form_post(url, {
            f"{prefix}-version": load(app, made.request_id)["version"],
            f"{prefix}-participant": participant_id, f"{prefix}-amount": "117,984.06",
            # one amount for all, the child's included: beyond the tolerance, so explained
            f"{prefix}-reason": "Samme beløb til alle efter aftale"},
            page=f"/agency/requests/{made.request_id}")
        assert response.status_code == 302
    with app.app_context():  # the departure day has come (departed is refused before it)
        db.session.get(Request, made.request_id).departure_at = datetime.now(UTC)
        db.session.commit()
        db.session.remove()
    _act(agency, app, made, "depart", {"visibility": "shared"})
    assert load(app, made.request_id)["status"] is Status.DEPARTED
    assert all(amount is not None for _p, amount in load(app, made.request_id)["payouts"])

    page = municipality.get(case_page).get_data(as_text=True)
    for label in ("Received", "Approved", "Travel booked", "Departed"):
        assert label in page
    assert "Deregister from the CPR register" in page
    assert INTERNAL not in page

    results = drc.form_post("/drc/", {"reference": made.reference},
                            follow_redirects=True).get_data(as_text=True)
    assert f"/drc/cases/{made.case_id}" in results
    page = drc.get(f"/drc/cases/{made.case_id}").get_data(as_text=True)
    assert QUESTION in page
    assert "Departed" in page
    assert INTERNAL not in page
    assert "020384-xxxx" in page
    assert "020384-1235" not in page


def test_a_copenhagen_caseworker_reaches_none_of_an_aarhus_case(app, make):
    made = make_request(app, make, status=Status.IN_REVIEW, code="751")
    other = _browser(app, make.user("caseworker", municipality_code="101"))
    assert other.get(f"/municipality/cases/{made.case_id}").status_code == 404
    assert other.get(f"/documents/requests/{made.request_id}/").status_code == 404
    assert other.get(f"/agency/requests/{made.request_id}").status_code == 403
