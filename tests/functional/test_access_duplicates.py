"""A possible duplicate across two municipalities (issue 16, point 4) is the agency's to see:
neither municipality learns anything of the other's case, and DRC sees nothing of it.

The routes themselves (the agency's request page and its search by CPR or passport) are
rows of tests/functional/access_matrix.py; this file checks the pages each role may open.
"""

from __future__ import annotations

from datetime import date

from portal.models import RequestKind
from portal.workflow import Status
from tests.agency_helpers import make_request
from tests.conftest import login

SAME = {"full_name": "Omar Haddad", "birth_date": date(1980, 5, 17), "relation": "applicant",
        "cpr": "1705801234", "passport_number": "N123456", "nationality": "SY"}
WORDS = ("dublet", "duplicate")


def _pair(app, make):
    aarhus = make_request(app, make, code="751", status=Status.IN_REVIEW, persons=[SAME],
                          kind=RequestKind.DEPARTURE)
    copenhagen = make_request(app, make, code="101", status=Status.SUBMITTED, persons=[SAME],
                              kind=RequestKind.DEPARTURE)
    return aarhus, copenhagen


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _says_nothing_of(page: str, other) -> None:
    assert other.reference not in page
    assert f"/requests/{other.request_id}" not in page
    assert f"/cases/{other.case_id}\"" not in page


def test_each_municipality_sees_only_that_the_agency_will_check(app, client, make):
    aarhus, copenhagen = _pair(app, make)
    for own, other, other_name in ((aarhus, copenhagen, "København"),
                                   (copenhagen, aarhus, "Aarhus")):
        client = app.test_client()  # a browser of its own for each municipality
        login(client, own.caseworker.email)
        confirmation = _text(client, f"/municipality/requests/{own.request_id}/confirmation")
        assert "kontrollerer den mulige dublet" in confirmation
        _says_nothing_of(confirmation, other)
        assert other_name not in confirmation
        for url in ("/municipality/", f"/municipality/cases/{own.case_id}"):
            page = _text(client, url)
            _says_nothing_of(page, other)
            assert not any(word in page.lower() for word in WORDS), url
        # the other municipality's request stays closed to it
        assert client.get(f"/municipality/requests/{other.request_id}/confirmation"
                          ).status_code == 404
        assert client.get(f"/agency/requests/{other.request_id}").status_code == 403
        assert client.form_post("/agency/persons", {"by": "cpr", "number": SAME["cpr"]},
                                page="/municipality/").status_code == 403


def test_drc_sees_nothing_of_the_duplicate(app, client, make, login_as):
    aarhus, copenhagen = _pair(app, make)
    login_as("drc_adviser")
    for made in (aarhus, copenhagen):
        client.form_post("/drc/", {"reference": made.reference}, follow_redirects=True)
        page = _text(client, f"/drc/cases/{made.case_id}")
        assert made.reference in page
        assert not any(word in page.lower() for word in WORDS)
        other = copenhagen if made is aarhus else aarhus
        assert other.reference not in page
    assert client.get(f"/agency/requests/{aarhus.request_id}").status_code == 403
    assert client.get("/agency/persons").status_code == 403


def test_the_agency_sees_the_duplicate_on_both_requests(app, client, make, login_as):
    aarhus, copenhagen = _pair(app, make)
    login_as("agency")
    first = _text(client, f"/agency/requests/{aarhus.request_id}")
    second = _text(client, f"/agency/requests/{copenhagen.request_id}")
    assert "Mulig dublet" in first
    assert f"/agency/requests/{copenhagen.request_id}\"" in first
    assert "Mulig dublet" in second
    assert f"/agency/requests/{aarhus.request_id}\"" in second
