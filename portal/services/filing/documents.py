"""The official forms of a request as PDFs: models mapped to portal.pdf data, then rendered.

Only the case's municipality and agency staff may download them. File names are Danish, with
the case reference, the form and the person (a caseworker keeps them in the case file), never
a CPR number; the PDFs' metadata names the form and the reference only (pdf/base.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import partial, wraps

from flask import abort
from flask_babel import (
    force_locale,
    format_date,
    format_datetime,
    format_decimal,
    get_translations,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import pdf, rules
from portal.extensions import db
from portal.formatting import country_name, language_name, money
from portal.models import Attachment, Relation, Request, RequestKind, Role
from portal.pdf import data as form_data
from portal.services.accounts import access, audit
from portal.services.filing import cash
from portal.services.filing.steps import (
    departure_date,
    guardian_travels,
    household_address,
    needs_supplement,
    safe_is_minor,
    travellers,
)
from portal.services.filing.submission import attachments_for


@dataclass(frozen=True)
class Document:
    key: str
    title: str
    filename: str


#: Danish letters spelt out as Danish does without them; other accents are dropped.
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe",
                                 "Å": "aa", "ß": "ss"})

#: The Danish name of each kind of form in a file name (the key without its number).
FILE_WORDS = {
    "flexible-payment": "anmodning-om-fleksibel-udbetaling",
    "recon-trip": "anmodning-om-rekognosceringsrejse",
    "departure": "udrejseblanket",
    "supplement": "tillaegsark-boern-og-eskorte",
    "cash": "toddokument",
    "receipt": "kvittering",
    # the agency's documents (issue 17, point 5), by attachment kind
    "decision_letter": "afgoerelse",
    "e_ticket": "e-billet",
    "agency_other": "dokument-fra-hjemrejsestyrelsen",
}


def file_slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: "Mette Ærø Holm" -> "mette-aeroe-holm"."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_DANISH_LETTERS))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _file_name(req: Request, key: str, person=None) -> str:
    """R-2026-000060-udrejseblanket-rania-al-masri.pdf; a case's later requests add their
    number (anmodning-2), so two requests' receipts never share a name."""
    parts = [req.case.reference or "", *_request_number(req),
             FILE_WORDS[key.rpartition("-")[0] if key[-1].isdigit() else key]]
    if person is not None:
        parts.append(file_slug(person.full_name) or "person")
    return "-".join(part for part in parts if part)


def _request_number(req: Request) -> list[str]:
    ids = sorted(other.id for other in req.case.requests)
    number = ids.index(req.id) + 1 if req.id in ids else 1
    return [] if number == 1 else [f"anmodning-{number}"]


#: Official forms are Danish documents, whatever language the reader's screens are in.
FORM_LOCALE = "da"


def _in_danish(function):
    """The function run under the forms' locale (the reader's screens keep theirs)."""

    @wraps(function)
    def danish(*args, **kwargs):
        with force_locale(FORM_LOCALE):
            return function(*args, **kwargs)

    return danish


def formatter() -> pdf.Formatter:
    """Danish gettext, dates and money (Babel), whatever the interface language.

    The translations are looked up once: a form translates some fifty labels.
    """
    with force_locale(FORM_LOCALE):
        gettext = get_translations().ugettext
    return pdf.Formatter(
        gettext=gettext,
        format_date=_in_danish(lambda d: format_date(d, "medium")),
        format_money=_in_danish(partial(money, breakable=True)),
        format_datetime=_in_danish(lambda dt: format_datetime(dt, "short")),
        format_rate=_in_danish(lambda value: format_decimal(value, format="#,##0.######")),
    )


def request_for_pdf(user, request_id: int, action: str = "download_pdf") -> Request:
    """The request if the user is its municipality or the agency; else 404 and an audit row."""
    req = access.request_for(user, request_id, action=action)
    if user.role not in (Role.CASEWORKER, Role.AGENCY):
        audit.record("access_denied", case=req.case, detail=f"{action} request={req.id}")
        db.session.commit()  # the 404 must not roll the audit row back
        abort(404)
    return req


def documents(req: Request, *, check_rates: bool = True) -> list[Document]:
    """The PDFs this request has now.

    check_rates=False lists the flexible-payment request without reading the rates, for a
    caller that does not ask for that form (its rates are checked when it is made).
    """
    result: list[Document] = []
    names: set[str] = set()

    def add(key: str, title, person=None) -> None:
        name = stem = _file_name(req, key, person)
        copy = 1
        while name in names:  # two persons of one name: a running number
            copy += 1
            name = f"{stem}-{copy}"
        names.add(name)
        result.append(Document(key=key, title=str(title), filename=f"{name}.pdf"))

    if req.kind is RequestKind.FLEXIBLE_PAYMENT and (not check_rates or _has_rates(req)):
        add("flexible-payment", _l("Request for flexible payment"))
    if req.kind is RequestKind.RECON_TRIP:
        add("recon-trip", _l("Request for a reconnaissance trip"))
    else:
        for number, rp in enumerate(travellers(req), start=1):
            add(f"departure-{number}", _("Departure form, %(name)s", name=rp.person.full_name),
                rp.person)
        if needs_supplement(req):
            add("supplement", _l("Child/escort supplement"))
        for number, declaration in enumerate(req.cash_declarations, start=1):
            add(f"cash-{number}", _("Cash declaration, %(name)s",
                                    name=declaration.person.full_name), declaration.person)
    if req.submitted_at is not None:
        add("receipt", _l("Receipt for the submission"))
    return result


