"""A double-clicked submit creates one request submission, also when both clicks arrive
at the same moment (two threads, one session)."""

from __future__ import annotations

import re
import threading
from datetime import date, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Relation, Request, StatusEvent
from portal.workflow import Status
from tests.filing_helpers import location_id, post_step, start_request

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TOKEN_RE = re.compile(r'name="token"[^>]*value="([^"]+)"')


def _ready_recon_draft(client, make):
    case = make.case(persons=[{"full_name": "Amal Nasser", "birth_date": date(1988, 2, 3),
                               "relation": Relation.APPLICANT, "cpr": "0302884561"}])
    request_id = location_id(start_request(client, case.id, "recon_trip"),
                             r"/requests/(\d+)/steps/trip")
    first = date.today() + timedelta(days=20)
    post_step(client, request_id, "trip", {
        "travellers": [case.persons[0].id], "destination_country": "SY",
        "purpose": "See the housing", "first_day": first.isoformat(),
        "last_day": (first + timedelta(days=13)).isoformat(),
        "benefit_kept": "Selvforsørgelses- og hjemrejseydelse", "support_requested": "y"})
    return request_id


def test_two_simultaneous_submits_give_one_submission_and_no_error(client, login_as, make,
                                                                   app):
    login_as("caseworker")
    request_id = _ready_recon_draft(client, make)
    check = client.get(f"/municipality/requests/{request_id}/check").get_data(as_text=True)
    data = {"csrf_token": CSRF_RE.search(check).group(1),
            "token": TOKEN_RE.search(check).group(1)}
    cookie = client.get_cookie("portal_session").value
    clients = []
    for _ in range(2):
        twin = app.test_client()
        twin.set_cookie("portal_session", cookie)
        clients.append(twin)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def click(twin):
        barrier.wait(5)
        statuses.append(twin.post(f"/municipality/requests/{request_id}/submit",
                                  data=data).status_code)

    threads = [threading.Thread(target=click, args=(twin,)) for twin in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    with app.app_context():
        submitted = db.session.scalar(select(func.count(StatusEvent.id)).where(
            StatusEvent.request_id == request_id, StatusEvent.to_status == Status.SUBMITTED))
        status = db.session.get(Request, request_id).status
        db.session.remove()
    assert submitted == 1
    assert status is Status.SUBMITTED
    # Both clicks get an answer and neither is a 500: the second one either finds the
    # request submitted (redirect to the confirmation) or is told of the concurrent save.
    assert len(statuses) == 2
    print(f"\nsimultaneous submits answered {sorted(statuses)}")
    assert sorted(statuses) in ([302, 302], [302, 409]), statuses


def test_concurrent_save_conflict_page_is_friendly_with_headers(client, login_as, make, app,
                                                                english):
    """The 409 page rendered from the commit hook carries the text and the headers."""
    from portal.main.errors import conflict_response
    from portal.security import set_security_headers

    with app.test_request_context("/"):
        app.preprocess_request()
        response = set_security_headers(conflict_response())
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "blev gemt først, er bevaret" in body
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
