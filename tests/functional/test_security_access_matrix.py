"""The access matrix (tests/functional/access_matrix.py) checked against the live URL map.

Every (endpoint, method) x role is requested with real object ids of Aarhus (751); a
caseworker of København (101) is refused every Aarhus case, request, person, PDF and
attachment with a 404 and an ``access_denied`` audit row.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Case, Person, Request
from tests.conftest import login
from tests.functional.access_matrix import (
    CHECKS,
    DRC_SELF_SERVICE,
    FORBIDDEN,
    LOGIN,
    MATRIX,
    OBJECT_PARAMS,
    OK,
    ROLES,
    SUMMARY,
)
from tests.security_helpers import build_world, path_of

PUBLIC_ENDPOINTS = {"auth.login", "auth.set_language", "main.healthz", "main.accessibility",
                    "info.feed"}
# Objects that a successful POST changes; their checks run last, logout at the very end.
LAST = ("municipality.delete_draft", "municipality.remove_person", "municipality.withdraw",
        "municipality.delete_attachment", "admin.toggle_active", "auth.logout")


def _rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_matrix_names_every_rule_of_the_url_map_and_nothing_else(app):
    live = {(rule.endpoint, method) for rule, method in _rules(app)}
    missing = sorted(live - MATRIX.keys())
    stale = sorted(MATRIX.keys() - live)
    assert not missing, f"rules missing from the access matrix: {missing}"
    assert not stale, f"the access matrix names rules that no longer exist: {stale}"
    assert all(len(row) == len(ROLES) for row in MATRIX.values())
    assert len(live) * len(ROLES) == CHECKS
    print(SUMMARY)


def test_matrix_says_drc_is_refused_every_write_and_anonymous_only_public_pages():
    for (endpoint, method), row in MATRIX.items():
        drc, anonymous = row[ROLES.index("drc_adviser")], row[ROLES.index("anonymous")]
        if method == "POST" and endpoint not in DRC_SELF_SERVICE:
            assert drc == FORBIDDEN, (endpoint, method)
        if endpoint in PUBLIC_ENDPOINTS:
            assert anonymous == OK, endpoint
        else:
            assert anonymous == LOGIN, endpoint


def _values(world, side, endpoint: str, arguments) -> dict:
    """URL values with the real ids of `side` for one endpoint."""
    values = {
        "case_id": side.case_id, "request_id": side.request_id, "person_id": side.person_id,
        "attachment_id": side.attachment_id, "participant_id": side.participant_id,
        "meeting_id": side.meeting_id, "user_id": world.other_user_id,
        "route_id": world.route_id, "year": world.rate_year, "issue_id": world.draft_issue_id,
        "step": "travellers", "name": "note", "contact_id": 1, "declaration_id": 0,
        "payout_id": 1,
    }
    if endpoint in ("municipality.step", "municipality.resume", "municipality.check",
                    "municipality.submit"):
        values["request_id"] = side.draft_id
    elif endpoint == "municipality.delete_attachment":
        values.update(request_id=side.draft_id, attachment_id=side.draft_attachment_id)
    elif endpoint == "municipality.delete_draft":
        values["request_id"] = side.spare_draft_id
    elif endpoint == "municipality.withdraw":
        values["request_id"] = side.withdraw_id
    elif endpoint == "municipality.trip_calendar":
        values["request_id"] = side.booked_id
    elif endpoint == "municipality.remove_person":
        values.update(case_id=side.draft_case_id, person_id=side.spare_person_id)
    elif endpoint == "municipality.start_request":
        values["case_id"] = side.draft_case_id
    elif endpoint in ("documents.download", "documents.request_documents"):
        values["request_id"] = side.requests["departure"]
        values["key"] = "departure-1"
    elif endpoint == "info.issue":
        values["issue_id"] = world.published_issue_id
    elif endpoint == "info.guidance_edit":
        values["key"] = world.guidance_key
    return {name: values[name] for name in arguments}


def _url(app, world, side, rule) -> str:
    return rule.build(_values(world, side, rule.endpoint, rule.arguments),
                      append_unknown=False)[1]


def classify(response, method: str) -> str:
    status = response.status_code
    location = path_of(response.headers.get("Location", ""))
    if status in (301, 302, 303, 307, 308) and (location == "/login"
                                                 or location.startswith("/login?")):
        return LOGIN
    if status in (403, 404) or status >= 500:
        return str(status)
    if method == "GET":
        return OK if status < 400 else str(status)
    return str(status) if status in (401, 405) else OK


def _world(app, make):
    return build_world(app, make)


def _client_for(app, client, world, role: str):
    emails = {"caseworker": world.aarhus.caseworker_email, "agency": world.agency_email,
              "drc_adviser": world.drc_email, "admin": world.admin_email}
    if role != "anonymous":
        response = login(client, emails[role])
        assert response.status_code == 302
        assert "/login" not in response.headers["Location"]
    if role == "drc_adviser":  # DRC opens a case only after a look-up found it
        client.form_post("/drc/", {"reference": world.aarhus.reference}, follow_redirects=True)
    return client


def _ordered(app):
    rules = list(_rules(app))
    return sorted(rules, key=lambda item: (
        item[1] == "POST", item[0].endpoint in LAST,
        LAST.index(item[0].endpoint) if item[0].endpoint in LAST else 0))


def _token(client) -> str:
    # the login page and every page for a logged-in user carry a token of this session
    page = "/account" if client.get("/account").status_code == 200 else "/login"
    return client.csrf_token(page)


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_as_the_matrix_says(app, client, make, role):
    world = _world(app, make)
    _client_for(app, client, world, role)
    token = _token(client)
    column = ROLES.index(role)
    wrong = []
    for rule, method in _ordered(app):
        url = _url(app, world, world.aarhus, rule)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token})
        got = classify(response, method)
        expected = MATRIX[(rule.endpoint, method)][column]
        if got != expected:
            wrong.append(f"{method} {url} ({rule.endpoint}): expected {expected}, got {got} "
                         f"[{response.status_code} {response.headers.get('Location', '')}]")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def _denied(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "access_denied"))
        db.session.remove()
    return count


def test_kobenhavn_caseworker_gets_404_and_an_audit_row_on_every_aarhus_object(
        app, client, make):
    world = _world(app, make)
    login(client, world.kobenhavn.caseworker_email)
    token = _token(client)
    column = ROLES.index("caseworker")
    checked, wrong = 0, []
    for rule, method in _ordered(app):
        if not (set(rule.arguments) & OBJECT_PARAMS):
            continue
        if MATRIX[(rule.endpoint, method)][column] != OK:
            continue
        url = _url(app, world, world.aarhus, rule)
        before = _denied(app)
        response = (client.get(url) if method == "GET"
                    else client.post(url, data={"csrf_token": token}))
        checked += 1
        if response.status_code != 404 or _denied(app) != before + 1:
            wrong.append(f"{method} {url}: {response.status_code}, "
                         f"audit rows +{_denied(app) - before}")
    assert not wrong, "\n".join(wrong)
    assert checked >= 20  # the table has 23 such rows today
    # nothing of Aarhus was changed by the refused writes
    with app.app_context():
        assert db.session.get(Request, world.aarhus.spare_draft_id) is not None
        assert db.session.get(Person, world.aarhus.spare_person_id) is not None
        assert db.session.get(Request, world.aarhus.withdraw_id).status.value == "submitted"
        assert db.session.get(Case, world.aarhus.case_id).municipality.code == "751"
        db.session.remove()
