"""The official forms as a caseworker keeps them: Danish whatever the interface language,
Danish file names with the reference and the person, no personal data in the metadata."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from flask_babel import force_locale, gettext
from sqlalchemy import select

from portal.demo import DEMO_PASSWORD
from portal.extensions import db
from portal.models import (
    Case,
    CashDeclaration,
    ChildEscortSupplement,
    ReconTrip,
    Request,
    RequestKind,
    RequestPerson,
    User,
)
from portal.pdf.field_sources import FORM_FIELDS, may_be_empty
from portal.services.filing.documents import file_slug
from tests.agency_helpers import make_request
from tests.conftest import login
from tests.filing_helpers import pdf_text

# Texts every form prints in its header, footer and labels, Danish and English.
DANISH = ("Sagsnummer:", "Side 1 af", "Hotline for kommunale medarbejdere")
ENGLISH = ("Case reference:", "Page 1 of", "Hotline for municipal staff", "Applicant",
           "Spouse", "Child and escort supplement", "Departure form")


def family_with_every_form(app, make, **kwargs):
    """A submitted flexible-payment request of a family of five, with the supplement (two
    holders of custody) and a cash declaration: every kind of form but the trip."""
    made = make_request(app, make, family=True, **kwargs)
    with app.app_context():
        req = db.session.get(Request, made.request_id)
        rami, lina = req.case.persons[0], req.case.persons[1]
        req.supplement = ChildEscortSupplement(guardians=[
            {"name": rami.full_name, "relation": "Far", "consents": True,
             "consent_date": "2026-01-05"},
            {"name": lina.full_name, "relation": "Mor", "consents": True,
             "consent_date": "2026-01-05"}],
            consent_confirmed=True)
        for person in (rami, lina):
            req.cash_declarations.append(CashDeclaration(
                person=person, owner=person.full_name, intended_recipient=person.full_name,
                amount=Decimal("12345.50"), currency="EUR", amount_eur=Decimal("12345.50"),
                rate=Decimal(1), rate_date=date.today(), origin="Hjælp til repatriering",
                intended_use="Bolig", route="København–Istanbul–Damaskus",
                means_of_transport="Fly", carrier_address="Nørrebrogade 1, 2200 København N",
                owner_address="Nørrebrogade 1, 2200 København N",
                recipient_address="Nørrebrogade 1, 2200 København N"))
        db.session.commit()
        db.session.remove()
    return made


def recon_trip_request(app, make, caseworker, agency):
    made = make_request(app, make, kind=RequestKind.RECON_TRIP, caseworker=caseworker,
                        agency=agency)
    with app.app_context():
        req = db.session.get(Request, made.request_id)
        req.recon_trip = ReconTrip(destination_country="SY", purpose="Se boligen",
                                   first_day=date(2026, 5, 1), last_day=date(2026, 5, 20),
                                   support_requested=True)
        db.session.commit()
        db.session.remove()
    return made


def document_links(client, request_id: int) -> list[str]:
    listing = client.get(f"/documents/requests/{request_id}/").get_data(as_text=True)
    return re.findall(rf'href="(/documents/requests/{request_id}/[a-z0-9-]+\.pdf)"', listing)


def test_every_form_is_danish_while_the_screens_are_english(app, client, make, english):
    family = family_with_every_form(app, make)
    trip = recon_trip_request(app, make, family.caseworker, family.agency)
    login(client, family.caseworker.email)
    listing = client.get(f"/documents/requests/{family.request_id}/").get_data(as_text=True)
    assert "Forms as PDF" in listing  # the screen follows the reader's language
    links = document_links(client, family.request_id) + document_links(client, trip.request_id)
    kinds = {re.sub(r"-\d+$", "", link.rsplit("/", 1)[1][:-4]) for link in links}
    assert kinds == {"flexible-payment", "departure", "supplement", "cash", "receipt",
                     "recon-trip"}
    for link in links:
        text = pdf_text(client.get(link).data)
        for danish in DANISH:
            assert danish in text, (link, danish)
        for english_text in ENGLISH:
            assert english_text not in text, (link, english_text)
    departure = pdf_text(client.get(f"/documents/requests/{family.request_id}/departure-1.pdf")
                         .data)
    assert "Udrejseblanket" in departure
    assert "Ansøger" in departure  # the relation, a label of the app, is Danish too
    assert "Syrien" in departure  # and the country names
    declaration = pdf_text(client.get(f"/documents/requests/{family.request_id}/cash-1.pdf")
                           .data)
    assert "12.345,50 €" in declaration  # Danish numbers, Babel's currency format
    assert "12,345.50" not in declaration


def test_file_names_spell_danish_letters_and_drop_other_accents():
    assert file_slug("Mette Ærø Holm") == "mette-aeroe-holm"
    assert file_slug("Åse Østergård") == "aase-oestergaard"
    assert file_slug("José Müller-Çelik") == "jose-muller-celik"
    assert file_slug("  Rania  AL-MASRI ") == "rania-al-masri"


def test_every_file_of_a_case_has_its_own_danish_name(app, client, make, english):
    family = family_with_every_form(app, make)
    second = make_request(app, make, kind=RequestKind.DEPARTURE, caseworker=family.caseworker,
                          agency=family.agency)
    with app.app_context():  # the second request belongs to the family's case
        req = db.session.get(Request, second.request_id)
        req.case_id = family.case_id
        req.participants = [RequestPerson(person=person, travels=True)
                            for person in db.session.get(Request, family.request_id).case.persons]
        db.session.commit()
        db.session.remove()
    login(client, family.caseworker.email)
    names = []
    for request_id in (family.request_id, second.request_id):
        for link in document_links(client, request_id):
            response = client.get(link)
            disposition = response.headers["Content-Disposition"].replace(family.reference, "REF")
            match = re.fullmatch(r'attachment; filename="(REF-[a-z0-9-]+\.pdf)"', disposition)
            assert match, disposition
            names.append(match.group(1))
    assert len(names) == len(set(names)), names  # two receipts never share a name
    assert "REF-kvittering.pdf" in names
    assert "REF-anmodning-2-kvittering.pdf" in names
    assert "REF-udrejseblanket-rami-al-hassan.pdf" in names
    assert "REF-anmodning-2-udrejseblanket-rami-al-hassan.pdf" in names
    assert "REF-toddokument-lina-al-hassan.pdf" in names
    listing = client.get(f"/documents/requests/{family.request_id}/").get_data(as_text=True)
    assert "Departure form, Nour Al-Hassan" in listing
    assert "Cash declaration, Lina Al-Hassan" in listing
    assert "person 3" not in listing
    receipt = pdf_text(client.get(f"/documents/requests/{family.request_id}/receipt.pdf").data)
    assert "Udrejseblanket, Sami Al-Hassan" in receipt
    assert f"{family.reference}-udrejseblanket-sami-al-hassan.pdf" in receipt


def _check_required_fields(app, client, request_ids) -> set[tuple[str, str]]:
    """Every labelled field of every form of these requests is filled, unless the field list
    allows it empty; returns the (form, label) pairs found."""
    with app.test_request_context(), force_locale("da"):
        danish = {form: {gettext(label): may_be_empty(form, label)
                         for label, _source, _why in fields}
                  for form, fields in FORM_FIELDS.items()}
    checked = set()
    for link in [link for request_id in request_ids
                 for link in document_links(client, request_id)]:
        form = re.sub(r"-\d+$", "", link.rsplit("/", 1)[1][:-4])
        if form not in danish:
            continue  # the flexible-payment request is a table of persons, not fields
        lines = pdf_text(client.get(link).data).splitlines()
        for number, line in enumerate(lines[:-1]):
            label = line.strip()
            if label in danish[form]:
                checked.add((form, label))
                empty = not lines[number + 1].strip()
                assert not empty or danish[form][label], (link, label)
    return checked


def test_no_labelled_field_is_empty_unless_the_field_list_allows_it(app, client, make,
                                                                    english):
    family = family_with_every_form(app, make)
    trip = recon_trip_request(app, make, family.caseworker, family.agency)
    with app.app_context():  # the wizard's answers a full household gives
        for rp in db.session.get(Request, family.request_id).participants:
            rp.address_abroad = "Damaskus, Mezzeh 4"
            rp.contact_abroad = "Ahmad Al-Hassan, +963 11 123 4567"
            rp.address_denmark = "Nørrebrogade 1, 2200 København N"
        db.session.commit()
        db.session.remove()
    login(client, family.caseworker.email)
    checked = _check_required_fields(app, client, [family.request_id, trip.request_id])
    assert {form for form, _label in checked} == {"departure", "supplement", "cash",
                                                  "recon-trip", "receipt"}
    departure = pdf_text(client.get(f"/documents/requests/{family.request_id}/departure-1.pdf")
                         .data)
    assert re.search(r"Rute\n\s*fastsættes af Hjemrejsestyrelsen", departure)
    assert re.search(r"Ankomstby eller -lufthavn\n\s*fastsættes af\s+Hjemrejsestyrelsen",
                     departure)


def test_the_demo_households_print_every_required_field(app, client):
    """What a person trying the demo prints: no required field of any form left blank."""
    assert app.test_cli_runner().invoke(args=["load-demo"]).exit_code == 0
    checked = set()
    for email in ("aarhus@demo.test", "kobenhavn@demo.test"):
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            request_ids = list(db.session.scalars(select(Request.id).join(Case).where(
                Case.municipality_id == user.municipality_id, Request.submitted_at.is_not(None))))
            db.session.remove()
        login(client, email, DEMO_PASSWORD)
        checked |= _check_required_fields(app, client, request_ids)
        client.form_post("/logout", page="/account")
    assert {form for form, _label in checked} >= {"departure", "supplement", "cash"}


def test_the_field_list_names_only_labels_the_forms_print():
    labels = {label for fields in FORM_FIELDS.values() for label, _source, _why in fields}
    sources = {source for fields in FORM_FIELDS.values() for _label, source, _why in fields}
    assert sources <= {"wizard", "case", "caseworker", "booking", "derived"}
    printed = "".join((Path(__file__).parents[2] / "portal" / "pdf" / name).read_text()
                      for name in ("blocks.py", "departure.py", "supplement.py",
                                   "cash_declaration.py", "recon_trip.py", "receipt.py"))
    for label in labels:
        assert f'N_("{label}")' in printed, label
