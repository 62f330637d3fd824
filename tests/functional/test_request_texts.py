"""What the municipality is told after filing: each kind of request its own next steps, a
reconnaissance trip never a CPR deregistration, and one DRC instruction everywhere."""

from __future__ import annotations

import re

from portal.models import RequestKind
from portal.models.cases import CaseKind
from portal.workflow import Status
from tests.agency_helpers import make_request
from tests.conftest import login
from tests.filing_helpers import step_url

DRC_RULE = "the municipality must always also send"


def _text(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_confirmation_says_what_happens_next_for_each_kind(app, client, make, english):
    flexible = make_request(app, make)
    departure = make_request(app, make, kind=RequestKind.DEPARTURE, case_kind=CaseKind.ORDINARY,
                             caseworker=flexible.caseworker, agency=flexible.agency)
    trip = make_request(app, make, kind=RequestKind.RECON_TRIP, caseworker=flexible.caseworker,
                        agency=flexible.agency)
    login(client, flexible.caseworker.email)
    pages = {made.request_id: _text(client, f"/municipality/requests/{made.request_id}/"
                                            "confirmation") for made in (flexible, departure, trip)}
    pages = {"flexible": pages[flexible.request_id], "departure": pages[departure.request_id],
             "trip": pages[trip.request_id]}
    assert DRC_RULE in pages["flexible"]
    assert "3–4 weeks" in pages["flexible"]
    assert "paid in cash at departure" in pages["flexible"]
    assert "deregister each person from the CPR register" in pages["flexible"]
    assert "at least 2 working days before the departure" in pages["departure"]
    assert "deregister each person from the CPR register" in pages["departure"]
    assert "paid in cash" not in pages["departure"]
    recon = pages["trip"]
    assert "up to 8 weeks" in recon
    assert "comes back" in recon
    assert "stay registered in the CPR register" in recon
    for wrong in ("deregister", "Deregistration", "plans the departure", "waiver"):
        assert wrong not in recon, wrong


def test_a_reconnaissance_trip_under_way_asks_for_no_deregistration(app, client, make, english):
    trip = make_request(app, make, kind=RequestKind.RECON_TRIP, status=Status.DEPARTED)
    login(client, trip.caseworker.email)
    page = _text(client, f"/municipality/cases/{trip.case_id}")
    assert "is on the reconnaissance trip and comes back" in page
    assert "Mark as deregistered" not in page
    assert "The household has departed" not in page


def test_step_7_says_the_municipality_sends_the_drc_documents_itself(app, client, make,
                                                                       english):
    draft = make_request(app, make, status=Status.DRAFT)
    login(client, draft.caseworker.email)
    page = _text(client, step_url(draft.request_id, "attachments"))
    assert "Upload the signed waiver declaration and IN 325" in page
    assert DRC_RULE in page
    assert "need not mail" not in page
