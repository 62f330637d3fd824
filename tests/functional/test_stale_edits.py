"""Issue 18, finding 2: no lost updates. Every edit form carries the version it was built
from; a save from an older version answers 409, keeps what was typed and shows the other
person's values, and saving again from the page shown then keeps the typed values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Case,
    Contact,
    ExchangeRate,
    GuidanceItem,
    NewsletterIssue,
    Person,
    RateYear,
    Route,
)
from portal.services.information import guidance
from portal.services.reference.rates import RATE_FIELDS
from tests.conftest import VERSION_RE
from tests.newsletter_helpers import make_issue

STALE = "Another user changed this record while you were editing"
IN_30_DAYS = date.today() + timedelta(days=30)


@dataclass
class Stale:
    """One record type: who edits it, the form's page and typed values, the other change."""

    role: str
    open: Callable  # (app, make) -> (url, model, key, typed form data)
    other: dict  # attribute -> value another user saved meanwhile
    shown: str  # the other person's value as the error summary names it
    kept: str  # what the user typed, still in the form
    create: bool = False  # the other user created the record (today's exchange rate)
    extra: dict = field(default_factory=dict)


def _person(app, make):
    case = make.case()
    person = case.persons[0]
    typed = {"full_name": "Omar Haddad", "cpr": "170580-1234", "birth_date": "",
             "nationality": "SY", "passport_number": "N0000000", "passport_country": "",
             "passport_expiry": "", "relation": "applicant", "phone": "+45 11 11 11 11"}
    return (f"/municipality/cases/{case.id}/persons/{person.id}/edit", Person, person.id,
            typed)


def _case(app, make):
    case = make.case(departure=IN_30_DAYS)
    typed = {"destination_country": "SY", "kind": "ordinary",
             "planned_departure": (IN_30_DAYS + timedelta(days=7)).isoformat()}
    return f"/municipality/cases/{case.id}/edit", Case, case.id, typed


def _route(app, make):
    with app.app_context():
        route = db.session.scalar(select(Route).where(Route.destination == "Aleppo"))
        typed = {"airline": route.airline, "via": route.via, "destination": route.destination,
                 "country_code": route.country_code, "note": "Typed note", "active": "y"}
        return f"/agency/reference/routes/{route.id}", Route, route.id, typed


def _rate(app, make):
    with app.app_context():
        rates = db.session.get(RateYear, 2024)
        typed = {name: str(getattr(rates, name)) for name in RATE_FIELDS}
    typed.update(year="2024", child_departure="16300", source="LOV 414/2024")
    return "/agency/reference/rates/2024", RateYear, 2024, typed


def _exchange_rate(app, make):
    return ("/agency/reference/rates", ExchangeRate, None,
            {"currency": "USD", "units_per_eur": "1.1612"})


def _guidance(app, make):
    with app.app_context():
        guidance.load_from_toml()
        db.session.commit()
        item = db.session.scalar(select(GuidanceItem).where(GuidanceItem.key == "baggage"))
        typed = {"title_da": item.title_da, "body_da": item.body_da,
                 "title_en": "Typed title", "body_en": item.body_en,
                 "contexts": list(item.contexts), "source": item.source}
        return "/guidance/baggage/edit", GuidanceItem, item.id, typed


def _contact(app, make):
    with app.app_context():
        contact = db.session.scalar(select(Contact).where(Contact.key == "agency"))
        typed = {name: getattr(contact, name) for name in (
            "name_da", "name_en", "purpose_da", "purpose_en", "phone_label_da",
            "phone_label_en", "email", "address", "note_da", "note_en")}
        typed["phone"] = "30 65 78 41"
        return f"/admin/contacts/{contact.id}", Contact, contact.id, typed


def _newsletter_draft(app, make):
    issue_id = make_issue(app, number=4, year=2025, title="Autumn news")
    typed = {"number": "4", "year": "2025", "title": "Typed title",
             "sections-0-heading": "Status", "sections-0-body_md": "Some **news**.",
             "sections-0-position": "1"}
    return f"/newsletter/manage/{issue_id}", NewsletterIssue, issue_id, typed