def _has_rates(req: Request) -> bool:
    try:
        cash.rates_for(departure_date(req))
    except cash.CashError:
        return False
    return True


def _person(req: Request, person, *, show_cpr: bool = True) -> form_data.PersonData:
    departure = departure_date(req)
    minor = safe_is_minor(person.birth_date, departure)
    baggage = rules.baggage_allowance_kg(person.birth_date, departure) \
        if departure >= person.birth_date else 0
    cpr = None
    if person.cpr:
        cpr = rules.parse_cpr(person.cpr).formatted if show_cpr else rules.mask_cpr(person.cpr)
    return form_data.PersonData(
        full_name=person.full_name, cpr_formatted=cpr, birth_date=person.birth_date,
        nationality_name=country_name(person.nationality),
        passport_number=person.passport_number or None,
        passport_country_name=country_name(person.passport_country) or None,
        passport_expiry=person.passport_expiry, relation_label=str(person.relation.label),
        phone=person.phone or None, is_minor=minor, baggage_kg=baggage,
        is_escort=person.relation is Relation.ESCORT)


def case_data(req: Request) -> form_data.CaseData:
    """The case block of every form; the caseworker is the request's author."""
    case = req.case
    worker = req.created_by or case.created_by
    return form_data.CaseData(
        reference=case.reference or "", municipality_code=case.municipality.code,
        municipality_name=case.municipality.name,
        caseworker_name=worker.name if worker else "",
        caseworker_email=worker.email if worker else "",
        destination_name=country_name(case.destination_country),
        kind_label=str(case.kind.label), planned_departure=case.planned_departure,
        caseworker_phone=worker.phone if worker else "")


def _departure(req: Request, number: int) -> bytes:
    people = travellers(req)
    if not 1 <= number <= len(people):
        abort(404)
    rp = people[number - 1]
    names = tuple(p.person.full_name for p in people if p is not rp)
    declared = {d.person_id for d in req.cash_declarations}
    guardians = req.supplement.guardians if req.supplement else []
    signer = " / ".join(g["name"] for g in guardians if g.get("name"))
    data = form_data.DepartureFormData(
        case=case_data(req), person=_person(req, rp.person), address_abroad=rp.address_abroad,
        address_denmark=rp.address_denmark,
        interpreter_language=language_name(rp.interpreter_language),
        contact_abroad=rp.contact_abroad, special_needs=rp.special_needs,
        route_label=req.route.label if req.route else _("to be set by the agency"),
        arrival_city=req.route.destination if req.route else _("to be set by the agency"),
        co_travellers=names,
        supplement_attached=needs_supplement(req),
        cash_declaration_attached=rp.person.id in declared, signer_name=signer)
    return pdf.render_departure_form(data, formatter())


def _supplement(req: Request) -> bytes:
    if not needs_supplement(req):
        abort(404)
    supplement = req.supplement
    departure = departure_date(req)
    minors = tuple(_person(req, rp.person) for rp in travellers(req)
                   if safe_is_minor(rp.person.birth_date, departure))
    guardians = tuple(
        form_data.GuardianData(
            name=g.get("name", ""), relation_label=g.get("relation", ""),
            consents=bool(g.get("consents")), travels=guardian_travels(req, g),
            consent_date=date.fromisoformat(g["consent_date"]) if g.get("consent_date") else None)
        for g in (supplement.guardians if supplement else []))
    escort = supplement.escort if supplement else None
    details = ""
    if supplement is not None and (supplement.escort_organisation
                                   or supplement.escort_returns_on):
        details = _("Organisation: %(org)s. Returns on: %(date)s.",
                    org=supplement.escort_organisation or "–",
                    date=format_date(supplement.escort_returns_on, "medium")
                    if supplement.escort_returns_on else "–")
    data = form_data.SupplementData(
        case=case_data(req), minors=minors, guardians=guardians,
        escort=_person(req, escort) if escort else None, escort_details=details,
        escorted=tuple(rp.person.full_name for rp in travellers(req)
                       if rp.escorted and escort is not None))
    return pdf.render_supplement(data, formatter())


def _cash(req: Request, number: int) -> bytes:
    declarations = list(req.cash_declarations)
    if not 1 <= number <= len(declarations):
        abort(404)
    d = declarations[number - 1]
    home = household_address(req)  # what the declarations step offers for a blank address
    data = form_data.CashDeclarationData(
        case=case_data(req), carrier=_person(req, d.person), owner=d.owner,
        carrier_address=d.carrier_address or home, owner_address=d.owner_address or home,
        recipient_address=d.recipient_address or home, intended_recipient=d.intended_recipient,
        amount=d.amount, currency=d.currency,
        amount_eur=d.amount_eur, rate=d.rate or 1, rate_date=d.rate_date or departure_date(req),
        cash_type=str(d.cash_type.label), origin=d.origin, intended_use=d.intended_use,
        route=d.route, means_of_transport=d.means_of_transport,
        customs_assist=d.customs_assist, customs_deadline=cash.customs_deadline(req))
    return pdf.render_cash_declaration(data, formatter())


