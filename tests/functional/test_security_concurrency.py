"""Concurrency: a double-clicked submit creates one submission, and two clerks' stale saves
keep the first (optimistic locking on the request's version column).

Complements tests/functional/test_security_double_submit.py (two threads through the test
client): here the same form is posted twice in a row, and twice at once over real HTTP
against a threaded werkzeug server.
"""

from __future__ import annotations

import re
import threading
from datetime import date, timedelta

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from portal.extensions import db
from portal.models import Relation, Request, StatusEvent
from portal.workflow import Status
from tests.agency_helpers import load, make_request
from tests.conftest import CSRF_RE, login
from tests.filing_helpers import location_id, post_step, start_request

TOKEN_RE = re.compile(r'name="token"[^>]*value="([^"]+)"')
CONFLICT = "Someone else changed this request while you were working on it."


def _ready_recon_draft(client, make) -> int:
    case = make.case(persons=[{"full_name": "Amal Nasser", "birth_date": date(1988, 2, 3),
                               "relation": Relation.APPLICANT, "cpr": "0302884561"}])
    request_id = location_id(start_request(client, case.id, "recon_trip"), r"/requests/(\d+)/")
    first = date.today() + timedelta(days=20)
    response = post_step(client, request_id, "trip", {
        "travellers": [case.persons[0].id], "destination_country": "SY",
        "purpose": "See the housing", "first_day": first.isoformat(),
        "last_day": (first + timedelta(days=13)).isoformat(),
        "benefit_kept": "Selvforsørgelses- og hjemrejseydelse", "support_requested": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    return request_id


def _submit_form(client, request_id: int) -> dict:
    html = client.get(f"/municipality/requests/{request_id}/check").get_data(as_text=True)
    token = TOKEN_RE.search(html)
    assert token, "the check page offers no submit form"
    return {"csrf_token": CSRF_RE.search(html).group(1), "token": token.group(1)}


def _submissions(app, request_id: int) -> tuple[int, Status, int]:
    with app.app_context():
        events = db.session.scalar(select(func.count(StatusEvent.id)).where(
            StatusEvent.request_id == request_id, StatusEvent.to_status == Status.SUBMITTED))
        req = db.session.get(Request, request_id)
        requests_of_case = db.session.scalar(select(func.count(Request.id)).where(
            Request.case_id == req.case_id))
        status = req.status
        db.session.remove()
    return events, status, requests_of_case


def test_submit_posted_twice_with_the_same_token_submits_once(app, client, login_as, make,
                                                              english):
    login_as("caseworker")
    request_id = _ready_recon_draft(client, make)
    form = _submit_form(client, request_id)
    url = f"/municipality/requests/{request_id}/submit"
    first = client.post(url, data=form)
    second = client.post(url, data=form)
    assert first.status_code == 302
    assert f"/requests/{request_id}/confirmation" in first.headers["Location"]
    # the second click is told the request went in; it is neither an error nor a new one
    assert second.status_code in (302, 409)
    assert _submissions(app, request_id) == (1, Status.SUBMITTED, 1)
    page = client.get(f"/municipality/requests/{request_id}/confirmation")
    assert page.status_code == 200


@pytest.fixture
def live_server(app):
    """The app behind a threaded werkzeug server on a free local port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


def test_two_clicks_at_once_over_http_give_one_submission(app, client, login_as, make,
                                                          live_server):
    login_as("caseworker")
    request_id = _ready_recon_draft(client, make)
    form = _submit_form(client, request_id)
    cookie = client.get_cookie("portal_session")
    assert cookie is not None
    barrier = threading.Barrier(2)
    answers: list[int] = []
    errors: list[BaseException] = []

    def click():
        try:
            with requests.Session() as browser:
                browser.cookies.set("portal_session", cookie.value, domain="127.0.0.1")
                barrier.wait(10)
                answer = browser.post(f"{live_server}/municipality/requests/{request_id}/submit",
                                      data=form, allow_redirects=False, timeout=60)
                answers.append(answer.status_code)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert not errors, errors
    print(f"\ntwo clicks over HTTP answered {sorted(answers)}")
    assert sorted(answers) in ([302, 302], [302, 409]), answers
    assert _submissions(app, request_id) == (1, Status.SUBMITTED, 1)


def _version_on_page(client, request_id: int, action: str) -> str:
    html = client.get(f"/agency/requests/{request_id}").get_data(as_text=True)
    match = re.search(rf'name="{action}-version"[^>]*value="(\d+)"', html)
    assert match, f"no {action}-version field on the agency request page"
    return match.group(1)


def test_two_clerks_with_stale_pages_the_first_save_is_kept(app, make, english, client):
    made = make_request(app, make, status=Status.SUBMITTED)
    second_clerk = make.user("agency")
    # clerk one and clerk two open the same request page, each in a browser of their own
    one = client
    login(one, made.agency.email)
    app.test_client_class = type(client)
    two = app.test_client()
    two.form_post("/language", {"lang": "en", "next": "/"}, page="/login")
    login(two, second_clerk.email)
    version_one = _version_on_page(one, made.request_id, "note")
    version_two = _version_on_page(two, made.request_id, "obstacle")
    assert version_one == version_two
    base = f"/agency/requests/{made.request_id}/actions"
    token_one = CSRF_RE.search(one.get("/account").get_data(as_text=True)).group(1)
    token_two = CSRF_RE.search(two.get("/account").get_data(as_text=True)).group(1)
    first = one.post(f"{base}/note", data={
        "note-csrf_token": token_one, "note-version": version_one,
        "note-note": "Clerk one's note", "note-visibility": "internal"})
    assert first.status_code == 302
    second = two.post(f"{base}/obstacle", data={
        "obstacle-csrf_token": token_two, "obstacle-version": version_two,
        "obstacle-obstacle": "health"})
    assert second.status_code == 409
    assert CONFLICT in second.get_data(as_text=True)
    snapshot = load(app, made.request_id)
    assert snapshot["status"] is Status.SUBMITTED
    assert snapshot["obstacle"].value == "none"
    assert [note for _f, _t, note, _v in snapshot["events"]][-1] == "Clerk one's note"
    # with the version of the page shown now, clerk two's save goes through
    fresh = _version_on_page(two, made.request_id, "obstacle")
    assert fresh != version_two
    third = two.post(f"{base}/obstacle", data={
        "obstacle-csrf_token": token_two, "obstacle-version": fresh,
        "obstacle-obstacle": "health"})
    assert third.status_code == 302
    assert load(app, made.request_id)["obstacle"].value == "health"