RECORDS = {
    "person": Stale("caseworker", _person, {"phone": "+45 99 99 99 99"},
                    "Phone is now “+45 99 99 99 99”", 'value="+45 11 11 11 11"'),
    "case": Stale("caseworker", _case,
                  {"planned_departure": IN_30_DAYS + timedelta(days=14)},
                  "Planned departure date is now",
                  f'value="{(IN_30_DAYS + timedelta(days=7)).isoformat()}"'),
    "route": Stale("agency", _route, {"note": "Other note"}, "Note is now “Other note”",
                   'value="Typed note"'),
    "rate": Stale("agency", _rate, {"child_departure": Decimal("16500")},
                  "At departure, per child (kr) is now “16,500”", "16300"),
    "exchange_rate": Stale("agency", _exchange_rate, {"units_per_eur": Decimal("1.2")},
                           "Units per 1 EUR is now “1.2”", "1.1612", create=True),
    "guidance": Stale("agency", _guidance, {"title_en": "Other title"},
                      "Title in English is now “Other title”", 'value="Typed title"'),
    "contact": Stale("admin", _contact, {"phone": "30 65 78 49"},
                     "Phone is now “30 65 78 49”", 'value="30 65 78 41"'),
    "newsletter_draft": Stale("agency", _newsletter_draft, {"title": "Other title"},
                              "Title is now “Other title”", 'value="Typed title"'),
}


def _other_user_saves(app, model, key, values: dict) -> None:
    """Another user's save, committed while the first user's form is open."""
    with app.app_context():
        if key is None:
            db.session.add(model(currency="USD", rate_date=date.today(), **values))
        else:
            record = db.session.get(model, key)
            for name, value in values.items():
                setattr(record, name, value)
        db.session.commit()


def _stored(app, model, key, name):
    with app.app_context():
        if key is None:
            return db.session.scalar(select(getattr(model, name)).where(
                ExchangeRate.currency == "USD", ExchangeRate.rate_date == date.today()))
        return getattr(db.session.get(model, key), name)


@pytest.mark.parametrize("kind", list(RECORDS))
def test_finding_2_stale_save_answers_409_and_keeps_typed_values(kind, app, make, login_as,
                                                                 client, english):
    case = RECORDS[kind]
    login_as(case.role)
    url, model, key, typed = case.open(app, make)
    hidden = client.hidden_fields(url)  # the form as the first user opened it
    if not case.create:
        assert hidden.get("version"), "the edit form carries its version"
    _other_user_saves(app, model, key, case.other)

    response = client.post(url, data={**typed, **hidden})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert STALE in html
    assert case.shown in html
    assert case.kept in html
    for name, value in case.other.items():  # the first save is kept
        assert _stored(app, model, key, name) == value

    # The page now carries the current version: saving again keeps the typed values.
    version = VERSION_RE.search(html).group(1)
    again = client.post(url, data={**typed, "csrf_token": hidden["csrf_token"],
                                   "version": version})
    assert again.status_code == 302
    name = next(iter(case.other))
    assert _stored(app, model, key, name) != case.other[name]


def test_finding_2_stale_person_save_answers_409_and_keeps_typed_values(app, make, login_as,
                                                                        client, english):
    """The probe's case: two caseworkers on one person; the first one's phone survives."""
    login_as("caseworker")
    url, _model, person_id, typed = _person(app, make)
    first = client.hidden_fields(url)
    second = client.hidden_fields(url)
    assert client.post(url, data={**typed, **first, "phone": "+45 22 22 22 22"}
                       ).status_code == 302
    response = client.post(url, data={**typed, **second, "full_name": "Omar A. Haddad"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Phone is now “+45 22 22 22 22”" in html
    assert 'value="Omar A. Haddad"' in html
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert (person.phone, person.full_name) == ("+45 22 22 22 22", "Omar Haddad")


def test_finding_2_an_edit_form_without_its_version_is_refused(app, make, login_as, client,
                                                              english):
    login_as("caseworker")
    url, _model, person_id, typed = _person(app, make)
    token = client.hidden_fields(url)["csrf_token"]
    response = client.post(url, data={**typed, "csrf_token": token})
    assert response.status_code == 409
    assert "Phone is now “(empty)”" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Person, person_id).phone == ""
