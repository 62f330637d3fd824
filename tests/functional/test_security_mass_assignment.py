"""Forms accept only their own fields: extra fields posted next to a form never reach the DB.

Each form is posted the way a browser sends it as rendered (its own fields filled in), plus
fields an attacker might add: status, municipality, amounts, role, version, author and the
case reference. The protected attributes are read back from the database afterwards.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Case,
    CaseKind,
    Municipality,
    Person,
    Request,
    Role,
    User,
)
from portal.workflow import Status
from tests.conftest import login
from tests.filing_helpers import location_id, start_request
from tests.security_helpers import build_world, filled, form_for

pytestmark = pytest.mark.usefixtures("english")


def _extras(app, world) -> dict[str, str]:
    with app.app_context():
        foreign = db.session.scalar(select(Municipality.id).where(Municipality.code == "101"))
        db.session.remove()
    return {"status": "closed", "municipality_id": str(foreign), "municipality": "101",
            "amount": "999999", "payout_amount": "999999", "role": "admin",
            "version_id": "999", "created_by_id": str(world.other_user_id),
            "reference": "HACK-2026-1", "case_id": str(world.kobenhavn.case_id),
            "kind": "flexible_payment", "assignee_id": str(world.other_user_id),
            "submitted_at": "2020-01-01", "active": "0", "totp_enabled": "y",
            "obstacle": "other", "closed_at": "2020-01-01"}


def _post_with_extras(client, url: str, extras: dict, overrides: dict | None = None):
    """GET the form, fill it as rendered (plus `overrides`), add the extras it lacks, POST."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    form = form_for(page.get_data(as_text=True), url)
    assert form is not None, f"no form on {url}"
    data = filled(form)
    data.update({k: v if isinstance(v, list) else [v] for k, v in (overrides or {}).items()})
    own = {c["name"] for c in form["controls"]}
    added = {k: v for k, v in extras.items() if k not in own}
    assert len(added) >= 10, f"{url}: the form has most extra names as fields? {own}"
    data.update({k: [v] for k, v in added.items()})
    return client.post(url, data=data), own


@pytest.fixture
def world(app, make):
    return build_world(app, make)


@pytest.fixture
def caseworker(client, world):
    login(client, world.aarhus.caseworker_email)
    return client


def _case_row(app, case_id: int) -> dict:
    with app.app_context():
        case = db.session.get(Case, case_id)
        row = {"municipality_id": case.municipality_id, "reference": case.reference,
               "created_by_id": case.created_by_id, "obstacle": case.obstacle,
               "closed_at": case.closed_at, "persons": sorted(p.id for p in case.persons)}
        version = case.version_id
        db.session.remove()
    return row | {"_version": version}