def flexible_payment_data(req: Request) -> form_data.FlexiblePaymentData:
    departure = departure_date(req)
    choice = cash.rates_for(departure)
    amounts = cash.flexible_amounts(req, departure, choice)
    entries = []
    for rp in travellers(req):
        entries.append(form_data.FlexiblePaymentPerson(
            person=_person(req, rp.person),
            waives_regret_and_reintegration=rp.waives_regret_and_reintegration,
            releases_citizenship=rp.waives_citizenship if rp.person.danish_citizen else None,
            amount=amounts[rp.person.id]))
    kinds = {kind.value for kind in db.session.scalars(
        select(Attachment.kind).where(Attachment.request_id == req.id))}
    return form_data.FlexiblePaymentData(
        case=case_data(req), persons=tuple(entries), total=sum(amounts.values()),
        rates_year=choice.rates.year, waiver_attached="waiver" in kinds,
        rates_missing_year=choice.wanted_year if choice.fallback else None,
        in325_attached="in325" in kinds)


def _recon(req: Request) -> bytes:
    trip = req.recon_trip
    if trip is None:
        abort(404)
    data = form_data.ReconTripData(
        case=case_data(req), persons=tuple(_person(req, rp.person) for rp in travellers(req)),
        destination=country_name(trip.destination_country), purpose=trip.purpose,
        first_day=trip.first_day, last_day=trip.last_day,
        trip_days=rules.recon_trip_days(trip.first_day, trip.last_day),
        support_days=rules.recon_support_days(trip.first_day, trip.last_day),
        benefit_kept=bool(trip.benefit_kept), support_requested=trip.support_requested)
    return pdf.render_recon_trip(data, formatter())


def _receipt(req: Request) -> bytes:
    if req.submitted_at is None:
        abort(404)
    docs = [(d.title, d.filename) for d in documents(req) if d.key != "receipt"]
    docs += [(str(a.kind.label), _("%(name)s, %(size)s kB", name=a.original_name,
                                   size=max(1, a.size // 1024)))
             for a in attachments_for(req)]
    data = form_data.ReceiptData(
        case=case_data(req), submitted_at=req.submitted_at,
        request_kind_label=str(req.kind.label),
        persons=tuple(_person(req, rp.person) for rp in travellers(req)),
        documents=tuple(docs), submitted_by=req.created_by.name if req.created_by else "")
    return pdf.render_receipt(data, formatter())


def render(req: Request, key: str) -> bytes:
    """PDF bytes for one document key (404 for a key this request does not have), in Danish:
    the labels the app hands the forms (relations, countries, titles) are made in Danish too."""
    with force_locale(FORM_LOCALE):
        return _render(req, key)


def _render(req: Request, key: str) -> bytes:
    if key == "flexible-payment":
        # Listed when the request is one and the rates exist: they are read once, here.
        if req.kind is not RequestKind.FLEXIBLE_PAYMENT:
            abort(404)
        try:
            data = flexible_payment_data(req)
        except cash.CashError:
            abort(404)  # no rates for the year: the wizard says so, there is no form yet
        return pdf.render_flexible_payment(data, formatter())
    if key not in {d.key for d in documents(req, check_rates=False)}:
        abort(404)
    if key == "recon-trip":
        return _recon(req)
    if key == "supplement":
        return _supplement(req)
    if key == "receipt":
        return _receipt(req)
    name, _sep, number = key.rpartition("-")
    if name == "departure":
        return _departure(req, int(number))
    if name == "cash":
        return _cash(req, int(number))
    abort(404)


def download(user, req: Request, key: str) -> tuple[bytes, str]:
    data = render(req, key)
    audit.record("download_pdf", request_obj=req, detail=f"document={key}", user=user)
    filename = next(d.filename for d in documents(req, check_rates=False) if d.key == key)
    return data, filename


@dataclass(frozen=True)
class AttachmentFile:
    filename: str
    content_type: str


def attachment_download(user, attachment_id: int) -> tuple[AttachmentFile, bytes]:
    """An uploaded file after access.attachment_for (DRC: the waiver and IN 325 only).

    The download name is the case reference, the kind and the id: never the uploaded name,
    which may hold a person's name.
    """
    from portal.models import Case
    from portal.services.filing.uploads import EXTENSIONS

    attachment = access.attachment_for(user, attachment_id)
    case = db.session.get(Case, attachment.case_id)
    audit.record("download_attachment", case=case, detail=f"attachment={attachment.id}",
                 user=user)
    kind = attachment.kind.value
    name = f"{case.reference}-{FILE_WORDS.get(kind, kind)}-{attachment.id}"
    name += EXTENSIONS.get(attachment.content_type, "")
    return AttachmentFile(name, attachment.content_type), attachment.blob.data