def test_new_case_keeps_own_municipality_reference_and_author(app, caseworker, world):
    extras = _extras(app, world)
    response, _own = _post_with_extras(caseworker, "/municipality/cases/new", extras, {
        "destination_country": "SY", "kind": "ordinary",
        "planned_departure": (date.today() + timedelta(days=90)).isoformat(),
        "full_name": "Hassan Saleh", "birth_date": "1979-04-03", "nationality": "SY",
        "relation": "applicant"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    case_id = location_id(response, r"/cases/(\d+)")
    with app.app_context():
        case = db.session.get(Case, case_id)
        own = db.session.scalar(select(User).where(
            User.email == world.aarhus.caseworker_email))
        assert case.municipality.code == "751"
        assert case.reference != "HACK-2026-1"
        assert re.fullmatch(r"[A-Z0-9-]+", case.reference)
        assert case.created_by_id == own.id
        assert case.kind is CaseKind.ORDINARY
        assert case.closed_at is None
        assert case.version_id != 999
        assert [p.full_name for p in case.persons] == ["Hassan Saleh"]
        db.session.remove()


def test_editing_a_case_changes_none_of_the_protected_attributes(app, caseworker, world):
    case_id = world.aarhus.draft_case_id
    before = _case_row(app, case_id)
    response, own = _post_with_extras(caseworker, f"/municipality/cases/{case_id}/edit",
                                      _extras(app, world))
    assert response.status_code in (200, 302)
    after = _case_row(app, case_id)
    assert {k: v for k, v in after.items() if k != "_version"} == {
        k: v for k, v in before.items() if k != "_version"}
    assert after["_version"] != 999
    assert "municipality_id" not in own


def _person_row(app, person_id: int) -> dict:
    with app.app_context():
        person = db.session.get(Person, person_id)
        row = {"case_id": person.case_id, "cpr_deregistered_at": person.cpr_deregistered_at,
               "position": person.position}
        db.session.remove()
    return row


def test_adding_and_editing_a_person_stays_in_the_own_case(app, caseworker, world):
    case_id = world.aarhus.draft_case_id
    extras = _extras(app, world) | {"position": "0", "cpr_deregistered_at": "2020-01-01"}
    before_case = _case_row(app, case_id)
    response, _own = _post_with_extras(
        caseworker, f"/municipality/cases/{case_id}/persons/new", extras,
        {"full_name": "Rania Saleh", "birth_date": "2019-02-02", "nationality": "SY",
         "relation": "child"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    with app.app_context():
        added = db.session.scalar(select(Person).where(Person.full_name == "Rania Saleh"))
        assert added.case_id == case_id
        assert added.cpr_deregistered_at is None
        assert added.position != 0
        kobenhavn_persons = db.session.scalars(select(Person.full_name).join(Case).where(
            Case.id == world.kobenhavn.case_id)).all()
        assert "Rania Saleh" not in kobenhavn_persons
        db.session.remove()
    person_id = world.aarhus.spare_person_id
    before = _person_row(app, person_id)
    response, _own = _post_with_extras(
        caseworker, f"/municipality/cases/{case_id}/persons/{person_id}/edit", extras)
    assert response.status_code in (200, 302)
    assert _person_row(app, person_id) == before
    after_case = _case_row(app, case_id)
    assert after_case["municipality_id"] == before_case["municipality_id"]
    assert after_case["reference"] == before_case["reference"]


def _request_row(app, request_id: int) -> dict:
    with app.app_context():
        req = db.session.get(Request, request_id)
        row = {"status": req.status, "municipality_id": req.municipality_id,
               "case_id": req.case_id, "kind": req.kind, "created_by_id": req.created_by_id,
               "assignee_id": req.assignee_id, "submitted_at": req.submitted_at,
               "payouts": [p.payout_amount for p in req.participants]}
        version = req.version_id
        db.session.remove()
    return row | {"_version": version}


STEP_LINK = re.compile(r'href="(/municipality/requests/\d+/steps/([a-z_]+))"')


@pytest.mark.parametrize("kind", ["departure", "flexible_payment", "recon_trip"])
def test_every_wizard_step_ignores_extra_fields(app, caseworker, make, world, kind):
    case = make.case(municipality_code="751", family=True,
                     kind=CaseKind.FLEXIBLE_PAYMENT if kind == "flexible_payment"
                     else CaseKind.ORDINARY, departure=date.today() + timedelta(days=70))
    response = start_request(caseworker, case.id, kind)
    request_id = location_id(response, r"/requests/(\d+)/")
    first = response.headers["Location"]
    html = caseworker.get(first).get_data(as_text=True)
    steps = dict.fromkeys([first.split("?")[0].rsplit("/", 1)[-1]]
                          + [name for _url, name in STEP_LINK.findall(html)])
    before = _request_row(app, request_id)
    extras = _extras(app, world)
    seen = []
    for step in steps:
        url = f"/municipality/requests/{request_id}/steps/{step}"
        if caseworker.get(url).status_code != 200:
            continue
        response, _own = _post_with_extras(caseworker, url, extras)
        assert response.status_code in (200, 302), (step, response.status_code)
        seen.append((step, response.status_code))
        after = _request_row(app, request_id)
        assert {k: v for k, v in after.items() if k != "_version"} == {
            k: v for k, v in before.items() if k != "_version"}, step
        assert after["_version"] != 999
    assert before["status"] is Status.DRAFT
    assert len(seen) >= 2, seen
    print(kind, seen)


def test_admin_user_forms_ignore_extra_fields(app, client, world):
    login(client, world.admin_email)
    extras = {k: v for k, v in _extras(app, world).items() if k != "role"} | {
        "totp_secret": "AAAAAAAAAAAAAAAA", "password_hash": "x", "id": "1",
        "locale": "ar", "notify_newsletter": "y"}
    response, _own = _post_with_extras(client, "/admin/users/new", extras, {
        "name": "Ny Sagsbehandler", "email": "ny@example.dk", "role": "caseworker",
        "municipality": "751", "password": "Another-Long-Passphrase-7"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ny@example.dk"))
        assert user.municipality.code == "751"
        assert user.role is Role.CASEWORKER
        assert user.totp_secret != "AAAAAAAAAAAAAAAA"
        assert user.totp_enabled is False
        assert user.active is True
        assert user.locale != "ar"
        user_id = user.id
        db.session.remove()
    response, _own = _post_with_extras(
        client, f"/admin/users/{user_id}", extras | {"role": "admin", "email": "x@example.dk",
                                                     "name": "Renamed"},
        {"password": "Yet-Another-Passphrase-9"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.role is Role.CASEWORKER
        assert user.email == "ny@example.dk"
        assert user.name == "Ny Sagsbehandler"
        assert user.municipality.code == "751"
        assert user.active is True
        db.session.remove()

